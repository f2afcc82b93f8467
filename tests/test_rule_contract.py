"""Every rule keeps the contract: fixture folder, documented headings, an example that triggers it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from curate_run import curate
from curate.linter.edits import dump
from curate.linter.registry import all_rules
from curate.linter.rule import DOC_HEADINGS

FIXTURES = Path(__file__).parent / "rules"
BASE = FIXTURES / "base.md"
RULES = all_rules()
EXAMPLE = re.compile(r"## Example\s*\n```(\w*)\n(.*?)```", re.DOTALL)


def test_every_fixture_folder_names_a_rule():
    names = {rule.name for rule in RULES}
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert folders <= names, f"fixture folders for no rule (misspelled?): {sorted(folders - names)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_fixtures_and_docs(rule):
    folder = FIXTURES / rule.name
    assert (folder / "bad.md").exists() or (folder / "bad.md").is_symlink(), f"{rule.code}: no {folder}/bad.md"
    assert (folder / "bad.expected").exists()
    assert (folder / "good.md").exists()
    if str(rule.fix) != "never":
        assert (folder / "fixed.md").exists(), f"{rule.code}: fixable but no fixed.md"
    assert rule.doc.lstrip().startswith(f"{rule.code} {rule.name}:"), f"{rule.code}: docstring must start with code and name"
    positions = [rule.doc.find(heading) for heading in DOC_HEADINGS]
    assert all(p >= 0 for p in positions), f"{rule.code}: docstring lacks {DOC_HEADINGS}"
    assert positions == sorted(positions), f"{rule.code}: headings out of order"
    if rule.option_defaults():
        assert "## Options" in rule.doc
        for option in rule.option_defaults():
            assert option in rule.doc, f"{rule.code}: option {option} undocumented"


@pytest.mark.parametrize("rule", [r for r in RULES if r.family != "E"], ids=lambda r: r.code)
def test_documented_example_triggers_the_rule(rule, tmp_path):
    match = EXAMPLE.search(rule.doc)
    assert match and match.group(1) == "yaml", f"{rule.code}: ## Example needs a ```yaml block"
    base = yaml.load(BASE.read_text().split("---\n")[1], Loader=yaml.CSafeLoader)
    figures = tmp_path / "_figures"
    figures.mkdir()
    (tmp_path / "_data").mkdir()
    clean = figures / f"{base['figid']}.md"
    clean.write_text("---\n" + dump(base) + "---\n")
    sidecar = tmp_path / "_data" / f"{base['figid']}-genes.tsv"
    sidecar.write_bytes((FIXTURES / "base-genes.tsv").read_bytes())
    assert curate("lint", "--format", "concise", "--no-cache", "--select", rule.code, clean).lines == []
    example_sidecar = FIXTURES / rule.name / "example-genes.tsv"  # for rules whose evidence is the sidecar
    if example_sidecar.exists():
        sidecar.write_bytes(example_sidecar.read_bytes())
    example = yaml.load(match.group(2), Loader=yaml.CSafeLoader)
    merged = _merge(base, example)
    clean.write_text("---\n" + dump(merged) + "---\n")
    lines = curate("lint", "--format", "concise", "--no-cache", "--select", rule.code, clean).lines
    assert any(f": {rule.code} " in line for line in lines), f"{rule.code}: the documented example does not trigger it"
    assert not any("internal error" in line for line in lines), lines


def _merge(base: dict, change: dict) -> dict:
    """``change`` laid over ``base``; nested mappings merge key by key."""
    merged = dict(base)
    for key, value in change.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged
