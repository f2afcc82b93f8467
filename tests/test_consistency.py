"""C rules: identifiers broken in copies of real records are reported on their line and fixed from the ids."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from curate.linter.document import Document, RecordLoader
from curate.linter.edits import apply_edits, dump
from curate.linter.rule import Context
from curate.rules.consistency import (
    derived_field_mismatch, duplicate_keyword, empty_keywords, figid_mismatch, figlink_mismatch,
    filename_extension, filename_mismatch,
)
from curate.rules.consistency.ids import figlink_article, stem

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pfocr-sample" / "_figures"
AHR = "PMC10036442__109_2023_2289_Fig1_HTML.md"
DOTTED = "PMC10513244__pone.0291976.g007.md"  # dots in the file name, figlink without a trailing slash
NO_SLASH = "PMC6943888__40035_2019_179_Fig1_HTML.md"  # figlink without its leading slash, number 'Fig. 1'
ALL_RULES = [figid_mismatch, filename_mismatch, derived_field_mismatch, figlink_mismatch, filename_extension,
             empty_keywords, duplicate_keyword]


def read(name: str) -> str:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return (SAMPLE / name).read_text(encoding="utf-8")


def split(text: str) -> tuple[dict, str]:
    front, body = text[4:].split("\n---", 1)
    return yaml.load(front, Loader=RecordLoader), "\n---" + body


def edited(name: str, change) -> str:
    data, body = split(read(name))
    change(data)
    return "---\n" + dump(data).rstrip("\n") + body


def lint(module, text: str, file_name: str | None = None) -> list:
    figid = split(text)[0]["figid"]
    fs_path = Path("/records/_figures") / (file_name or f"{figid}.md")
    doc = Document.from_bytes(str(fs_path), text.encode("utf-8"), fs_path=fs_path)
    assert doc.ok, doc.problems
    return list(module.RULE.check(doc, module.RULE.options(), Context()))


def line_of(text: str, key: str) -> int:
    return text.count("\n", 0, text.index(f"\n{key}:") + 1) + 1


def test_every_sample_record_is_consistent_except_the_one_repeated_keyword():
    for path in sorted(SAMPLE.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = [d for module in ALL_RULES for d in lint(module, text, path.name)]
        if path.name.startswith("PMC6791490__"):
            assert [d.message.split(" repeats")[0] for d in found] == ["keyword 'TRH'"]
        else:
            assert found == [], (path.name, [d.message for d in found])


def test_figid_that_does_not_follow_from_pmcid_and_filename():
    def change(d):
        d["figid"] = "PMC10036442__109_2023_2289_Fig2_HTML"

    text = edited(AHR, change)
    (found,) = lint(figid_mismatch, text)
    assert found.line == line_of(text, "figid")
    assert found.message.endswith("expected 'PMC10036442__109_2023_2289_Fig1_HTML'")


def test_file_name_must_be_the_figid():
    text = read(AHR)
    assert lint(filename_mismatch, text) == []
    (found,) = lint(filename_mismatch, text, "PMC10036442__other.md")
    assert found.line == line_of(text, "figid")
    assert lint(filename_mismatch, text, "PMC10036442__109_2023_2289_fig1_html.md")
    yaml_doc = Document.from_bytes("x", text[4:].split("\n---")[0].encode(), fs_path=Path(f"/r/{AHR[:-3]}.yaml"))
    assert list(filename_mismatch.RULE.check(yaml_doc, None, Context())) == []


@pytest.mark.parametrize(
    "key, path, value",
    [
        ("figid_alias", ("figid_alias",), "PMC10036442__F2"),
        ("redirect_from", ("redirect_from",), "/figures/PMC10036442__F3"),
        ("  '@id'", ("schema-jsonld", "@id"), "https://pfocr.wikipathways.org/figures/PMC1__x.html"),
    ],
)
def test_derived_fields_are_reported_on_their_line_and_recomputed(key, path, value):
    def change(d):
        target = d
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    text = edited(AHR, change)
    (found,) = lint(derived_field_mismatch, text)
    assert found.line == line_of(text, key)
    assert found.fix is not None and found.fix.applicability.value == "safe"
    assert apply_edits(text, list(found.fix.edits)) == read(AHR)


def test_nothing_is_recomputed_while_the_authorities_disagree():
    def change(d):
        d["figid"] = "PMC10036442__other"
        d["figid_alias"] = "PMC10036442__F2"

    found = lint(derived_field_mismatch, edited(AHR, change))
    assert len(found) == 2  # figid_alias, and @id against the changed figid
    assert all(d.fix is None and "not fixed: figid, pmcid and filename disagree" in d.message for d in found)

    def other_article(d):
        d["figlink"] = "/pmc/articles/PMC99/figure/Fig1/"
        d["redirect_from"] = "/figures/PMC10036442__F9"

    (found,) = lint(derived_field_mismatch, edited(AHR, other_article))
    assert found.fix is None and "figlink and pmcid name different articles" in found.message


def test_a_number_that_is_no_figure_label_is_not_used_to_fix():
    def change(d):
        d["number"] = "Figure 1"

    (alias, redirect) = lint(derived_field_mismatch, edited(AHR, change))
    assert alias.fix is None and "number 'Figure 1' is not a figure label" in alias.message
    assert redirect.fix is None


def test_redirect_list_must_hold_the_alias():
    def change(d):
        d["redirect_from"] = ["/figures/PMC10036442__F1", "/figures/old"]

    assert lint(derived_field_mismatch, edited(AHR, change)) == []

    def stale(d):
        d["redirect_from"] = ["/figures/old"]

    (found,) = lint(derived_field_mismatch, edited(AHR, stale))
    assert "expected '/figures/PMC10036442__F1' among them" in found.message


def test_figlink_naming_another_article_or_none():
    def other(d):
        d["figlink"] = "/pmc/articles/PMC10036441/figure/Fig1/"

    text = edited(AHR, other)
    (found,) = lint(figlink_mismatch, text)
    assert found.line == line_of(text, "figlink")
    assert found.message == "figlink names article PMC10036441, expected pmcid PMC10036442"

    def none(d):
        d["figlink"] = "/figure/Fig1/"

    (found,) = lint(figlink_mismatch, edited(AHR, none))
    assert "names no PMC article" in found.message
    assert lint(figlink_mismatch, read(NO_SLASH)) == [] and lint(figlink_mismatch, read(DOTTED)) == []


@pytest.mark.parametrize("filename, bad", [("x.jpg", False), ("x.JPG", False), ("x.png", False), ("x.pdf", True),
                                           ("pone.0291976.g007", True), ("x.tif", False), ("x", True)])
def test_filename_extension(filename, bad):
    def change(d):
        d["filename"] = filename

    text = edited(AHR, change)
    found = lint(filename_extension, text)
    assert bool(found) == bad
    if bad:
        assert found[0].line == line_of(text, "filename")


@pytest.mark.parametrize("value", [[], None, ""])
def test_empty_keyword_list(value):
    def change(d):
        d["schema-jsonld"]["keywords"] = value

    text = edited(AHR, change)
    (found,) = lint(empty_keywords, text)
    assert found.line == line_of(text, "  keywords")


def test_repeated_keyword_is_reported_at_the_repeat_and_removed():
    def change(d):
        d["schema-jsonld"]["keywords"] = ["Tryptamine", "Indole", "KYN", "Indole", "kyn", "KYN"]

    text = edited(AHR, change)
    found = lint(duplicate_keyword, text)
    start = line_of(text, "  keywords")
    assert [(d.line - start, d.message.split(" repeats")[0]) for d in found] == [(4, "keyword 'Indole'"),
                                                                                 (6, "keyword 'KYN'")]
    fixed = apply_edits(text, [e for d in found for e in d.fix.edits])

    def deduplicated(d):
        d["schema-jsonld"]["keywords"] = ["Tryptamine", "Indole", "KYN", "kyn"]

    assert fixed == edited(AHR, deduplicated)


def test_helpers():
    assert stem("pone.0291976.g007.jpg") == "pone.0291976.g007"
    assert stem("nihpp-2023.03.03.530734v1-f0001.jpg") == "nihpp-2023.03.03.530734v1-f0001"
    assert figlink_article("pmc/articles/PMC6943888/figure/Fig1/") == "PMC6943888"
    assert figlink_article("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5/") == "PMC5"
