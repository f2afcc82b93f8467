"""Output and command-line conventions (ruff's are the model), on real records."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from curate_run import curate
from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.reporters import diagnostic_dict

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "rules" / "base.md").read_text(encoding="utf-8")
FIGID = "PMC10003241__ijms-24-04893-g003"
GOOD_DOI = "doi: 10.3390/ijms24054893\n"
PREFIXED_DOI = "doi: https://doi.org/10.3390/ijms24054893\n"
ORGANISMS = "organisms:\n- Homo sapiens\n"


@pytest.fixture
def records(tmp_path):
    """A records folder: one record with a safe fix (D003) and one with an unsafe one (O003, `human`)."""
    figures = tmp_path / "_figures"
    figures.mkdir()
    (figures / f"{FIGID}.md").write_text(BASE.replace(GOOD_DOI, PREFIXED_DOI), encoding="utf-8")
    other = BASE.replace(FIGID, "PMC10003241__ijms-24-04893-g004").replace(ORGANISMS, "organisms:\n- human\n")
    (figures / "PMC10003241__ijms-24-04893-g004.md").write_text(other, encoding="utf-8")
    return tmp_path


def lint(*args, cwd=None):
    return curate("lint", "--no-cache", *args, cwd=cwd)


# ------------------------------------------------------------------ fixable counts and statistics
def test_fixable_counts_tell_safe_from_unsafe(records):
    both = lint("--format", "concise", "--select", "D003,O003", records)
    assert "[*] 1 fixable with `curate fix` (1 more with `--unsafe-fixes`)." in both.out
    curate("fix", "--no-cache", "--select", "D003,O003", records)
    after = lint("--format", "concise", "--select", "D003,O003", records)
    assert "[*] 1 fixable with `curate fix --unsafe-fixes`." in after.out  # not "fixable with curate fix"


def test_statistics_mark_unsafe_only_rules_and_speak_json(records):
    table = lint("--statistics", "--select", "D003,O003", records).out.splitlines()
    assert "      1  D003  [*] doi-not-normalized" in table and "      1  O003  [-] invalid-species-name" in table
    assert "[*] 1 fixable with `curate fix` (1 more with `--unsafe-fixes`)." in table
    rows = json.loads(lint("--statistics", "--format", "json", "--select", "D003,O003", records).out)
    assert rows == [
        {"code": "D003", "name": "doi-not-normalized", "count": 1, "fixable": 1, "unsafe_fixable": 0},
        {"code": "O003", "name": "invalid-species-name", "count": 1, "fixable": 0, "unsafe_fixable": 1},
    ]


# ------------------------------------------------------------------ concise output
def test_concise_shows_severity_and_with_show_fixes_the_fix(records):
    out = lint("--format", "concise", "--select", "D003", "--show-fixes", records).out
    assert f"_figures/{FIGID}.md:28:6: D003 [error] doi 'https://doi.org/10.3390/ijms24054893' is not in normal " \
           "form (resolver prefix), expected '10.3390/ijms24054893' [fix (safe): " in out


def test_quiet_keeps_every_diagnostic_whatever_its_path(tmp_path):
    folder = tmp_path / "Found " / "_figures"
    folder.mkdir(parents=True)
    (folder / f"{FIGID}.md").write_text(BASE.replace(GOOD_DOI, PREFIXED_DOI), encoding="utf-8")
    quiet = lint("--format", "concise", "--quiet", "--select", "D003", "Found ", cwd=tmp_path)
    assert quiet.out == f"Found /_figures/{FIGID}.md:28:6: D003 [error] doi 'https://doi.org/10.3390/ijms24054893' " \
                        "is not in normal form (resolver prefix), expected '10.3390/ijms24054893'\n"


def test_color_flag_and_no_color(records, monkeypatch):
    painted = lint("--format", "full", "--color", "always", "--select", "D003", records).out
    assert "\033[" in painted
    assert "\033[" not in lint("--format", "full", "--color", "never", "--select", "D003", records).out
    from curate.linter.cli import _color, build_parser

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    args = build_parser(extra_commands=False).parse_args(["lint"])
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _color(args, Terminal()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert _color(args, Terminal()) is False
    args = build_parser(extra_commands=False).parse_args(["lint", "--color", "always"])
    assert _color(args, Terminal()) is True


def test_github_format_is_the_default_under_github_actions(records, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = lint("--select", "D003", records).out
    assert out.startswith(f"::error file={records}/_figures/{FIGID}.md,line=28,col=6,")


def test_a_run_over_no_records_warns(tmp_path):
    (tmp_path / "notes.md").write_text("# not a record\n", encoding="utf-8")
    outcome = lint(tmp_path)
    assert outcome.code == 0 and "All checks passed (0 files)." in outcome.out
    assert outcome.err.startswith(f"warning: no records found under {tmp_path}")


# ------------------------------------------------------------------ inputs and settings
def test_stdin_with_a_filename(records):
    text = BASE.replace(GOOD_DOI, PREFIXED_DOI)
    done = subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--format", "concise",
                           "--select", "D003", "-", "--stdin-filename", f"_figures/{FIGID}.md"],
                          input=text, capture_output=True, text=True, cwd=records, timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(f"_figures/{FIGID}.md:28:6: D003 [error] ")
    clean = subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--select", "C,D,S", "-", "--stdin-filename",
                            f"_figures/{FIGID}.md"], input=BASE,
                           capture_output=True, text=True, cwd=records, timeout=60)
    assert clean.returncode == 0 and "All checks passed (1 file)." in clean.stdout


def test_show_files_show_settings_exclude_and_a_sidecar_standing_for_its_record(records):
    files = lint("--show-files", records).out.splitlines()
    assert [Path(name).name for name in files] == [f"{FIGID}.md", "PMC10003241__ijms-24-04893-g004.md"]
    excluded = lint("--show-files", "--exclude", "*g004.md", records).out.splitlines()
    assert [Path(name).name for name in excluded] == [f"{FIGID}.md"]
    (records / "_data").mkdir()
    (records / "_data" / f"{FIGID}-genes.tsv").write_bytes((ROOT / "tests" / "rules" / "base-genes.tsv").read_bytes())
    assert lint("--show-files", "_data/" + f"{FIGID}-genes.tsv", cwd=records).out == f"_figures/{FIGID}.md\n"
    (records / ".curate.toml").write_text('ignore = ["T003"]\nmin-confidence = 0.9\n', encoding="utf-8")
    settings = json.loads(lint("--show-settings", "--select", "D,T", records).out)
    assert settings["source"] == str(records / ".curate.toml")
    assert "T003" not in settings["rules"] and "D003" in settings["rules"] and settings["min-confidence"] == 0.9
    assert json.loads(lint("--show-settings", "--min-confidence", "0.5", records).out)["min-confidence"] == 0.5


def test_min_confidence_reaches_the_rules_context(records):
    from curate.linter.cli import build_parser, config_for, context_for

    (records / ".curate.toml").write_text("min-confidence = 0.75\n", encoding="utf-8")
    args = build_parser(extra_commands=False).parse_args(["lint", str(records)])
    assert context_for(args, config_for(args)).min_confidence == 0.75
    args = build_parser(extra_commands=False).parse_args(["lint", "--min-confidence", "0.6", str(records)])
    assert context_for(args, config_for(args)).min_confidence == 0.6
    for bad in ("min-confidence = 2\n", 'min-confidence = "high"\n'):
        (records / ".curate.toml").write_text(bad, encoding="utf-8")
        outcome = lint(records)
        assert outcome.code == 2 and "min-confidence must be a number from 0 to 1" in outcome.err
    assert lint("--min-confidence", "1.5", records).code == 2


# ------------------------------------------------------------------ machine formats
def test_confidence_is_a_number_in_json_and_sarif():
    diagnostic = Diagnostic("_figures/a.md", 3, 5, 3, 9, "suspect keyword", code="G101", name="alias-cluster",
                            severity=Severity.WARNING, evidence=(("cause", "alias"), ("confidence", "0.87")))
    entry = diagnostic_dict(diagnostic)
    assert entry["confidence"] == 0.87 and entry["evidence"] == {"cause": "alias", "confidence": 0.87}
    from curate.linter.reporters import ReportOptions, Summary, report_sarif
    from curate.linter.runner import FileResult

    out = io.StringIO()
    report_sarif([FileResult("_figures/a.md", [diagnostic])], Summary(), out, ReportOptions(()))
    (result,) = json.loads(out.getvalue())["runs"][0]["results"]
    assert result["properties"] == {"confidence": 0.87}


def test_gitlab_and_rdjson_formats(records):
    issues = json.loads(lint("--format", "gitlab", "--select", "D003,O003", records).out)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("D003", "major", 28), ("O003", "major", 6)]
    assert all(len(i["fingerprint"]) == 64 for i in issues) and issues[0]["fingerprint"] != issues[1]["fingerprint"]
    report = json.loads(lint("--format", "rdjson", "--select", "D003", records).out)
    (diagnostic,) = report["diagnostics"]
    assert report["source"]["name"] == "curate"
    assert diagnostic["code"] == {"value": "D003"} and diagnostic["severity"] == "ERROR"
    assert diagnostic["location"]["range"]["start"] == {"line": 28, "column": 6}
    assert json.loads(lint("--format", "gitlab", "--select", "E", records).out) == []


@pytest.fixture
def hostile_names(tmp_path):
    """Records whose file names hold a terminal escape and a byte that is not UTF-8."""
    folder = os.fsencode(tmp_path / "_figures")
    os.mkdir(folder)
    names = [b"PMC1__esc\x1b[31mred.md", b"PMC2__latin\xff.md"]
    for name in names:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(BASE.replace(GOOD_DOI, PREFIXED_DOI).encode("utf-8"))
    return tmp_path


def test_file_names_with_control_characters_and_bad_bytes_keep_every_format_valid(hostile_names):
    outputs = {}
    for fmt in ("concise", "full", "json", "sarif", "junit", "github", "gitlab", "rdjson"):
        done = subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--select", "D003",
                               "--format", fmt, "."], cwd=hostile_names, capture_output=True, timeout=120)
        assert done.returncode == 1 and b"Traceback" not in done.stderr, (fmt, done.stderr)
        assert b"\x1b" not in done.stdout, fmt  # no raw escape reaches the terminal or a report
        outputs[fmt] = done.stdout.decode("utf-8")  # valid UTF-8, or this raises
    assert "PMC1__esc\\x1b[31mred.md:28:6: D003" in outputs["concise"]
    assert "PMC2__latin\\xff.md:28:6: D003" in outputs["concise"]
    assert {d["path"] for d in json.loads(outputs["json"])["diagnostics"]} == {
        "_figures/PMC1__esc\\x1b[31mred.md", "_figures/PMC2__latin\\xff.md"}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(outputs["sarif"])["runs"][0]["results"]}
    assert uris == {"_figures/PMC1__esc%1B%5B31mred.md", "_figures/PMC2__latin%FF.md"}
    suite = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert int(suite.get("failures")) == 2


# ------------------------------------------------------------------ errors that are not tracebacks
def test_configuration_errors_name_the_file_and_line(records):
    (records / "pyproject.toml").write_text('[project]\nname = "records"\n\n[tool.curate\nignore = []\n')
    broken = lint(records)
    assert broken.code == 2 and f"{records / 'pyproject.toml'}: invalid TOML" in broken.err and "line 4" in broken.err
    (records / "pyproject.toml").unlink()
    (records / ".curate.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    nested = lint(records)
    assert nested.code == 2 and "nested too deeply" in nested.err and "Traceback" not in nested.err


@pytest.mark.parametrize("key, value, ceiling", [("max-file-size", 10**12, 20_000_000),
                                                 ("max-yaml-nodes", 10**9, 1_000_000)])
def test_a_linted_repository_cannot_lift_the_limits_past_their_ceiling(records, key, value, ceiling):
    (records / ".curate.toml").write_text(f"{key} = {value}\n")
    outcome = lint(records)
    assert outcome.code == 2 and f"{key} = {value} is above {ceiling}" in outcome.err
    (records / ".curate.toml").write_text(f"{key} = {ceiling}\n")
    assert lint(records).code in (0, 1)


def test_an_output_that_cannot_be_written_is_a_usage_error(records):
    (records / "taken").write_text("a file, not a folder\n")
    outcome = lint("--output", records / "taken" / "report.json", records)
    assert outcome.code == 2 and outcome.err.startswith(f"curate: error: cannot write --output {records / 'taken'}")


def _corpus(root: Path, count: int) -> Path:
    folder = root / "_figures"
    folder.mkdir()
    for index in range(count):
        name = f"PMC{index}__f{index}"
        (folder / f"{name}.md").write_text(BASE.replace(FIGID, name), encoding="utf-8")
    return root


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_and_terminate_exit_quietly(tmp_path, signum, code):
    _corpus(tmp_path, 4000)  # several seconds of work: the signal lands mid-run
    process = subprocess.Popen([sys.executable, "-m", "curate", "lint", "--no-cache", "--jobs", "2", "."],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err.decode()
    assert b"BrokenPipeError" not in err


def test_a_reader_that_goes_away_is_no_traceback(tmp_path):
    _corpus(tmp_path, 60)
    done = subprocess.run(f"'{sys.executable}' -m curate lint --no-cache --format concise . | head -1",
                          shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


# ------------------------------------------------------------------ start-up
def _loaded(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "curate", *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT.parent)
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_version_loads_none_of_the_engine_and_rules_only_the_registry_and_rules():
    engine = {"curate.linter.runner", "curate.linter.config", "curate.linter.cache", "curate.linter.reporters",
              "curate.linter.registry", "yaml", "ruamel.yaml", "jsonschema", "requests"}
    assert not _loaded("--version") & engine
    rules = _loaded("rules")
    assert "curate.linter.registry" in rules
    assert not rules & {"curate.linter.runner", "curate.linter.config", "curate.linter.cache",
                        "curate.linter.reporters", "ruamel.yaml", "jsonschema", "requests"}


def test_fix_with_statistics_counts_what_is_left(records):
    done = curate("fix", "--no-cache", "--statistics", "--select", "D003,O003", records)
    assert done.out.splitlines()[0] == "      1  O003  [-] invalid-species-name"
    assert "Fixed 1 problem in 1 file (D003 x1)." in done.err


def test_full_format_shows_the_text_linted_and_never_reads_a_pipe(records):
    """The full format's source lines: standard input's text, not the file on disk; a named pipe
    is reported (E011), never opened for its lines; raw control characters are escaped."""
    text = BASE.replace(GOOD_DOI, PREFIXED_DOI)
    done = subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--format", "full",
                           "--select", "D003", "-", "--stdin-filename", f"_figures/{FIGID}.md"],
                          input=text, capture_output=True, text=True, cwd=records, timeout=60)
    assert f"     28 | {PREFIXED_DOI.strip()}" in done.stdout
    os.mkfifo(records / "_figures" / "PMC9__pipe.md")
    (records / "_figures" / "PMC8__dangling.md").symlink_to(os.fsdecode(b"missing\xfe\x1b[31m.md"))
    for fmt in ("full", "concise", "json", "sarif", "gitlab", "rdjson"):
        done = subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--format", fmt, "--select", "E",
                               "."], cwd=records, capture_output=True, timeout=60)
        assert done.returncode == 1 and b"Traceback" not in done.stderr, (fmt, done.stderr)
        assert b"\x1b" not in done.stdout and b"PMC9__pipe.md" in done.stdout, fmt
        done.stdout.decode("utf-8")  # valid UTF-8, or this raises
