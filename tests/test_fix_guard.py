"""A fix keeps a record only when it reads back as exactly the intended data (issue 13, item 1).

Flow-style front matter (``{...}``) is valid YAML: a value written there must be quoted as libyaml
quotes inside a flow collection, and a fix whose result reads back differently (a key appearing,
a value changed outside its key path, an unreadable record) is refused with a true message.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from curate.linter.config import resolve
from curate.linter.diagnostic import Edit, Severity
from curate.linter.document import Document
from curate.linter.edits import fix, replace_value
from curate.linter.fixer import fix_text
from curate.linter.rule import Context, FixAvailability, Rule
from curate_run import curate

FLOW = "---\n{figid: PMC1__f1, papertitle: 'Runx2 and  Smad5, and Cooperation'}\n---\nbody\n"


def _record(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "_figures" / "PMC1__f1.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode())
    return path


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def test_whitespace_fix_in_a_flow_mapping_keeps_the_value_whole(tmp_path):
    path = _record(tmp_path, FLOW)
    outcome = curate("fix", "--no-cache", "--select", "T003", path)
    assert "Traceback" not in outcome.err
    assert path.read_text() == "---\n{figid: PMC1__f1, papertitle: 'Runx2 and Smad5, and Cooperation'}\n---\nbody\n"
    assert _front(path) == {"figid": "PMC1__f1", "papertitle": "Runx2 and Smad5, and Cooperation"}
    assert outcome.code == 0, outcome.err


def test_every_safe_fix_in_flow_front_matter_keeps_the_other_keys(tmp_path):
    text = ("---\n{figid: PMC1__f1, figtitle: 'A, B  and C', doi: 'https://doi.org/10.1000/x, y',"
            " organisms: [Homo sapiens, NA], keywords: [A, B, A], year: '2020'}\n---\n")
    path = _record(tmp_path, text)
    before = _front(path)
    curate("fix", "--no-cache", "--unsafe-fixes", path)
    after = _front(path)
    assert set(after) <= set(before)
    assert after["figtitle"] == "A, B and C"
    assert after["year"] == "2020"


# ------------------------------------------------------------------ the guard itself
def _rule(edit_for) -> Rule:
    """A plugin rule whose fix is made by ``edit_for(doc)``: the guard must not trust it."""

    def check(doc, options, context):
        yield doc.diagnostic(("papertitle",), "plugin finding", fix=fix("plugin fix", edit_for(doc)))

    return Rule("X901", "plugin-finding", "a plugin's finding", Severity.WARNING, FixAvailability.SAFE, check)


def _fix_with(rule: Rule, text: str = FLOW):
    config = resolve({}, (rule,))
    doc = Document.from_bytes("_figures/PMC1__f1.md", text.encode(), config.limits, Path("_figures/PMC1__f1.md"))
    return doc, fix_text(doc, config, Context(), unsafe=False)


def test_a_hand_made_edit_that_adds_a_key_is_refused():
    def corrupting(doc):  # block-style text inside a flow mapping: the comma starts a new key
        location = doc.locations[("papertitle",)]
        return Edit(location.key.start, location.value.end, "papertitle: Runx2 and Smad5, and Cooperation")

    doc, outcome = _fix_with(_rule(corrupting))
    assert outcome.text == doc.text
    assert outcome.fixed == {}
    assert outcome.skipped == ["X901 fix at line 2 not applied: the record would read back differently: "
                               "key 'and Cooperation' would appear"]


def test_an_edit_whose_text_differs_from_its_stated_change_is_refused():
    def lying(doc):  # says it writes one value, writes another
        honest = replace_value(doc, ("papertitle",), "Runx2 and Smad5, and Cooperation")
        lie = type(honest)(honest.start, honest.end, "papertitle: something else")
        lie.change = honest.change
        return lie

    doc, outcome = _fix_with(_rule(lying))
    assert outcome.text == doc.text
    assert outcome.skipped == ["X901 fix at line 2 not applied: the record would read back differently: "
                               "papertitle would read back as 'something else' instead of "
                               "'Runx2 and Smad5, and Cooperation'"]


def test_a_fix_that_breaks_the_record_is_refused_and_the_others_still_apply(tmp_path):
    def breaking(doc):
        location = doc.locations[("papertitle",)]
        return Edit(location.key.start, location.value.end, "papertitle: 'unclosed")

    plugin = _rule(breaking)
    config = resolve({"select": ["X901", "T003"]}, (plugin, *_builtin("T003")))
    text = "---\nfigid: PMC1__f1\nfigtitle: a  b\npapertitle: x\n---\n"
    doc = Document.from_bytes("_figures/PMC1__f1.md", text.encode(), config.limits, Path("_figures/PMC1__f1.md"))
    outcome = fix_text(doc, config, Context(), unsafe=False)
    assert outcome.text == "---\nfigid: PMC1__f1\nfigtitle: a b\npapertitle: x\n---\n"
    assert outcome.fixed == {"T003": 1}
    assert len(outcome.skipped) == 1
    assert outcome.skipped[0].startswith("X901 fix at line 4 not applied: the record would no longer read cleanly")
    assert outcome.error is None


def test_a_value_with_a_comma_in_a_flow_mapping_is_quoted_through_the_cli(tmp_path):
    path = _record(tmp_path, "---\n{figid: PMC1__f1, figtitle: 'x  y, z'}\n---\n")
    outcome = curate("fix", "--no-cache", "--select", "T003", path)
    assert path.read_text() == "---\n{figid: PMC1__f1, figtitle: 'x y, z'}\n---\n"
    assert (outcome.code, outcome.err) == (0, "Fixed 1 problem in 1 file (T003 x1).\n")


def _builtin(*codes: str) -> tuple[Rule, ...]:
    from curate.linter.registry import all_rules

    return tuple(rule for rule in all_rules() if rule.code in codes)


def test_removing_keys_from_a_flow_mapping_keeps_the_others(tmp_path):
    config = resolve({"select": ["N001"], "rules": {"na-sentinel": {"replace-with": "remove-key"}}}, _builtin("N001"))
    cases = {
        "{figid: PMC1__f1, doi: .na.character, year: '2020'}": "{figid: PMC1__f1, year: '2020'}",
        "{doi: .na.character, figid: PMC1__f1}": "{figid: PMC1__f1}",
        "{figid: PMC1__f1, doi: .na.character}": "{figid: PMC1__f1}",
        "{doi: .na.character, journal_title: NA}": "{}",
    }
    for before, after in cases.items():
        doc = Document.from_bytes("_figures/PMC1__f1.md", f"---\n{before}\n---\n".encode(), config.limits,
                                  Path("_figures/PMC1__f1.md"))
        outcome = fix_text(doc, config, Context(), unsafe=False)
        assert (outcome.text, outcome.skipped, outcome.error) == (f"---\n{after}\n---\n", [], None), before
