"""Rule discovery: the pre-check that spares importlib.metadata when no plugin is installed, and the generated listing
that spares ``curate rules`` and ``curate explain`` importing every rule."""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest

import curate.rules as rules_package
from curate.linter import registry
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


def test_distributions_of_other_groups_or_none_are_no_plugins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the "" entry is the working directory: this one
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


# ---------------------------------------------------------------- the generated listing
def test_the_shipped_listing_is_what_the_rule_modules_declare():
    shipped = Path(rules_package.__path__[0], "_listing.py").read_text(encoding="utf-8")
    assert shipped == registry.listing_source(), "a rule changed: run python tools/write_rule_listing.py"


def test_the_listing_tool_checks_the_shipped_listing():
    checked = subprocess.run([sys.executable, "tools/write_rule_listing.py", "--check"], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
    assert checked.returncode == 0 and checked.stdout.endswith("_listing.py: current\n"), checked.stdout + checked.stderr


def _family(root: Path) -> types.SimpleNamespace:
    """A rules package of one family, ``text``, holding one rule module."""
    (root / "text").mkdir()
    (root / "text" / "__init__.py").write_text("")
    (root / "text" / "rule_one.py").write_text("RULE = None\n")
    return types.SimpleNamespace(__path__=[str(root)])


def test_the_digest_covers_every_module_form_python_imports_and_any_file_name(tmp_path):
    package = _family(tmp_path)
    plain = registry.sources_digest(package)
    (tmp_path / "text" / "notes.txt").write_text("not a module")
    assert registry.sources_digest(package) == plain
    (tmp_path / "text" / "rule_two.pyc").write_bytes(b"a module without its source")  # pkgutil finds it too
    sourceless = registry.sources_digest(package)
    assert sourceless != plain
    os.rename(tmp_path / "text" / "rule_two.pyc", os.fsdecode(os.fsencode(tmp_path / "text") + b"/\xffrule.pyc"))
    assert registry.sources_digest(package) not in (plain, sourceless)  # a name that is not UTF-8 is no error


@pytest.fixture
def listing(monkeypatch):
    """The generated listing and every rule; the registry's caches are empty during the test and as before after it."""
    import functools

    every_rule = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", functools.cache(registry.all_rules.__wrapped__))
    for cached in (registry._current_listing, registry.listed_rules):
        cached.cache_clear()
    yield importlib.import_module(registry.LISTING_MODULE), every_rule
    monkeypatch.undo()
    for cached in (registry._current_listing, registry.listed_rules):
        cached.cache_clear()


def test_the_listing_lists_and_finds_every_rule_as_the_rules_themselves_say(listing):
    _, every_rule = listing
    assert registry._current_listing() is not None  # current, and this environment has no plugin
    assert registry.listed_rules() == tuple(registry.ListedRule.of(rule) for rule in every_rule)
    for rule in every_rule:
        assert registry.find_rule(rule.code.lower()) == rule and registry.find_rule(f" {rule.name.upper()} ") == rule
    assert registry.find_rule("X999") is None and registry.find_rule("no-such-rule") is None
    assert registry.all_rules.cache_info().currsize == 0  # found without loading every rule


def test_a_current_listing_is_what_listing_and_explaining_read(listing, monkeypatch):
    module, _ = listing
    moved = [("C001", "renamed-rule", "error", "never", True, "a summary", "curate.rules.consistency.figid_mismatch")]
    monkeypatch.setattr(module, "RULES", moved)
    assert [rule.name for rule in registry.listed_rules()] == ["renamed-rule"]
    assert registry.find_rule("renamed-rule").name == "figid-mismatch"  # the module it names is imported for the rule


def test_a_listing_written_from_other_sources_is_not_read(listing, monkeypatch):
    module, every_rule = listing
    monkeypatch.setattr(module, "RULES", [("C001", "renamed-rule", "error", "never", True, "x", "no.such.module")])
    monkeypatch.setattr(module, "DIGEST", "0-00000000")
    assert registry.listed_rules() == tuple(registry.ListedRule.of(rule) for rule in every_rule)
    assert registry.find_rule("renamed-rule") is None and registry.find_rule("C001").name == "figid-mismatch"


def test_a_listing_is_not_read_when_a_plugin_may_add_rules(listing, monkeypatch):
    module, _ = listing
    monkeypatch.setattr(module, "RULES", [("C001", "renamed-rule", "error", "never", True, "x", "no.such.module")])
    monkeypatch.setattr(registry, "may_declare_plugins", lambda path, meta_path: True)
    assert "renamed-rule" not in {rule.name for rule in registry.listed_rules()}
    assert registry.find_rule("renamed-rule") is None


def test_editing_adding_or_renaming_a_rule_module_changes_the_digest(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(rules_package.__path__[0], copy, ignore=shutil.ignore_patterns("__pycache__"))
    package = types.SimpleNamespace(__path__=[str(copy)])
    digest = registry.sources_digest(package)
    assert digest == registry.sources_digest(rules_package)
    mojibake = copy / "text" / "mojibake.py"
    mojibake.write_text(mojibake.read_text().replace('summary="UTF-8', 'summary="Some UTF-8'))
    edited = registry.sources_digest(package)
    (copy / "text" / "new_rule.py").write_text("")
    added = registry.sources_digest(package)
    (copy / "text" / "new_rule.py").rename(copy / "text" / "other_rule.py")
    assert len({digest, edited, added, registry.sources_digest(package)}) == 4
