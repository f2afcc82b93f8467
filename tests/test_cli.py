"""The CLI and configuration: formats, exit codes, selection, suppression, cache, plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from curate_run import curate
from curate import __version__

ROOT = Path(__file__).resolve().parent.parent
DUPLICATE = "---\nfigid: PMC1__f1\ndoi: 10.1000/a\ndoi: 10.1000/b\n---\n"


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "_figures" / "PMC1__f1.md"
    path.parent.mkdir()
    path.write_text(DUPLICATE)
    return path


def test_version_and_rules_table():
    outcome = curate("--version")
    assert outcome.out.strip() == f"curate {__version__}"
    table = curate("rules").out.splitlines()
    assert table[0].split() == ["code", "name", "severity", "fix", "summary"]
    assert any(line.startswith("E007  duplicate-key") for line in table)


def test_explain_by_code_and_name():
    by_code = curate("explain", "E007").out
    assert by_code == curate("explain", "duplicate-key").out
    assert "## What it finds" in by_code and "## Options" in by_code
    assert curate("explain", "nope").code == 2


def test_concise_json_github_formats(record):
    concise = curate("lint", "--format", "concise", "--no-cache", "--select", "E", record)
    assert concise.code == 1
    assert concise.lines == [f"{record}:4:1: E007 [error] duplicate key 'doi' (first on line 3); the earlier value is silently lost"]
    data = json.loads(curate("lint", "--format", "json", "--no-cache", "--select", "E", record).out)
    assert data["version"] == 1
    (diagnostic,) = [d for d in data["diagnostics"] if d["code"] == "E007"]
    assert {k: diagnostic[k] for k in ("line", "column", "end_line", "end_column", "name", "severity", "fix")} == {
        "line": 4, "column": 1, "end_line": 4, "end_column": 4, "name": "duplicate-key", "severity": "error", "fix": None}
    assert data["summary"]["by_code"]["E007"] == 1
    github = curate("lint", "--format", "github", "--no-cache", "--select", "E", record).out.splitlines()[0]
    assert github.startswith(f"::error file={record},line=4,col=1,endLine=4,endColumn=4,title=E007 duplicate-key::E007 ")


def test_full_format_shows_source_and_caret(record):
    out = curate("lint", "--format", "full", "--no-cache", "--select", "E", record).out
    assert "      4 | doi: 10.1000/b\n        | ^^^\n" in out


def test_output_file_statistics_and_quiet(record, tmp_path):
    report = tmp_path / "out" / "report.txt"
    assert curate("lint", "--format", "concise", "--no-cache", "--select", "E", "--output", report, record).out == ""
    assert "E007" in report.read_text()
    stats = curate("lint", "--statistics", "--no-cache", "--select", "E", record).out
    assert "      1  E007      duplicate-key" in stats
    quiet = curate("lint", "--format", "concise", "--quiet", "--no-cache", "--select", "E", record).out
    assert "Found" not in quiet and "E007" in quiet


def test_exit_codes_select_ignore_and_fail_on(record):
    assert curate("lint", "--no-cache", "--select", "E", "--ignore", "E007", record).code == 0
    assert curate("lint", "--no-cache", "--select", "E00", record).code == 1
    assert curate("lint", "--no-cache", "--select", "duplicate-key", record).code == 1
    assert curate("lint", "--no-cache", "--select", "E", "--exit-zero", record).code == 0
    assert curate("lint", "--no-cache", "--select", "NOPE", record).code == 2
    assert curate("lint", "--no-cache", record.parent / "missing.md").code == 2


def test_config_file_and_errors(record, tmp_path):
    config = tmp_path / ".curate.toml"
    config.write_text('ignore = ["duplicate-key"]\n')
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    config.write_text('[severity]\nE007 = "warning"\n')
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    assert curate("lint", "--no-cache", "--select", "E", "--fail-on", "warning", record).code == 1
    config.write_text('[severity]\nE007 = "info"\n')  # the lowest level is a real setting, not "unset"
    outcome = curate("lint", "--no-cache", "--select", "E", "--format", "json", "--fail-on", "warning", record)
    assert outcome.code == 0 and [d["severity"] for d in json.loads(outcome.out)["diagnostics"]] == ["info"]
    config.write_text('per-file-ignores = { "_figures/PMC1__*.md" = ["E007"] }\n')
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    for bad, words in (
        ("colour = 1\n", "unknown key(s) colour"),
        ('select = ["Z999"]\n', "unknown rule or selector 'Z999'"),
        ("[rules.nothing]\nx = 1\n", "names no rule"),
        ("[rules.duplicate-key]\nstrictness = 1\n", "has no option strictness"),
        ("select = [\n", "invalid TOML"),
    ):
        config.write_text(bad)
        outcome = curate("lint", "--no-cache", "--select", "E", record)
        assert outcome.code == 2 and words in outcome.err and str(config) in outcome.err


def test_pyproject_tool_curate_table(record, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "records"\n\n[tool.curate]\nextend-ignore = ["E007"]\n')
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0


def test_inline_suppressions(tmp_path, record):
    record.write_text(DUPLICATE.replace("doi: 10.1000/b", "doi: 10.1000/b  # curate: ignore[E007]"))
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    record.write_text(DUPLICATE.replace("doi: 10.1000/b", "doi: 10.1000/b  # curate: ignore"))
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    record.write_text(DUPLICATE.replace("figid: PMC1__f1", "# curate: ignore-file[duplicate-key]\nfigid: PMC1__f1"))
    assert curate("lint", "--no-cache", "--select", "E", record).code == 0
    record.write_text(DUPLICATE.replace("doi: 10.1000/b", "doi: 10.1000/b  # curate: ignore[C001]"))
    assert curate("lint", "--no-cache", "--select", "E", record).code == 1


def test_folders_are_walked_for_records_only(tmp_path, record):
    (tmp_path / "_config.yml").write_text("- not a record\n")
    (tmp_path / "README.md").write_text("no front matter\n")
    (tmp_path / ".venv" / "_figures").mkdir(parents=True)
    (tmp_path / ".venv" / "_figures" / "x.md").write_text("")
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", tmp_path)
    assert {line.split(":")[0] for line in outcome.lines} == {str(record)}


def test_exclude_globs_apply_to_files_folders_and_named_folders(tmp_path, record):
    for name in ("PMC2__draft.md", "PMC3__f1.md"):
        (record.parent / name).write_text(DUPLICATE)
    (tmp_path / "old" / "_figures").mkdir(parents=True)
    (tmp_path / "old" / "_figures" / "PMC4__f1.md").write_text(DUPLICATE)
    (tmp_path / ".curate.toml").write_text('extend-exclude = ["*draft*", "old"]\n')

    def linted(*paths):
        outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", *paths, cwd=tmp_path)
        return sorted({Path(line.split(":")[0]).name for line in outcome.lines if line.startswith("_figures")
                       or line.startswith("old")})

    assert linted(".") == ["PMC1__f1.md", "PMC3__f1.md"]
    assert linted("_figures") == ["PMC1__f1.md", "PMC3__f1.md"]
    assert linted("old") == [] and linted("old/_figures") == []


def test_cache_is_used_and_invalidated(tmp_path, record):
    (tmp_path / ".curate.toml").write_text("")
    first = curate("lint", "--format", "json", "--select", "E", record)
    assert (tmp_path / ".curate_cache" / "results-v2.sqlite3").exists()
    second = curate("lint", "--format", "json", "--select", "E", record)
    assert json.loads(first.out) == json.loads(second.out)
    from curate.linter.cache import ResultCache

    cache = ResultCache(tmp_path / ".curate_cache")
    assert cache._connect().execute("select count(*) from results").fetchone()[0] == 1
    record.write_text(DUPLICATE + "\n")
    curate("lint", "--format", "json", "--select", "E", record)
    assert cache._connect().execute("select count(*) from results").fetchone()[0] == 2
    assert curate("clean", tmp_path).code == 0
    assert not (tmp_path / ".curate_cache").exists()


def test_parallel_run_matches_serial(tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    for index in range(300):
        (folder / f"PMC{index}__f.md").write_text(DUPLICATE if index % 3 == 0 else "---\nfigid: x\n---\n")
    serial = curate("lint", "--format", "concise", "--no-cache", "--select", "E", "--jobs", "1", tmp_path).out
    parallel = curate("lint", "--format", "concise", "--no-cache", "--select", "E", "--jobs", "2", tmp_path).out
    assert serial == parallel
    assert serial.count(" E007 ") == 100


def test_third_party_rule_through_entry_point(tmp_path):
    site = tmp_path / "site"
    (site / "extra_rules-0.1.dist-info").mkdir(parents=True)
    (site / "extra_rules-0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-rules\nVersion: 0.1\n")
    (site / "extra_rules-0.1.dist-info" / "entry_points.txt").write_text("[curate.rules]\nX001 = extra_rules:RULE\n")
    (site / "extra_rules.py").write_text(
        '"""X001 always-complains: complains about every figid.\n\n## What it finds\nx\n\n## Why it matters\nx\n\n'
        '## Example\n```yaml\nfigid: x\n```\n\n## Fix\nNone.\n"""\n'
        "from curate.linter.diagnostic import Severity\nfrom curate.linter.rule import FixAvailability, Rule\n\n"
        "def check(doc, options, context):\n    yield doc.diagnostic(('figid',), 'figid is here')\n\n"
        "RULE = Rule('X001', 'always-complains', 'complains', Severity.WARNING, FixAvailability.NEVER, check)\n"
    )
    record = tmp_path / "_figures" / "PMC1__f1.md"
    record.parent.mkdir()
    record.write_text("---\nfigid: PMC1__f1\n---\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    rules = subprocess.run([sys.executable, "-m", "curate", "rules"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "X001  always-complains" in rules.stdout
    lint = subprocess.run([sys.executable, "-m", "curate", "lint", "--format", "concise", "--no-cache", "--select", "X001",
                           str(record)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert f"{record}:2:8: X001 [warning] figid is here" in lint.stdout


def test_cache_entries_are_data_never_code(tmp_path, record):
    """A tampered cache row (a committed .curate_cache/, say) is a miss, never executed or trusted."""
    import sqlite3

    (tmp_path / ".curate.toml").write_text("")
    first = curate("lint", "--format", "json", "--select", "E", record)
    database = tmp_path / ".curate_cache" / "results-v2.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE results SET diagnostics = ?", ('[["x", "not", "a", "diagnostic"]]',))
    second = curate("lint", "--format", "json", "--select", "E", record)
    assert json.loads(second.out)["diagnostics"] == json.loads(first.out)["diagnostics"]


def test_record_whose_sidecar_is_not_its_file_name_is_not_cached(tmp_path):
    from curate.linter.cache import ResultCache

    (tmp_path / ".curate.toml").write_text("")
    path = tmp_path / "_figures" / "renamed.md"
    path.parent.mkdir()
    path.write_text("---\nfigid: PMC1__f1\n---\n")
    curate("lint", "--format", "json", "--select", "E", path)
    cache = ResultCache(tmp_path / ".curate_cache")
    assert cache._connect().execute("select count(*) from results").fetchone()[0] == 0


def test_warm_run_answers_from_the_cache_without_linting(tmp_path, monkeypatch):
    """The second run takes every answer from the cache; only a changed file is linted again."""
    import curate.linter.runner as runner

    (tmp_path / ".curate.toml").write_text("")
    folder = tmp_path / "_figures"
    folder.mkdir()
    for index in range(5):
        (folder / f"PMC{index}__f.md").write_text(DUPLICATE.replace("PMC1__f1", f"PMC{index}__f"))
    first = curate("lint", "--format", "json", "--select", "E", tmp_path)
    linted, real = [], runner.check_document

    def counting(doc, config, context):
        linted.append(Path(doc.path).name)
        return real(doc, config, context)

    monkeypatch.setattr(runner, "check_document", counting)
    second = curate("lint", "--format", "json", "--select", "E", tmp_path)
    assert linted == [] and json.loads(second.out) == json.loads(first.out)
    (folder / "PMC3__f.md").write_text(DUPLICATE.replace("PMC1__f1", "PMC3__f") + "\n")
    curate("lint", "--format", "json", "--select", "E", tmp_path)
    assert linted == ["PMC3__f.md"]
