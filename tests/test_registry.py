"""Rule discovery: the pre-check that spares ``curate rules`` importlib.metadata when no plugin is installed."""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from curate.linter.registry import ENTRY_POINT_GROUP, may_declare_plugins

STANDARD_FINDERS = [importlib.machinery.BuiltinImporter, importlib.machinery.PathFinder]
PLUGIN = (
    '"""X001 always-complains: complains about every figid."""\n'
    "from curate.linter.diagnostic import Severity\nfrom curate.linter.rule import FixAvailability, Rule\n\n"
    "def check(doc, options, context):\n    yield doc.diagnostic(('figid',), 'figid is here')\n\n"
    "RULE = Rule('X001', 'always-complains', 'complains', Severity.WARNING, FixAvailability.NEVER, check)\n"
)


def _distribution(site: Path, folder: str, entry_points: str | None) -> Path:
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-rules\nVersion: 0.1\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)
    return site


def test_a_distribution_declaring_the_group_is_seen(tmp_path):
    site = _distribution(tmp_path, "extra_rules-0.1.dist-info", f"[{ENTRY_POINT_GROUP}]\nX001 = extra_rules:RULE\n")
    assert may_declare_plugins([str(site)], STANDARD_FINDERS)


@pytest.mark.parametrize("folder", ["Extra_Rules-0.1.DIST-INFO", "extra_rules.egg-info"])
def test_any_spelling_of_a_metadata_folder_is_read(tmp_path, folder):
    site = _distribution(tmp_path, folder, f"[{ENTRY_POINT_GROUP}]\nX001 = extra_rules:RULE\n")
    assert may_declare_plugins([str(site)], STANDARD_FINDERS)


def test_distributions_of_other_groups_or_none_are_no_plugins(tmp_path):
    _distribution(tmp_path, "tool-1.0.dist-info", "[console_scripts]\ntool = tool:main\n")
    _distribution(tmp_path, "quiet-1.0.dist-info", None)
    (tmp_path / "legacy-1.0.egg-info").write_text("Metadata-Version: 1.0\n")  # a one-file egg-info has no entry points
    assert not may_declare_plugins([str(tmp_path), str(tmp_path / "missing"), ""], STANDARD_FINDERS)


def test_the_working_directory_entry_is_read(tmp_path, monkeypatch):
    _distribution(tmp_path, "extra_rules-0.1.dist-info", f"[{ENTRY_POINT_GROUP}]\nX001 = extra_rules:RULE\n")
    monkeypatch.chdir(tmp_path)
    assert may_declare_plugins([""], STANDARD_FINDERS)


def test_what_it_cannot_read_as_importlib_metadata_does_leaves_the_answer_to_it(tmp_path):
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("extra_rules-0.1.dist-info/METADATA", "Name: extra-rules\n")
    assert may_declare_plugins([str(archive)], STANDARD_FINDERS)
    (tmp_path / "old.egg").mkdir()
    assert may_declare_plugins([str(tmp_path / "old.egg")], STANDARD_FINDERS)
    assert may_declare_plugins([tmp_path], STANDARD_FINDERS)  # a path object, not a str

    class DistributionFinder:
        @staticmethod
        def find_distributions(context=None):
            return iter(())

    assert may_declare_plugins([], [*STANDARD_FINDERS, DistributionFinder])


def test_a_plugin_in_a_zip_archive_is_listed_and_runs(tmp_path):
    """A path the pre-check cannot list falls back to importlib.metadata, which reads zip archives."""
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("extra_rules.py", PLUGIN)
        zipped.writestr("extra_rules-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: extra-rules\nVersion: 0.1\n")
        zipped.writestr("extra_rules-0.1.dist-info/entry_points.txt", f"[{ENTRY_POINT_GROUP}]\nX001 = extra_rules:RULE\n")
    record = tmp_path / "_figures" / "PMC1__f1.md"
    record.parent.mkdir()
    record.write_text("---\nfigid: PMC1__f1\n---\n")
    env = {**os.environ, "PYTHONPATH": str(archive)}
    rules = subprocess.run([sys.executable, "-m", "curate", "rules"], capture_output=True, text=True, env=env,
                           cwd=tmp_path)
    assert "X001  always-complains" in rules.stdout, rules.stderr
    lint = subprocess.run([sys.executable, "-m", "curate", "lint", "--format", "concise", "--no-cache", "--select",
                           "X001", str(record)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert f"{record}:2:8: X001 [warning] figid is here" in lint.stdout, lint.stderr

