"""`curate report`: per-record fields, aggregation, the JSON aggregates and the self-contained HTML page."""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from curate_run import curate
from curate.linter.config import load_config
from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from curate.linter.document import Document
from curate.linter.registry import all_rules
from curate.linter.report.aggregate import Aggregate, organism_class
from curate.linter.report.fields import gene_cause, is_missing, record_fields, report_target, species_list
from curate.linter.report.render import render_html
from curate.linter.rule import Context, FixAvailability, Rule
from curate.linter.runner import FileResult, collect_targets, run
from curate.rules.genes.analysis import evidence

RECORD = "PMC100003__mb2410470011"  # legacy layout: keywords GNAQ, BMX, PTK2, AR, SRC, bombesin


# ---------------------------------------------------------------- fields
@pytest.mark.parametrize("pairs, cause", [
    ((("cause", "alias"), ("token", "P27"), ("meant", "CDKN1B")), ("alias", "P27")),
    ((("cause", "family"), ("token", "ERK")), ("family", "ERK")),
    ((("cause", "sidecar"),), ("sidecar", "")),  # a cause that blames no word
    ((), None),  # a rule that gives no evidence
    ((("token", "P27"),), None),
])
def test_gene_cause_reads_the_evidence_not_the_message(pairs, cause):
    # The message names another token on purpose: only the evidence counts.
    diagnostic = Diagnostic("x.md", 1, 1, 1, 1, "IFI27 shares the alias P14 with PSMD9", code="G101", evidence=pairs)
    assert gene_cause(diagnostic) == cause


def test_missing_values_and_species_lists():
    assert all(is_missing(v) for v in (None, "", "  ", ".na.character", "NA", float("nan")))
    assert not any(is_missing(v) for v in ("10.1000/x", "na", 0))
    assert species_list(None) is None
    assert species_list("Homo sapiens") == ["Homo sapiens"]
    assert species_list(["NA", " Mus musculus ", 3]) == ["Mus musculus"]


@pytest.mark.parametrize("organisms, ner, expected", [
    (["Homo sapiens"], ["Homo sapiens"], "same"),
    (["Homo sapiens", "Mus musculus"], ["Homo sapiens"], "overlap"),
    (["Homo sapiens"], ["Danio rerio"], "disjoint"),
    ([], ["Homo sapiens"], "ner-only"),
    (["Homo sapiens"], [], "organisms-only"),
    ([], [], "both-empty"),
    (["Homo sapiens"], None, "no-ner"),
    (None, ["Homo sapiens"], "no-organisms"),
])
def test_organism_classes(organisms, ner, expected):
    assert organism_class(organisms, ner) == expected


def test_record_fields_of_a_real_record(sample_dir):
    doc = Document.from_path(sample_dir / "_figures" / f"{RECORD}.md")
    fields = record_fields(doc, [])
    assert fields == {"figid": RECORD, "loaded": True, "year": "2001", "doi": False,
                      "organisms": ["Homo sapiens"], "organisms_ner": None, "genes": {}}


# ---------------------------------------------------------------- a gene rule through the real runner
def _flag_keywords(doc, options, context) -> Iterator[Diagnostic]:
    """A stand-in G rule: blames alias P27 for SRC, family ERK for BMX and PTK2, the sidecar for AR,
    and gives no evidence for GNAQ."""
    for index, keyword in enumerate(doc.get(("schema-jsonld", "keywords"), [])):
        path = ("schema-jsonld", "keywords", index)
        if keyword == "SRC":
            yield doc.diagnostic(path, f"{keyword} shares the alias P27 with PSMD9",
                                 evidence=(("cause", "alias"), ("token", "P27")))
        elif keyword in ("BMX", "PTK2"):
            yield doc.diagnostic(path, f"{keyword} matches family ERK only through an alias",
                                 evidence=(("cause", "family"), ("token", "ERK"), ("meant", "ERK")))
        elif keyword == "AR":
            yield doc.diagnostic(path, f"{keyword} has no row in the sidecar", evidence=(("cause", "sidecar"),))
        elif keyword == "GNAQ":
            yield doc.diagnostic(path, f"{keyword} shares the alias P14 with PSMD9")


