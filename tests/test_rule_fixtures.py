"""The golden-fixture driver: one folder per rule under tests/rules/<rule-name>/.

A folder holds ``bad.md`` with ``bad.expected`` (the rule's diagnostics in ``--format concise``),
``good.md`` (no diagnostics from the rule), ``fixed.md`` for fixable rules, and optionally
``config.toml``, ``<case>-genes.tsv`` (a sidecar) and ``<case>.path`` (where the copy is placed,
relative to a temporary root; by default ``_figures/<figid>.md``). ``bad.expected`` leaves out the
severity tag of the concise lines (``[error]``): a rule's severity is its class in the severity policy,
checked by tests/test_gate_severity.py, not a fixture's business. Run pytest with
``--update-golden`` to rewrite ``bad.expected`` and ``fixed.md`` from the current output.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from curate_run import curate
from curate.linter.document import Document
from curate.linter.registry import all_rules
from curate.linter.rule import FixAvailability

FIXTURES = Path(__file__).parent / "rules"
SEVERITY_TAG = re.compile(r"(?<=: [A-Z][0-9]{3}) \[(?:error|warning|info)\]")
RULES = {rule.name: rule for rule in all_rules()}


def _place(folder: Path, case: str, root: Path) -> Path:
    """Copy ``<case>.md`` (and its sidecar) into ``root`` the way records live in a repository."""
    source = folder / f"{case}.md"
    placement = folder / f"{case}.path"
    if placement.exists():
        relative = placement.read_text().strip()
    else:
        doc = Document.from_path(source) if not source.is_symlink() else None
        relative = f"_figures/{doc.figid if doc and doc.loaded else case}.md"
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    else:
        shutil.copyfile(source, target)
    sidecar = folder / f"{case}-genes.tsv"
    if sidecar.exists():
        (root / "_data").mkdir(exist_ok=True)
        shutil.copyfile(sidecar, root / "_data" / f"{target.stem}-genes.tsv")
    return target


def _config_args(folder: Path) -> list[str]:
    config = folder / "config.toml"
    return ["--config", str(config)] if config.exists() else []


def _lint(folder: Path, case: str, rule, root: Path) -> tuple[Path, list[str]]:
    target = _place(folder, case, root)
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", rule.code, *_config_args(folder), target)
    assert outcome.code in (0, 1), outcome.err
    assert "Traceback" not in outcome.err
    return target, [SEVERITY_TAG.sub("", line.replace(str(target), f"{case}.md"), count=1) for line in outcome.lines]


def _fix(folder: Path, target: Path, rule) -> str:
    unsafe = ["--unsafe-fixes"] if rule.fix is FixAvailability.UNSAFE else []
    outcome = curate("fix", "--format", "concise", "--no-cache", "--select", rule.code, *unsafe,
                     *_config_args(folder), target)
    assert outcome.code in (0, 1), outcome.err
    assert "error:" not in outcome.err, outcome.err
    return target.read_bytes().decode("utf-8")


def _folders() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name in RULES) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("name", _folders())
def test_bad_case_reports_expected_diagnostics(name, tmp_path, update_golden):
    folder, rule = FIXTURES / name, RULES[name]
    _, lines = _lint(folder, "bad", rule, tmp_path)
    expected_file = folder / "bad.expected"
    if update_golden:
        expected_file.write_text("".join(line + "\n" for line in lines))
    assert lines, f"{name}: bad.md triggers nothing"
    assert lines == expected_file.read_text().splitlines()
    assert all(f" {rule.code} " in line for line in lines)


@pytest.mark.parametrize("name", _folders())
def test_good_case_is_clean_and_fix_is_a_no_op(name, tmp_path):
    folder, rule = FIXTURES / name, RULES[name]
    if not (folder / "good.md").exists():
        pytest.fail(f"{name}: no good.md")
    target, lines = _lint(folder, "good", rule, tmp_path)
    assert lines == []
    before = target.read_bytes()
    if rule.fix is not FixAvailability.NEVER:
        _fix(folder, target, rule)
        assert target.read_bytes() == before


@pytest.mark.parametrize("name", [n for n in _folders() if RULES[n].fix is not FixAvailability.NEVER])
def test_fixed_case_matches_and_is_idempotent(name, tmp_path, update_golden):
    folder, rule = FIXTURES / name, RULES[name]
    target = _place(folder, "bad", tmp_path)
    fixed = _fix(folder, target, rule)
    fixed_file = folder / "fixed.md"
    if update_golden:
        fixed_file.write_bytes(fixed.encode("utf-8"))
    assert fixed == fixed_file.read_bytes().decode("utf-8")
    assert fixed != (folder / "bad.md").read_bytes().decode("utf-8"), "the fix changed nothing"
    outcome = curate("lint", "--format", "json", "--no-cache", "--select", rule.code, *_config_args(folder), target)
    import json

    remaining = json.loads(outcome.out)["diagnostics"]
    assert not [d for d in remaining if d["fix"]], "fixable diagnostics remain after fixing"
    assert _fix(folder, target, rule) == fixed, "fixing twice changed the file again"
