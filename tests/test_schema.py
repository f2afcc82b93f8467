"""S rules: the figure schema, the legacy layout, and S001's errors at the right place."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from curate.linter.document import Document
from curate.rules.schema import layouts
from curate.rules.schema.legacy_layout import RULE as S002
from curate.rules.schema.schema_violation import RULE as S001
from curate.rules.schema.schema_violation import Options

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample" / "_figures"
SCHEMA_PATH = ROOT / "schemas" / "figure.schema.json"
CURRENT = "PMC10035447__nihms-1878426-f0004.md"
LEGACY = "PMC100003__mb2410470011.md"
OLDEST = "PMC6943888__40035_2019_179_Fig1_HTML.md"  # no figid_alias, 'Fig. 1', figlink without slash


def sample_records() -> list[Path]:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return sorted(SAMPLE.glob("*.md"))


def read(name: str) -> str:
    sample_records()
    return (SAMPLE / name).read_text(encoding="utf-8")


def lint(rule, text: str, options=None) -> list:
    doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
    assert doc.ok, doc.problems
    return list(rule.check(doc, options or rule.options(), None))


def inject(text: str, old: str, new: str) -> tuple[str, int]:
    """Replace the first whole line ``old`` with ``new``; return the text and the line where it lands."""
    lines = text.split("\n")
    index = lines.index(old)
    lines[index : index + 1] = new.split("\n") if new else []
    return "\n".join(lines), index + 1


# ----------------------------------------------------------------------------- the schema itself
def test_schema_is_valid_against_the_2020_12_metaschema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator.check_schema(layouts.layout(layouts.LEGACY_2020).schema)


def test_schema_loads_as_package_data():
    assert layouts.figure_schema() == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_schema_avoids_ref_siblings_so_draft7_validators_agree():
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                assert set(node) == {"$ref"}, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in layouts.figure_schema().items() if k != "$ref"})


def test_every_sample_record_fits_its_layout_with_both_validators():
    current = jsonschema.Draft202012Validator(layouts.figure_schema())
    for path in sample_records():
        data = Document.from_path(path).data
        name = layouts.layout_of(data)
        layouts.fast_validator(name)(data)
        assert not list(layouts.detailed_validator(name).iter_errors(data)), path.name
        if name == layouts.LEGACY_2020:
            assert list(current.iter_errors(data)), f"{path.name}: a legacy record passes the current schema"


def test_usable_by_check_jsonschema(tmp_path):
    cli = pytest.importorskip("check_jsonschema.cli.main_command")
    from click.testing import CliRunner

    good = Document.from_path(sample_records()[2]).data
    record = tmp_path / "record.json"
    record.write_text(json.dumps(good))
    result = CliRunner().invoke(cli.main, ["--schemafile", str(SCHEMA_PATH), str(record)])
    assert result.exit_code == 0, result.output
    record.write_text(json.dumps({**good, "year": 2023}))
    assert CliRunner().invoke(cli.main, ["--schemafile", str(SCHEMA_PATH), str(record)]).exit_code == 1


# ----------------------------------------------------------------------------- S001 on the sample
def test_s001_is_silent_on_every_sample_record():
    for path in sample_records():
        assert lint(S001, path.read_text(encoding="utf-8")) == [], path.name


# Each defect the issue names, injected into a copy of a real current record: (old line, new line(s),
# where the report lands: an offset from the injected line or the start of the line it anchors to,
# message fragment).
CURRENT_DEFECTS = [
    ("pmcid: PMC10035447", "pmcid: '10035447'", 0, "pmcid is '10035447', expected a PubMed Central id"),
    ("figid: PMC10035447__nihms-1878426-f0004", "figid: nihms-1878426-f0004", 0, "figid is 'nihms-1878426-f0004'"),
    ("year: '2023'", "year: 2023", 0, "year is an integer (2023), expected the publication year as a quoted"),
    ("year: '2023'", "year: '23'", 0, "year is '23'"),
    ("automl_pathway: 0.8945708", "automl_pathway: 1.8945708", 0, "automl_pathway is 1.8945708, expected a classifier"),
    ("automl_pathway: 0.8945708", "automl_pathway: '0.89'", 0, "automl_pathway is a string ('0.89')"),
    ("figtype: Figure", "figtype: Chart", 0, "figtype is 'Chart', expected one of the figure types"),
    ("number: F4", "number: Figure 4", 0, "number is 'Figure 4'"),
    ("figlink: /pmc/articles/PMC10035447/figure/F4/", "figlink: pmc/articles/PMC10035447/figure/F4/", 0, "figlink is"),
    ("ndex: ''", "ndex: 'not-a-uuid'", 0, "ndex is 'not-a-uuid', expected an NDEx network UUID"),
    ("seo: CreativeWork", "seo: Article", 0, "seo is 'Article', expected the constant CreativeWork"),
    ("organisms:", "organisms: Drosophila melanogaster\nx_organisms:", 0, "organisms is a string"),
    ("  license: CC0", "  license: CC-BY", 0, "schema-jsonld.license is 'CC-BY', expected the constant CC0"),
    ("  '@type': Dataset", "  '@type': Thing", 0, "schema-jsonld.@type is 'Thing'"),
    ("    name: WikiPathways", "    name: PFOCR", 0, "schema-jsonld.creator.name is 'PFOCR'"),
    ("  - Raf", "  - 42", 0, "schema-jsonld.keywords[4] is an integer (42), expected a string"),
    ("  - Raf", "  - ''", 0, "schema-jsonld.keywords[4] is empty"),
    ("ndex: ''", "ndex: ''\nnotes: checked", 1, "unexpected key 'notes', not part of the current layout"),
    ("  license: CC0", "  license: CC0\n  url: https://example.org", 1, "unexpected key 'url' in schema-jsonld"),
    ("figid_alias: PMC10035447__F4", "", -1, "missing key 'figid_alias' (expected after 'automl_pathway')"),
    ("  license: CC0", "", "  description:", "missing key 'license' in schema-jsonld (expected after 'description')"),
    ("figid: PMC10035447__nihms-1878426-f0004", "", 0, "missing key 'figid' (expected before 'figtitle')"),
]


@pytest.mark.parametrize("old,new,offset,fragment", CURRENT_DEFECTS)
def test_s001_reports_each_injected_defect_on_its_line(old, new, offset, fragment):
    text, line = inject(read(CURRENT), old, new)
    if old == "organisms:":  # the list items would follow under a new key; drop them with it
        text = text.replace("x_organisms:\n- Drosophila melanogaster\n", "")
    found = lint(S001, text)
    assert [d.message for d in found if fragment in d.message], [d.message for d in found]
    hit = next(d for d in found if fragment in d.message)
    if isinstance(offset, str):
        line, offset = next(n for n, text_line in enumerate(text.split("\n"), 1) if text_line.startswith(offset)), 0
    assert hit.line == line + offset
    assert hit.line > 1


def test_s001_points_at_the_value_for_value_errors_and_at_the_key_for_key_errors():
    text, line = inject(read(CURRENT), "year: '2023'", "year: 2023")
    (found,) = lint(S001, text)
    assert (found.line, found.column) == (line, 7)
    text, line = inject(read(CURRENT), "ndex: ''", "ndex: ''\nnotes: checked")
    (found,) = lint(S001, text)
    assert (found.line, found.column) == (line + 1, 1)


def test_s001_accepts_the_wpid_extra_key_and_rejects_a_malformed_one():
    text = read(CURRENT).replace("  - rl\n---", "  - rl\nwpid: WP4538\n---")
    assert "wpid" in text
    assert lint(S001, text) == []
    (found,) = lint(S001, text.replace("wpid: WP4538", "wpid: '4538'"))
    assert found.message.startswith("wpid is '4538', expected a WikiPathways id")


def test_s001_lists_the_most_relevant_errors_first_and_caps_them():
    text = read(CURRENT)
    for old, new in (("year: '2023'", "year: 2023"), ("seo: CreativeWork", "seo: Article"),
                     ("  license: CC0", "  license: CC-BY"), ("ndex: ''", "ndex: ''\nnotes: x")):
        text, _ = inject(text, old, new)
    found = lint(S001, text)
    assert len(found) == 4
    assert found[-1].message.startswith("schema-jsonld.license")  # the deepest comes last
    capped = lint(S001, text, Options(max_errors=2))
    assert len(capped) == 2
    assert capped[-1].message.endswith("(2 more schema errors not shown)")
    with pytest.raises(ValueError):
        Options(max_errors=0)


def test_s001_reports_a_non_string_key_at_its_line():
    text, line = inject(read(CURRENT), "ndex: ''", "ndex: ''\n2023: x")
    (found,) = lint(S001, text)
    assert found.line == line + 1
    assert "unexpected key 2023" in found.message


# ----------------------------------------------------------------------------- S002 and legacy records
def test_s002_reports_exactly_the_legacy_records_of_the_sample():
    legacy = []
    for path in sample_records():
        found = lint(S002, path.read_text(encoding="utf-8"))
        assert len(found) <= 1
        if found:
            legacy.append(path.name)
            assert "pathway_score" in Document.from_path(path).data
    assert len(legacy) == 18
    assert LEGACY in legacy and OLDEST in legacy


def test_s002_names_every_difference_once_at_the_first_signature_key():
    text = read(OLDEST)
    (found,) = lint(S002, text)
    assert found.line == text.split("\n").index("pmc_ranked_result_index: '35051'") + 1
    assert found.column == 1
    signature = "pmc_ranked_result_index, pathway_score, annotations, genes, chemicals, diseases"
    for part in ("legacy 2020 layout", signature, "number is 'Fig. 1'", "figlink lacks its leading slash",
                 "figid_alias, figtype, redirect_from"):
        assert part in found.message
    assert lint(S001, text) == []


LEGACY_TRAITS = [
    ("organisms: Homo sapiens", "organisms: Homo sapiens, Mus musculus", "organisms is a comma-joined string"),
    ("number: F11", "number: Figure 11", "number is 'Figure 11'"),
    ("figlink: /pmc/articles/PMC100003/figure/F11/", "figlink: pmc/articles/PMC100003/figure/F11/",
     "figlink lacks its leading slash"),
    ("figid_alias: PMC100003__F11", "", "lacks organisms_ner, doi, journal_title, journal_nlm_ta, publisher_name, "
     "keywords, automl_pathway, figid_alias"),
]


@pytest.mark.parametrize("old,new,fragment", LEGACY_TRAITS)
def test_legacy_traits_are_one_s002_diagnostic_and_no_s001_errors(old, new, fragment):
    text, _ = inject(read(LEGACY), old, new)
    (found,) = lint(S002, text)
    assert fragment in found.message
    assert found.line == text.split("\n").index("pmc_ranked_result_index: '14449'") + 1
    assert lint(S001, text) == []


def test_a_legacy_record_still_gets_s001_for_what_no_layout_allows():
    text, line = inject(read(LEGACY), "pmcid: PMC100003", "pmcid: 100003")
    (found,) = lint(S001, text)
    assert found.line == line and found.message.startswith("pmcid is an integer (100003)")
    text, line = inject(read(LEGACY), "  entrez: '2776'", "  entrez: GNAQ")
    (found,) = lint(S001, text)
    assert found.line == line and "genes[0].entrez 'GNAQ' does not match" in found.message


def test_a_signature_key_alone_makes_a_current_record_legacy():
    text = read(CURRENT).replace("automl_pathway: 0.8945708\n", "automl_pathway: 0.8945708\npathway_score: 0.5\n")
    (found,) = lint(S002, text)
    assert found.message.endswith("expected the current one: has pathway_score")
    assert lint(S001, text) == []
    assert lint(S002, read(CURRENT)) == []


# ----------------------------------------------------------------------------- one cause, one finding
def test_a_bad_number_is_one_finding_with_the_ids_built_from_it():
    text = read(CURRENT)
    for old, new in (("number: F4", "number: F1B"), ("figid_alias: PMC10035447__F4", "figid_alias: PMC10035447__F1B"),
                     ("redirect_from: /figures/PMC10035447__F4", "redirect_from: /figures/PMC10035447__F1B")):
        text, _ = inject(text, old, new)
    (found,) = lint(S001, text)
    assert found.key_path == ("number",) and found.line == 11
    assert found.message.endswith("; figid_alias and redirect_from, built from it, break their patterns too")
    # an alias that does not follow from the number is a cause of its own
    text, _ = inject(text, "figid_alias: PMC10035447__F1B", "figid_alias: PMC10035447__X")
    assert [d.key_path for d in lint(S001, text)] == [("number",), ("figid_alias",)]


def test_keys_missing_from_one_mapping_are_one_finding():
    text = read(CURRENT)
    for line in ("pmcid: PMC10035447", "number: F4", "year: '2023'", "doi: 10.1007/s40139-022-00230-y",
                 "figtype: Figure"):
        text, _ = inject(text, line, "")
    (found,) = lint(S001, text)
    assert found.message == ("missing keys 'pmcid', 'number', 'year', 'doi', 'figtype' "
                             "('pmcid' expected after 'organisms_ner')")
    assert found.line == text.split("\n").index("organisms_ner:") + 1