FAKE_GENE_RULE = Rule("G999", "fake-gene", "test rule", Severity.WARNING, FixAvailability.NEVER, _flag_keywords)


def _aggregate(paths: list[Path], rules: tuple[Rule, ...]) -> Aggregate:
    config = load_config(paths[0], None, None, rules)
    aggregate = Aggregate(config.rules, [str(p) for p in paths])
    for result in run(collect_targets([str(p) for p in paths], config), config, Context(), jobs=1,
                      per_file=report_target):
        aggregate.add(result)
    return aggregate


def test_gene_ranking_uses_the_keyword_at_the_key_path(sample_dir, tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    for name in (RECORD, "PMC100005__mb2410575011"):
        shutil.copy(sample_dir / "_figures" / f"{name}.md", folder / f"{name}.md")
    aggregate = _aggregate([tmp_path], (FAKE_GENE_RULE,))
    assert aggregate.records == 2
    genes = {row["gene"]: row for row in aggregate.gene_rows()}
    assert genes["SRC"]["causes"] == [{"token": "P27", "kinds": ["alias"], "count": genes["SRC"]["flagged"]}]
    assert genes["BMX"]["rules"] == {"G999": genes["BMX"]["flagged"]}
    assert genes["AR"]["causes"] == [{"token": "", "kinds": ["sidecar"], "count": genes["AR"]["flagged"]}]
    assert genes["GNAQ"]["causes"] == []  # no evidence, no cause: the message is never parsed
    clusters = {row["token"]: row for row in aggregate.cause_rows()}
    assert set(clusters) == {"P27", "ERK"}  # a cause without a token is no cluster
    assert clusters["ERK"]["kinds"] == ["family"]
    assert set(clusters["ERK"]["genes"]) == {g for g in ("BMX", "PTK2") if g in genes}
    html = render_html(aggregate, tmp_path / "report.html")
    assert 'id="gene-table"' in html and "No gene diagnostics" not in html


# ---------------------------------------------------------------- the command over the sample
@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    from conftest import SAMPLE

    if not SAMPLE.is_dir():
        pytest.skip(f"sample corpus not found at {SAMPLE}")
    out = tmp_path_factory.mktemp("report")
    outcome = curate("report", "--no-cache", "--html", out / "site" / "report.html", "--format", "json",
                     "--output", out / "report.json", SAMPLE)
    assert outcome.code == 0, outcome.err
    lint = json.loads(curate("lint", "--no-cache", "--format", "json", "--exit-zero", SAMPLE).out)
    return {
        "html": (out / "site" / "report.html").read_text(encoding="utf-8"),
        "json": json.loads((out / "report.json").read_text(encoding="utf-8")),
        "lint": lint,
        "sample": SAMPLE,
        "out": out,
    }


def test_json_aggregates_agree_with_lint(sample_report):
    data, lint = sample_report["json"], sample_report["lint"]
    totals = data["totals"]
    assert totals["records"] == lint["summary"]["files"] == 90
    assert totals["records_with_problems"] == lint["summary"]["files_with_problems"]
    assert totals["diagnostics"] == lint["summary"]["diagnostics"]
    assert totals["by_severity"] == lint["summary"]["by_severity"]
    assert totals["fixable"]["total"] == lint["summary"]["fixable"]
    assert {row["code"]: row["diagnostics"] for row in data["rules"]} == lint["summary"]["by_code"]
    assert sum(row["diagnostics"] for row in data["families"]) == totals["diagnostics"]
    assert data["genes"] == {"suspects": [], "causes": []} or all(r["gene"] for r in data["genes"]["suspects"])


def test_suspect_genes_are_blamed_on_the_words_their_evidence_names(sample_report):
    suspects = sample_report["json"]["genes"]["suspects"]
    by_gene = {row["gene"]: row for row in suspects}

    def first(gene: str) -> tuple[str, list[str]]:
        cause = by_gene[gene]["causes"][0]
        return cause["token"], cause["kinds"]

    assert first("EPHB2") == ("ERK", ["family"])  # ERK is EPHB2's previous symbol; FamPlex's ERK is MAPK1, MAPK3
    assert first("H3P40") == ("p50", ["alias"])  # FamPlex's p50 is NFKB1; one finding, under its main cause
    assert first("XYLT2") == ("SOS", ["family"])
    assert first("APRT") == ("AMP", ["word"])  # a chemical
    assert all(row["causes"] and row["causes"][0]["token"] for row in suspects[:10])
    # The report's tokens and causes are exactly those of the lint run's evidence.
    evidence_of = [d["evidence"] for d in sample_report["lint"]["diagnostics"] if d["code"].startswith("G")]
    tokens = {c["token"] for row in suspects for c in row["causes"] if c["token"]}
    assert tokens == {c["token"] for c in sample_report["json"]["genes"]["causes"]}
    assert {token.upper() for token in tokens} <= {e["token"].upper() for e in evidence_of if "token" in e}
    assert {kind for row in suspects for c in row["causes"] for kind in c["kinds"]} <= set(evidence.CAUSES)
    # No plain English word from a message's wording: each token is a word OCR'd in a sidecar, a
    # symbol or alias HGNC knows, or a FamPlex family.
    words = set()
    for path in (sample_report["sample"] / "_data").glob("*-genes.tsv"):
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            words.update(text.strip(evidence.EDGE_PUNCTUATION).upper() for text in (row["word"], row["match"]))
    unknown = [token for token in tokens if token.upper() not in words and evidence.lookup(token).status == "unknown"
               and not evidence.knowledge().family_members(token)]
    assert unknown == []
    assert not tokens & {"produced", "as", "with", "of", "the", "word", "only", "alias"}
    row = re.search(r"<tr><td class=\"num\">\d+</td><td><b>EPHB2</b></td>.*?</tr>", sample_report["html"]).group(0)
    assert '<b>ERK</b> <span class="muted">family</span>' in row  # the "caused by" column


def test_doi_and_organism_aggregates_match_the_records(sample_report):
    docs = [Document.from_path(path) for path in sorted((sample_report["sample"] / "_figures").glob("*.md"))]
    missing = sum(is_missing(doc.data.get("doi")) for doc in docs)
    rows = sample_report["json"]["doi_by_year"]
    assert sum(row["missing_doi"] for row in rows) == missing
    assert sum(row["records"] for row in rows) == len(docs)
    assert [row["year"] for row in rows] == sorted(row["year"] for row in rows)
    classes = {row["class"]: row["records"] for row in sample_report["json"]["organisms"]["records"]}
    assert sum(classes.values()) == len(docs)
    assert classes["no-ner"] == sum("organisms_ner" not in doc.data for doc in docs)


class _Page(HTMLParser):
    """Collects what a self-contained page must not have and the ids it must have."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.fetches: list[str] = []
        self.anchors: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("link", "img", "iframe", "object", "embed", "source", "video", "audio") or "src" in attributes:
            self.fetches.append(f"<{tag} {attributes}>")
        if tag == "a":
            self.anchors.append(attributes.get("href", ""))
        if tag == "script":
            self.scripts.append(attributes)


def test_page_is_self_contained(sample_report):
    html = sample_report["html"]
    page = _Page()
    page.feed(html)
    assert page.fetches == []
    assert not re.search(r"url\(|@import|https?://[^\"'\s]*\.(js|css|woff2?|png|svg)\b", html)
    assert all(not script.get("src") for script in page.scripts)
    assert {"totals", "chart-rules", "chart-families", "chart-doi", "genes", "organism-table", "species-table",
            "records", "filter", "rule", "severity", "report-data"} <= page.ids
    assert "No gene diagnostics" in html or "gene-table" in page.ids
    assert "default-src 'none'" in html  # the page may not fetch anything, even by accident


def test_embedded_rows_link_records_and_figure_pages(sample_report):
    html = sample_report["html"]
    raw = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert len(data["rows"]) == 90
    assert data["figure"] == "https://pfocr.wikipathways.org/figures/{figid}.html"
    folder, name = data["folders"][data["rows"][0][0]][1], data["rows"][0][1]
    linked = (sample_report["out"] / "site" / folder / name).resolve()  # relative to the page's folder
    assert linked == (sample_report["sample"] / "_figures" / name).resolve()
    diagnostics = sum(len(row[4]) for row in data["rows"])
    assert diagnostics == sample_report["json"]["totals"]["diagnostics"]
    assert all(0 <= d[4] < len(data["messages"]) for row in data["rows"] for d in row[4])


def test_cached_run_gives_the_same_aggregates(sample_dir, tmp_path, monkeypatch):
    import curate.linter.report.fields as fields

    root = tmp_path / "corpus"
    shutil.copytree(sample_dir / "_figures", root / "_figures")
    (root / ".curate.toml").write_text("")
    first = curate("report", "--format", "json", "-q", root)
    linted, real = [], fields.check_document

    def counting(doc, config, context):
        linted.append(doc.path)
        return real(doc, config, context)

    monkeypatch.setattr(fields, "check_document", counting)
    second = curate("report", "--format", "json", "-q", root)
    assert first.code == second.code == 0
    assert linted == []  # every record's diagnostics came from the cache, its fields from the same worker step
    assert json.loads(first.out) == json.loads(second.out)


def test_usage_errors(tmp_path):
    assert curate("report", tmp_path).code == 2
    assert "--html FILE" in curate("report", tmp_path).err
    assert curate("report", "--html", tmp_path / "r.html", "--output", tmp_path / "x.json", tmp_path).code == 2
    assert curate("report", "--format", "json", tmp_path / "nope").code == 2


def test_empty_run_renders(tmp_path):
    outcome = curate("report", "--no-cache", "--html", tmp_path / "r.html", "--format", "json", tmp_path)
    assert outcome.code == 0
    assert json.loads(outcome.out)["totals"]["records"] == 0
    assert "No diagnostics." in (tmp_path / "r.html").read_text()


# ---------------------------------------------------------------- scale
def synthetic_results(count: int) -> Iterator[FileResult]:
    """Results shaped like a real corpus run, without linting (for the scale tests)."""
    fix = Fix("replace", Applicability.SAFE, (Edit(0, 1, "x"),))
    for i in range(count):
        figid = f"PMC{1000000 + i}__fig{i % 7}"
        path = f"corpus/_figures/{figid}.md"
        diagnostics = []
        if i % 3:
            diagnostics.append(Diagnostic(path, 14, 1, 14, 1, "no doi key, expected the paper's DOI", code="D001",
                                          name="missing-doi", severity=Severity.WARNING))
        if i % 5 == 0:
            diagnostics.append(Diagnostic(path, 30 + i % 9, 3, 30, 9,
                                          f"doi is the NA sentinel '.na.character' ({i % 40})",
                                          code="N001", name="na-sentinel", severity=Severity.WARNING, fix=fix,
                                          key_path=("doi",)))
        if i % 11 == 0:
            diagnostics.append(Diagnostic(path, 40, 3, 40, 9, f"IFI27 shares the alias P27 with PSMD{i % 4}",
                                          code="G101", name="ambiguous-alias", severity=Severity.ERROR,
                                          evidence=(("cause", "alias"), ("token", "P27"))))
        yield FileResult(path, diagnostics, extra={
            "figid": figid, "loaded": True, "year": str(1995 + i % 30), "doi": i % 3 == 0,
            "organisms": ["Homo sapiens"] if i % 4 else [],
            "organisms_ner": ["Homo sapiens", "Mus musculus"][: 1 + i % 2],
            "genes": {len(diagnostics) - 1: f"IFI{i % 50}"} if i % 11 == 0 else {},
        })


def test_fifty_thousand_records_aggregate_and_render_quickly():
    started = time.perf_counter()
    aggregate = Aggregate(all_rules(), ["corpus"])
    for result in synthetic_results(50_000):
        aggregate.add(result)
    html = render_html(aggregate)
    elapsed = time.perf_counter() - started
    assert aggregate.totals()["records"] == 50_000
    assert len(aggregate.messages) < 100  # each distinct message is stored once
    assert len(html) < 120 * 50_000  # a few dozen bytes per diagnostic, not a table of 50,000 rendered rows
    assert html.count("<tr") < 200  # the record table is drawn page by page in the browser
    assert elapsed < 20, f"aggregating and rendering 50,000 records took {elapsed:.1f} s"
