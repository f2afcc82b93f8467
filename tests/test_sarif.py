"""Machine-readable reports: SARIF validated against the SARIF 2.1.0 JSON Schema, github annotations, JUnit XML.

The schema is the OASIS one (tests/data/sarif-schema-2.1.0.json, origin in tests/data/README.md), the
same check ``validate-sarif`` tools and GitHub's upload-sarif apply before accepting a file.
"""

from __future__ import annotations

import json
from urllib.parse import unquote
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from curate_run import curate

DATA = Path(__file__).parent / "data"
BASE = (Path(__file__).parent / "rules" / "base.md").read_text(encoding="utf-8")
SAMPLE_RECORDS = 12  # a slice of the sample corpus, enough to have every family of diagnostic


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Sample records, a record with defects worth escaping, and unreadable input; named as in a records repo."""
    root = tmp_path_factory.mktemp("reports")
    sample = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pfocr-sample"
    figures, data = root / "_figures", root / "_data"
    figures.mkdir()
    data.mkdir()
    if sample.is_dir():
        for record in sorted((sample / "_figures").glob("*.md"))[:SAMPLE_RECORDS]:
            shutil.copy(record, figures / record.name)
            sidecar = sample / "_data" / f"{record.stem}-genes.tsv"
            if sidecar.exists():
                shutil.copy(sidecar, data / sidecar.name)
    odd = BASE.replace("doi: 10.3390/ijms24054893", "doi: 'https://doi.org/10.3390/ijms24054893 '")
    odd = odd.replace("keywords: osteoblasts | metabolism", "keywords: .na.character")
    (figures / "PMC10003241__ijms-24-04893-g003,100%.md").write_text(odd, encoding="utf-8")
    (figures / "PMC1__broken.md").write_bytes(b"---\nfigid: PMC1__broken\ncaption: 'open\n---\n")
    (figures / "PMC2__latin1.md").write_bytes(b"---\nfigid: PMC2__latin1\nfigtitle: caf\xe9\n---\n")
    (figures / "PMC3__empty.md").write_bytes(b"")
    return root


def _json_report(root: Path) -> list[dict]:
    outcome = curate("lint", "--no-cache", "--format", "json", ".", cwd=root)
    assert outcome.code in (0, 1), outcome.err
    return json.loads(outcome.out)["diagnostics"]


def test_sarif_validates_against_the_sarif_2_1_0_schema(records, sarif_validator):
    outcome = curate("lint", "--no-cache", "--format", "sarif", ".", cwd=records)
    assert outcome.code in (0, 1), outcome.err
    log = json.loads(outcome.out)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    diagnostics = _json_report(records)
    results = log["runs"][0]["results"]
    assert len(results) == len(diagnostics) > 0
    assert {d["code"] for d in diagnostics} >= {"E001", "E002", "E005"}


def test_sarif_results_point_at_their_rules_and_places(records):
    log = json.loads(curate("lint", "--no-cache", "--format", "sarif", ".", cwd=records).out)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    diagnostics = _json_report(records)
    for result, diagnostic in zip(run["results"], diagnostics, strict=True):
        assert result["ruleId"] == diagnostic["code"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == levels[diagnostic["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert unquote(location["artifactLocation"]["uri"]) == diagnostic["path"]
        assert not location["artifactLocation"]["uri"].startswith("/")  # code scanning wants repo-relative paths
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (diagnostic["line"], diagnostic["column"])
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])


def test_sarif_with_a_selection_and_no_results_still_validates(records, sarif_validator, tmp_path):
    clean = tmp_path / "_figures"
    clean.mkdir()
    (clean / "PMC10003241__ijms-24-04893-g003.md").write_text(BASE, encoding="utf-8")
    outcome = curate("lint", "--no-cache", "--format", "sarif", "--select", "D003", ".", cwd=tmp_path)
    assert outcome.code == 0, outcome.err
    log = json.loads(outcome.out)
    assert not list(sarif_validator.iter_errors(log))
    assert log["runs"][0]["results"] == []
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == ["D003"]


GITHUB_LINE = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def test_github_annotations_parse_and_match_the_diagnostics(records):
    outcome = curate("lint", "--no-cache", "--format", "github", ".", cwd=records)
    lines = outcome.out.splitlines()
    annotations = [GITHUB_LINE.match(line) for line in lines if line.startswith("::")]
    assert all(annotations), [line for line in lines if line.startswith("::") and not GITHUB_LINE.match(line)]
    diagnostics = _json_report(records)
    assert len(annotations) == len(diagnostics)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for match, diagnostic in zip(annotations, diagnostics, strict=True):
        props = dict(part.split("=", 1) for part in match["props"].split(","))
        assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}
        assert _unescape(props["file"]) == diagnostic["path"]
        assert (int(props["line"]), int(props["col"])) == (diagnostic["line"], diagnostic["column"])
        assert _unescape(props["title"]) == f"{diagnostic['code']} {diagnostic['name']}"
        assert match[1] == levels[diagnostic["severity"]]
        assert _unescape(match["message"]) == f"{diagnostic['code']} {diagnostic['message']}"
    # the file name with a comma and a percent sign survived the escaping
    assert any("%2C100%25" in match["props"] for match in annotations)
    # besides the annotations only the closing summary, which the Actions log shows as plain text
    rest = [line for line in lines if not line.startswith("::")]
    assert rest and all(line.startswith(("Found ", "[*] ")) for line in rest)
    assert lines[: len(annotations)] == [line for line in lines if line.startswith("::")]


def test_junit_has_one_testcase_per_file(records):
    outcome = curate("lint", "--no-cache", "--format", "junit", ".", cwd=records)
    suite = ET.fromstring(outcome.out.encode("utf-8"))
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    files = sorted(p.relative_to(records).as_posix() for p in (records / "_figures").iterdir())
    assert sorted(case.get("name") for case in cases) == files
    assert [case.get("file") for case in cases] == [case.get("name") for case in cases]
    assert int(suite.get("tests")) == len(files)
    diagnostics = _json_report(records)
    with_errors = {d["path"] for d in diagnostics if d["severity"] == "error"}
    failing = {case.get("name") for case in cases if case.find("failure") is not None}
    assert failing == with_errors  # what fails the run (exit 1) and nothing else
    assert int(suite.get("failures")) == len(failing)
    for case in cases:
        shown = [line for part in ("failure", "system-out") if case.find(part) is not None
                 for line in case.find(part).text.splitlines()]
        expected = [f"{d['path']}:{d['line']}:{d['column']}: {d['code']} [{d['severity']}] {d['message']}"
                    for d in diagnostics if d["path"] == case.get("name")]
        assert sorted(shown) == sorted(expected)


def test_junit_failures_agree_with_the_exit_code(records):
    """--fail-on warning fails on warnings too; --exit-zero fails nothing: failures="0" with exit 0."""
    warned = curate("lint", "--no-cache", "--format", "junit", "--fail-on", "warning", ".", cwd=records)
    severities = {d["path"]: d["severity"] for d in _json_report(records)}
    suite = ET.fromstring(warned.out.encode("utf-8"))
    assert warned.code == 1 and int(suite.get("failures")) == len(severities)
    zero = curate("lint", "--no-cache", "--format", "junit", "--exit-zero", ".", cwd=records)
    suite = ET.fromstring(zero.out.encode("utf-8"))
    assert zero.code == 0 and suite.get("failures") == "0"
    assert all(case.find("failure") is None for case in suite.findall("testcase"))


# RFC 3986 URI-reference characters: unreserved, reserved (gen-delims and sub-delims) and %XX escapes
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def test_sarif_artifact_uris_are_percent_encoded(records):
    log = json.loads(curate("lint", "--no-cache", "--format", "sarif", ".", cwd=records).out)
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in log["runs"][0]["results"]}
    assert all(URI_REFERENCE.match(uri) for uri in uris), sorted(uri for uri in uris if not URI_REFERENCE.match(uri))
