"""D rules: missing, malformed and unnormalised DOIs, and year against reftext, on real records."""

from __future__ import annotations

from pathlib import Path

import pytest

from curate.linter.diagnostic import Applicability
from curate.linter.document import Document
from curate.linter.edits import apply_edits
from curate.rules.bibliographic.doi import DOI_PATTERN, missing_reason, normalize
from curate.rules.bibliographic.doi_not_normalized import RULE as D003
from curate.rules.bibliographic.malformed_doi import RULE as D002
from curate.rules.bibliographic.missing_doi import RULE as D001
from curate.rules.bibliographic.year_mismatch import RULE as D004
from curate.rules.bibliographic.year_mismatch import reftext_year

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pfocr-sample" / "_figures"
RECORD = "PMC10003241__ijms-24-04893-g003.md"  # doi: 10.3390/ijms24054893, year '2023'
DOI_LINE = "doi: 10.3390/ijms24054893"
LEGACY = "PMC100003__mb2410470011.md"
D_RULES = (D001, D002, D003, D004)


def read(name: str) -> str:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return (SAMPLE / name).read_text(encoding="utf-8")


def lint(rule, text: str) -> list:
    doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
    assert doc.ok, doc.problems
    return list(rule.check(doc, rule.options(), None))


def inject(text: str, old: str, new: str) -> tuple[str, int]:
    lines = text.split("\n")
    index = lines.index(old)
    lines[index : index + 1] = new.split("\n") if new else []
    return "\n".join(lines), index + 1


def fixed(rule, text: str) -> str:
    (found,) = lint(rule, text)
    return apply_edits(text, list(found.fix.edits))


# ----------------------------------------------------------------------------- helpers
@pytest.mark.parametrize(
    "raw,normal,removed",
    [
        ("10.3390/ijms24054893", "10.3390/ijms24054893", []),
        ("https://doi.org/10.3390/ijms24054893", "10.3390/ijms24054893", ["resolver prefix"]),
        ("http://dx.doi.org/10.3390/ijms24054893", "10.3390/ijms24054893", ["resolver prefix"]),
        ("doi.org/10.1/abc", "10.1/abc", ["resolver prefix"]),
        ("doi:10.3390/ijms24054893", "10.3390/ijms24054893", ["doi: prefix"]),
        ("DOI: 10.3390/ijms24054893", "10.3390/ijms24054893", ["doi: prefix"]),
        (" 10.3390/ijms24054893 ", "10.3390/ijms24054893", ["surrounding whitespace"]),
        ("10.3390/ijms24054893.", "10.3390/ijms24054893", ["trailing punctuation"]),
        ("10.3390/ijms24054893;,", "10.3390/ijms24054893", ["trailing punctuation"]),
        ("doi: https://doi.org/10.14218/JCTH.2022.00217.", "10.14218/JCTH.2022.00217",
         ["doi: prefix", "resolver prefix", "trailing punctuation"]),
    ],
)
def test_normalize(raw, normal, removed):
    assert normalize(raw) == (normal, removed)


@pytest.mark.parametrize(
    "doi",
    ["10.3390/ijms24054893", "10.14218/JCTH.2022.00217",
     "10.1002/(SICI)1097-4636(199606)31:2<145::AID-JBM1>3.0.CO;2-#"],
)
def test_doi_pattern_accepts(doi):
    assert DOI_PATTERN.match(doi)


@pytest.mark.parametrize(
    "doi", ["10.33/x", "10.1234567890/x", "10.3390/", "10.3390/a b", "11.3390/x", "PMC10003241", "36902324"]
)
def test_doi_pattern_rejects(doi):
    assert not DOI_PATTERN.match(doi)


def test_reftext_year():
    assert reftext_year("Oxana Lungu, et al. Int J Mol Sci. 2023 Mar;24(5):4893.") == "2023"
    assert reftext_year("Jane Roe, et al. Cells. 2021 Jul;22(13):6813.") == "2021"
    assert reftext_year("Jeonghan Kim, et al. Exp Mol Med. 2023 Mar 24 :1-10.") == "2023"
    assert reftext_year("Yehao Cong, et al. Front Immunol. 2023;14:1122057.") == "2023"
    assert reftext_year("Michael A. Kochen, et al. Curr Pathobiol Rep. ;10(2):11-22.") is None


# ----------------------------------------------------------------------------- D001
@pytest.mark.parametrize(
    "new,message",
    [
        ("doi: ''", "doi is empty"),
        ("doi: '  '", "doi is empty"),
        ("doi:", "doi is null"),
        ("doi: null", "doi is null"),
    ],
)
def test_d001_reports_an_empty_null_or_na_doi_at_the_doi(new, message):
    text, line = inject(read(RECORD), DOI_LINE, new)
    (found,) = lint(D001, text)
    assert found.message == f"{message}, expected the paper's DOI (10.<4-9 digits>/<suffix>)"
    assert found.line == line
    assert lint(D002, text) == [] and lint(D003, text) == []


@pytest.mark.parametrize("new", ["doi: .na.character", "doi: NA"])
def test_d001_leaves_an_na_doi_to_n001(new):
    """One cause, one finding: the NA sentinel is N001's (an error with a fix); D001 stays silent."""
    from curate.rules.na.na_sentinel import RULE as N001

    text, line = inject(read(RECORD), DOI_LINE, new)
    assert lint(D001, text) == []
    assert [(d.line, d.key_path) for d in lint(N001, text)] == [(line, ("doi",))]


