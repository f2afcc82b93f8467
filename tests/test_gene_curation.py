"""A curator's fix of the gene verdicts leaves a corpus with no new findings (issue 15, G109)."""

from __future__ import annotations

import re
import stat

from curate_run import curate

_REPORTED = re.compile(r"/_figures/([^/:]+\.md):\d+:\d+: G1\d\d \S+ suspect keyword (\S+) ")


def _g109(root) -> int:
    outcome = curate("lint", "--no-cache", "--format", "concise", "--exit-zero", "--select", "G109", root)
    return sum(1 for line in outcome.lines if " G109 " in line)


def test_removing_suspect_keywords_does_not_raise_sidecar_mismatches(sample_copy):
    for path in sample_copy.rglob("*"):  # the sample is read-only by contract; its copy must be writable
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    before = _g109(sample_copy)
    reported = _reported(sample_copy)
    keywords = {path.name: _keywords(path) for path in (sample_copy / "_figures").glob("*.md")}
    fixed = curate("fix", "--unsafe-fixes", "--no-cache", "--select", "G", sample_copy)
    report = fixed.out + fixed.err
    assert "Fixed " in report and "G101 x" in report, report
    after = _g109(sample_copy)
    assert after <= before, (before, after)
    # the fix removes only what lint reported, with a sidecar or without one (the fixer acts on the
    # first lint's findings only, so removing a keyword cannot make its neighbours go too)
    for name, old in keywords.items():
        removed = set(old) - set(_keywords(sample_copy / "_figures" / name))
        assert removed <= reported.get(name, set()), (name, removed - reported.get(name, set()))


def _reported(root) -> dict[str, set[str]]:
    outcome = curate("lint", "--no-cache", "--format", "concise", "--exit-zero", "--select", "G", root)
    found: dict[str, set[str]] = {}
    for line in outcome.lines:
        match = _REPORTED.search(line)
        if match:
            found.setdefault(match[1], set()).add(match[2])
    return found


def _keywords(path) -> list[str]:
    return re.findall(r"^  - (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
