"""The severity policy: README.md states each rule's class, the rules' severities follow it, explain prints it."""

from __future__ import annotations

import re
from pathlib import Path

from curate_run import curate
from curate.linter.cli import SEVERITY_CLASSES, SEVERITY_POLICY
from curate.linter.registry import all_rules

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (certain|judgement|notice) \| (error|warning|info) \| ([A-Z0-9 ]+) \|$", re.M)


def _stated() -> dict[str, tuple[str, str]]:
    """Each code's (class, severity) as README.md's policy table states it."""
    stated = {}
    for klass, severity, codes in ROW.findall(README):
        for code in codes.split():
            assert code not in stated, f"{code} is listed twice"
            stated[code] = (klass, severity)
    return stated


def test_every_rule_has_a_stated_class_and_its_severity_follows_it():
    stated = _stated()
    rules = {rule.code: rule for rule in all_rules()}
    assert set(stated) == set(rules), (sorted(set(rules) - set(stated)), sorted(set(stated) - set(rules)))
    for code, (klass, severity) in stated.items():
        assert SEVERITY_CLASSES[severity] == klass, f"README pairs {klass} with {severity}"
        assert str(rules[code].severity) == severity, f"{code} is {rules[code].severity}, stated {klass} ({severity})"


def test_readme_states_the_policy_explain_prints():
    block = README.split("<!-- severity-policy -->")[1].split("<!-- /severity-policy -->")[0]
    assert " ".join(block.split()) == SEVERITY_POLICY
    for code, klass, severity in (("N001", "certain", "error"), ("G101", "judgement", "warning"),
                                  ("G105", "notice", "info")):
        out = curate("explain", code).out
        assert f"severity: {severity} ({klass})" in out
        assert SEVERITY_POLICY in out


def test_the_issue_s_certain_defects_are_errors_and_its_judgements_warnings():
    rules = {rule.name: str(rule.severity) for rule in all_rules()}
    certain = ("na-sentinel", "malformed-doi", "markup", "mojibake", "duplicate-keyword",
               "description-caption-drift", "derived-field-mismatch", "schema-violation")
    assert {name: rules[name] for name in certain} == dict.fromkeys(certain, "error")
    judgements = [name for name, rule in ((r.name, r) for r in all_rules()) if rule.family == "G" and name != "unknown-symbol"]
    judgements += ["organisms-missing", "organisms-disagree"]
    assert {name: rules[name] for name in judgements} == dict.fromkeys(judgements, "warning")


def test_judgements_within_certain_rules_are_warnings(tmp_path):
    """O003's likely typo and T002's merely short caption are judgements; the same rules' other findings are errors."""
    base = (Path(__file__).parent / "rules" / "base.md").read_text(encoding="utf-8")
    path = tmp_path / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    path.parent.mkdir()

    def severities(text: str, code: str) -> list[str]:
        path.write_text(text, encoding="utf-8")
        lines = curate("lint", "--no-cache", "--format", "concise", "--select", code, path).lines
        return [line.split(f" {code} [")[1].split("]")[0] for line in lines]

    organisms = "organisms:\n- Homo sapiens\n"
    assert severities(base.replace(organisms, "organisms:\n- Homo sapeins\n"), "O003") == ["warning"]
    assert severities(base.replace(organisms, "organisms:\n- human\n"), "O003") == ["error"]
    caption = base[base.index("caption: "):base.index("papertitle: ")]
    assert severities(base.replace(caption, "caption: Wnt pathway\n"), "T002") == ["warning"]
    assert severities(base.replace(caption, "caption: Figure\n"), "T002") == ["error"]