def test_d001_leaves_an_absent_doi_to_s001_and_reports_it_in_a_legacy_record():
    from curate.rules.schema.schema_violation import RULE as S001

    text, _ = inject(read(RECORD), DOI_LINE, "")
    assert lint(D001, text) == []
    assert ["'doi'" in d.message for d in lint(S001, text)] == [True]
    legacy = read(LEGACY)
    (found,) = lint(D001, legacy)
    assert found.message.endswith("after 'year'")
    (found,) = lint(D001, legacy.replace("year: '2001'\n", ""))
    assert found.message.endswith("after 'reftext'")


def test_d001_on_the_sample_finds_the_legacy_records_only():
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    reasons = {}
    for path in sorted(SAMPLE.glob("*.md")):
        data = Document.from_path(path).data
        found = lint(D001, path.read_text(encoding="utf-8"))
        if found:
            reasons[missing_reason(data)] = reasons.get(missing_reason(data), 0) + 1
    assert reasons == {"no doi key": 18}
    assert lint(D001, read(LEGACY))[0].line == read(LEGACY).split("\n").index("year: '2001'") + 1


# ----------------------------------------------------------------------------- D002
@pytest.mark.parametrize(
    "new,fragment",
    [
        ("doi: PMC10003241", "doi 'PMC10003241' is not a DOI, expected 10.<4-9 digits>/<suffix>"),
        ("doi: '36902324'", "doi '36902324' is not a DOI"),
        ("doi: 10.33/ijms24054893", "doi '10.33/ijms24054893' is not a DOI"),
        ("doi: https://doi.org/ijms24054893", "doi 'https://doi.org/ijms24054893' is not a DOI"),
        ("doi: 10.3390/ijms 24054893", "doi '10.3390/ijms 24054893' is not a DOI"),
    ],
)
def test_d002_reports_a_malformed_doi_on_its_line(new, fragment):
    text, line = inject(read(RECORD), DOI_LINE, new)
    (found,) = lint(D002, text)
    assert fragment in found.message
    assert (found.line, found.column) == (line, 6)
    assert lint(D001, text) == [] and lint(D003, text) == []


# ----------------------------------------------------------------------------- D003
@pytest.mark.parametrize(
    "new,why",
    [
        ("doi: https://doi.org/10.3390/ijms24054893", "resolver prefix"),
        ("doi: http://dx.doi.org/10.3390/ijms24054893", "resolver prefix"),
        ("doi: 'doi:10.3390/ijms24054893'", "doi: prefix"),
        ("doi: ' 10.3390/ijms24054893 '", "surrounding whitespace"),
        ("doi: 10.3390/ijms24054893.", "trailing punctuation"),
        ("doi: '10.3390/ijms24054893;'", "trailing punctuation"),
    ],
)
def test_d003_reports_and_fixes_each_unnormalised_form(new, why):
    clean = read(RECORD)
    text, line = inject(clean, DOI_LINE, new)
    (found,) = lint(D003, text)
    assert found.line == line
    assert f"({why}), expected '10.3390/ijms24054893'" in found.message
    assert found.fix.applicability is Applicability.SAFE
    assert fixed(D003, text) == clean
    assert lint(D002, text) == [] and lint(D001, text) == []


def test_d002_leaves_a_doi_that_is_not_a_string_to_s001():
    from curate.rules.schema.schema_violation import RULE as S001

    text, line = inject(read(RECORD), DOI_LINE, "doi: 10.3390")
    assert lint(D002, text) == []
    (found,) = lint(S001, text)
    assert (found.line, found.message) == (line, "doi is a number (10.339), expected a string ('' when the value is unknown)")


# ----------------------------------------------------------------------------- D004
def test_d004_reports_year_against_reftext_and_fixes_it_unsafely():
    clean = read(RECORD)
    text, line = inject(clean, "year: '2023'", "year: '2021'")
    (found,) = lint(D004, text)
    assert (found.line, found.column) == (line, 7)
    assert found.message == "year is '2021' but reftext cites 2023, expected '2023'"
    assert found.fix.applicability is Applicability.UNSAFE
    assert fixed(D004, text) == clean
    text, _ = inject(clean, "year: '2023'", "year: 2022")
    assert fixed(D004, text) == clean


@pytest.mark.parametrize("year, severity", [("2022", "warning"), ("2024", "warning"), ("2021", "error"),
                                            ("1923", "error")])
def test_d004_is_a_warning_one_year_off_and_an_error_further(year, severity):
    """A year one off the citation's is a plausible mismatch (online first, print later): a judgement."""
    text, _ = inject(read(RECORD), "year: '2023'", f"year: '{year}'")
    (found,) = lint(D004, text)
    assert str(found.severity or D004.severity) == severity


def test_d004_reports_a_reftext_changed_under_a_right_year():
    text, line = inject(read(RECORD), "reftext: Oxana Lungu, et al. Int J Mol Sci. 2023 Mar;24(5):4893.",
                        "reftext: Oxana Lungu, et al. Int J Mol Sci. 2021 Jul;22(13):6813.")
    (found,) = lint(D004, text)
    assert found.line == line + 1  # at year, the value the fix would change


def test_d004_skips_a_reftext_without_year_and_a_malformed_year():
    assert lint(D004, read("PMC10035447__nihms-1878426-f0004.md")) == []
    text, _ = inject(read(RECORD), "year: '2023'", "year: '23'")
    assert lint(D004, text) == []


def test_no_d_rule_fires_wrongly_on_the_sample():
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    for path in sorted(SAMPLE.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for rule in (D002, D003, D004):
            assert lint(rule, text) == [], (rule.code, path.name)
