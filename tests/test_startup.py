"""Start-up: one record is linted without loading what it does not need (issue 12).

Each check runs the real CLI in a fresh interpreter and looks at what it imported or read, not at
times, which the shared machine makes too noisy to assert."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from curate.linter import house_style
from curate.linter.registry import ENTRY_POINT_GROUP
from curate.rules.schema import layouts

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "rules" / "base.md"

# Runs the CLI, then reports the modules it imported and the snapshot blocks it inflated.
PROBE = """
import json, sys
from curate.linter.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
modules = sorted(sys.modules)  # before this probe imports the snapshot module to count its blocks
from curate.linter import knowledge
blocks = len(knowledge.load()._store._blocks) if knowledge.load.cache_info().currsize else 0
print(json.dumps({"code": code, "modules": modules, "blocks": blocks}), file=sys.stderr)
"""


def _probe(tmp_path: Path, *args: str, codes: tuple[int, ...] = (0, 1)) -> dict:
    """What the command loaded; it must have run (exit 0, or 1 for problems found) and printed something."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "CURATE_CACHE_DIR": str(tmp_path / "cache")})
    found = json.loads(done.stderr.strip().splitlines()[-1])
    assert found["code"] in codes and done.stdout.strip(), (args, found["code"], done.stdout[-500:], done.stderr[-500:])
    found["out"] = done.stdout
    return found


@pytest.fixture
def record(tmp_path):
    folder = tmp_path / "corpus" / "_figures"
    folder.mkdir(parents=True)
    path = folder / "PMC10003241__ijms-24-04893-g003.md"
    path.write_bytes(RECORD.read_bytes())
    return path


def _loaded(modules: list[str], *names: str) -> list[str]:
    return [name for name in names if name in modules]


def test_linting_one_record_loads_neither_the_fixer_nor_jsonschema_nor_http_nor_workers(tmp_path, record):
    found = _probe(tmp_path, "lint", "--no-cache", str(record))
    assert _loaded(found["modules"], "ruamel.yaml", "jsonschema", "requests") == []
    # a few records are linted in the process itself, and only --changed-since runs git
    assert _loaded(found["modules"], "multiprocessing", "subprocess", "curate.linter.gitscope") == []
    assert "curate.rules.schema._validator_current" in found["modules"]  # the shipped check, not one compiled now
    assert 0 < found["blocks"] < 300  # of about 2,800: only the blocks holding the record's genes


def test_listing_the_rules_reads_no_knowledge_and_loads_no_schema_library(tmp_path):
    found = _probe(tmp_path, "rules")
    assert found["blocks"] == 0
    checks = (f"curate.rules.schema.{module}" for module in layouts.VALIDATOR_MODULES.values())
    assert _loaded(found["modules"], "fastjsonschema", "jsonschema", "ruamel.yaml", "requests", *checks) == []


@pytest.mark.parametrize("command", [("rules",), ("explain", "G107"), ("lint", "--no-cache")])
def test_no_command_reads_the_installed_entry_points_when_no_distribution_declares_a_rule(tmp_path, record, command):
    """importlib.metadata costs about as much as a bare start: a cheap look at the distributions' files
    finds that no plugin is installed (tests/test_registry.py checks it sees one when there is)."""
    from importlib.metadata import entry_points

    assert list(entry_points(group=ENTRY_POINT_GROUP)) == []  # this environment has no plugin
    found = _probe(tmp_path, *command, *((str(record),) if command[0] == "lint" else ()))
    assert _loaded(found["modules"], "importlib.metadata") == []


@pytest.mark.parametrize("command", [("rules",), ("explain", "G107")])
def test_listing_or_explaining_rules_reads_the_generated_listing_instead_of_importing_every_rule(tmp_path, command):
    from curate.rules import _listing

    found = _probe(tmp_path, *command, codes=(0,))
    rule_modules = {row[-1] for row in _listing.RULES}
    assert "curate.rules._listing" in found["modules"]
    expected = {"curate.rules.genes.out_of_context"} if command[0] == "explain" else set()
    assert rule_modules & set(found["modules"]) == expected
    if command[0] == "rules":  # nor the rule contract and dataclasses, which cost about half a bare start
        assert _loaded(found["modules"], "curate.linter.rule", "dataclasses") == []


@pytest.mark.parametrize("command", [("--version",), ("rules",)])
def test_the_version_and_the_rule_list_load_neither_typing_nor_the_package_walker(tmp_path, command):
    """A fifth of a bare start together, on the path of the two commands that must start fastest (pathlib
    is not checked: this environment's editable install loads it before curate does)."""
    found = _probe(tmp_path, *command, codes=(0,))
    assert _loaded(found["modules"], "typing", "pkgutil") == []


@pytest.mark.parametrize("command", [("rules",), ("explain", "G107")])
def test_listing_or_explaining_rules_loads_neither_yaml_nor_the_gene_analysis(tmp_path, command):
    found = _probe(tmp_path, *command, codes=(0,))
    assert "G107" in found["out"] and "out-of-context" in found["out"]
    assert _loaded(found["modules"], "yaml", "curate.linter.document", "curate.linter.knowledge",
                   "curate.rules.genes.analysis.evidence") == []


def test_a_gene_rule_loads_the_analysis_when_it_checks_a_record(tmp_path, record):
    found = _probe(tmp_path, "lint", "--no-cache", "--select", "G107", str(record))
    assert "curate.rules.genes.analysis.evidence" in found["modules"] and found["blocks"] > 0


@pytest.mark.parametrize("name", sorted(layouts.VALIDATOR_MODULES))
def test_the_shipped_schema_checks_are_generated_from_the_schema(name):
    shipped = Path(layouts.__file__).with_name(f"{layouts.VALIDATOR_MODULES[name]}.py").read_text(encoding="utf-8")
    assert shipped == layouts.validator_source(name), "the schema changed: run `curate data build`"


def test_the_house_style_character_check_is_the_complement_of_the_allowed_characters():
    every = "".join(map(chr, range(0x110000)))
    complement = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    assert house_style._NOT_HOUSE.findall(every) == complement.findall(every)


def test_a_lint_answered_from_the_cache_loads_no_gene_analysis(tmp_path, record):
    first = _probe(tmp_path, "lint", "--format", "concise", str(record))
    again = _probe(tmp_path, "lint", "--format", "concise", str(record))
    assert again["out"] == first["out"]  # the same answer, from the cache
    assert "curate.rules.genes.analysis.evidence" in first["modules"]
    assert _loaded(again["modules"], "curate.rules.genes.analysis.evidence", "curate.rules.genes.analysis.features") == []
