"""N001: NA sentinels found on the right line, left alone where they are real values, fixed three ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate.linter.config import ConfigError, resolve
from curate.linter.document import Document
from curate.linter.edits import apply_edits
from curate.linter.registry import all_rules
from curate.rules.na.na_sentinel import RULE as N001
from curate.rules.na.na_sentinel import Options
from curate.linter.sentinels import is_sentinel

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pfocr-sample" / "_figures"
CLEAN = "PMC10035447__nihms-1878426-f0004.md"  # current layout, only `organisms: [NA]` (the O rules'), fly keywords
NA_RECORD = "PMC3304603__kjhep-16-376-g001.md"  # five .na.character scalars, one keyword item, organisms NA
NER_NA = "PMC10034375__fphar-14-1136779-g005.md"  # organisms_ner: [NA]
FLY_NA = "PMC6365454__fnins-13-00025-g0002.md"  # keyword `na` (narrow abdomen), a gene, not a sentinel


def read(name: str) -> str:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return (SAMPLE / name).read_text(encoding="utf-8")


def lint(text: str, options: Options | None = None) -> list:
    doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
    assert doc.ok, doc.problems
    return list(N001.check(doc, options or Options(), None))


def fix_all(text: str, options: Options | None = None) -> str:
    """Apply fixes until none is left, as the fixer does (overlapping fixes wait for the next pass)."""
    for _ in range(10):
        doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
        edits = []
        for found in N001.check(doc, options or Options(), None):
            if found.fix and not any(e.start < t.end and t.start < e.end for e in found.fix.edits for t in edits):
                edits.extend(found.fix.edits)
        if not edits:
            return text
        text = apply_edits(text, edits)
    raise AssertionError("fixes do not converge")


def inject(text: str, old: str, new: str) -> tuple[str, int]:
    lines = text.split("\n")
    index = lines.index(old)
    lines[index : index + 1] = new.split("\n")
    return "\n".join(lines), index + 1


@pytest.mark.parametrize(
    "value",
    [".na.character", ".na", ".na.real", "NA", "NaN", "N/A", "NULL", "null", "None", "<NA>", "NA_character_", " NA "],
)
def test_sentinel_strings(value):
    assert is_sentinel(value)


@pytest.mark.parametrize("value", ["na", "nan", "Na", "", "NA1", "NAT1", None, 0.5, 1, [], "not available"])
def test_values_that_are_not_sentinels(value):
    assert not is_sentinel(value)


def test_yaml_nan_is_a_sentinel():
    assert is_sentinel(float("nan"))


# Each sentinel form the issue names, injected into a clean real record at a scalar or a list item.
INJECTIONS = [
    ("journal_title: Current pathobiology reports", "journal_title: .na.character", "journal_title is the NA sentinel"),
    ("journal_nlm_ta: Curr Pathobiol Rep", "journal_nlm_ta: NA", "journal_nlm_ta is the NA sentinel 'NA'"),
    ("publisher_name: ''", "publisher_name: NaN", "publisher_name is the NA sentinel 'NaN'"),
    ("doi: 10.1007/s40139-022-00230-y", "doi: 'null'", "doi is the NA sentinel 'null'"),
    ("doi: 10.1007/s40139-022-00230-y", "doi: None", "doi is the NA sentinel 'None'"),
    ("automl_pathway: 0.8945708", "automl_pathway: .nan", "automl_pathway is the NA sentinel .nan"),
    ("  - Raf", "  - NA", "schema-jsonld.keywords[4] is the NA sentinel 'NA', expected the item left out"),
    ("  - Raf", "  - .na.character", "schema-jsonld.keywords[4] is the NA sentinel '.na.character'"),
    ("- Drosophila melanogaster", "- NA", "organisms_ner[0] is the NA sentinel 'NA', expected an empty list"),
]


@pytest.mark.parametrize("old,new,fragment", INJECTIONS)
def test_each_injected_sentinel_is_reported_on_its_line(old, new, fragment):
    text, line = inject(read(CLEAN), old, new)
    (hit,) = lint(text)
    assert fragment in hit.message
    assert hit.line == line
    assert hit.column == (new.index("- ") + 3 if new.lstrip().startswith("- ") else new.index(": ") + 3)


def test_organisms_is_left_to_the_organisms_rules():
    text = read(CLEAN)
    assert "organisms:\n- NA\n" in text
    assert lint(text) == []
    assert len(lint(text, Options(skip_keys=()))) == 1


def test_na_among_species_in_organisms_ner_is_left_to_o004():
    text, _ = inject(read(CLEAN), "- Drosophila melanogaster", "- Drosophila melanogaster\n- NA")
    assert lint(text) == []


def test_organisms_ner_na_item_becomes_an_empty_list():
    text = read(NER_NA)
    (found,) = lint(text)
    assert found.message == "organisms_ner[0] is the NA sentinel 'NA', expected an empty list"
    assert found.line == text.split("\n").index("organisms_ner:") + 2
    fixed = fix_all(text)
    assert "organisms_ner: []\npmcid:" in fixed
    assert "organisms:\n- NA\n" in fixed  # organisms is not N001's
    assert Document.from_bytes("r.md", fixed.encode()).data["organisms_ner"] == []


def test_real_record_reports_every_sentinel_and_the_fix_changes_only_them():
    text = read(NA_RECORD)
    found = lint(text)
    assert [d.line for d in found] == [28, 29, 30, 31, 32, 66]
    fixed = fix_all(text)
    before, after = text.split("\n"), fixed.split("\n")
    assert len(after) == len(before) - 1
    changed = [line for line in before if line not in after]
    assert changed == ["doi: .na.character", "journal_title: .na.character", "journal_nlm_ta: .na.character",
                       "publisher_name: .na.character", "keywords: .na.character", "  - .na.character"]
    assert "doi: ''\njournal_title: ''\njournal_nlm_ta: ''\npublisher_name: ''\nkeywords: ''\n" in fixed
    assert lint(fixed) == []
    assert fix_all(fixed) == fixed


def test_remove_key_mode():
    options = Options(replace_with="remove-key")
    fixed = fix_all(read(NA_RECORD), options)
    data = Document.from_bytes("r.md", fixed.encode()).data
    assert not {"doi", "journal_title", "journal_nlm_ta", "publisher_name", "keywords"} & set(data)
    assert ".na.character" not in data["schema-jsonld"]["keywords"]
    assert "organisms_ner" not in Document.from_bytes("r.md", fix_all(read(NER_NA), options).encode()).data


def test_null_mode():
    options = Options(replace_with="null")
    (found, *_) = lint(read(NA_RECORD), options)
    assert found.message.endswith("expected null")
    fixed = fix_all(read(NA_RECORD), options)
    assert "doi: null\njournal_title: null\n" in fixed
    assert "organisms_ner: null\n" in fix_all(read(NER_NA), options)
    assert lint(fixed, options) == []


def test_nan_number_has_no_empty_fix_but_the_other_modes_fix_it():
    text, _ = inject(read(CLEAN), "automl_pathway: 0.8945708", "automl_pathway: .nan")
    (found,) = lint(text)
    assert found.fix is None
    assert "automl_pathway: null" in fix_all(text, Options(replace_with="null"))


def test_mixed_list_keeps_its_real_items():
    text, _ = inject(read(CLEAN), "  - Raf", "  - NA\n  - Raf\n  - .na.character")
    found = lint(text)
    assert len(found) == 2 and all("expected the item left out" in d.message for d in found)
    fixed = fix_all(text)
    assert fixed == read(CLEAN)


def test_drosophila_na_keyword_and_the_sample_counts():
    assert lint(read(FLY_NA).replace(": .na.character", ": ''")) == []
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    counts = {}
    for path in sorted(SAMPLE.glob("*.md")):
        for found in lint(path.read_text(encoding="utf-8")):
            key = found.message.split(" is the NA")[0].split("[")[0]
            counts[key] = counts.get(key, 0) + 1
    assert counts == {"doi": 23, "journal_title": 23, "journal_nlm_ta": 23, "publisher_name": 23, "keywords": 23,
                      "schema-jsonld.keywords": 7, "organisms_ner": 5}


def test_options_are_validated_by_the_config_loader():
    rules = all_rules()
    config = resolve({"rules": {"na-sentinel": {"replace-with": "remove-key", "skip-keys": ["organisms", "ndex"]}}},
                     rules)
    assert config.options["N001"] == Options(replace_with="remove-key", skip_keys=("organisms", "ndex"))
    with pytest.raises(ConfigError):
        resolve({"rules": {"na-sentinel": {"replace-with": "blank"}}}, rules)
    with pytest.raises(ValueError):
        Options(replace_with="blank")


def test_skip_keys_option():
    text = read(NA_RECORD)
    found = lint(text, Options(skip_keys=("organisms", "doi", "schema-jsonld")))
    assert [d.line for d in found] == [29, 30, 31, 32]
