"""CI modes of ``curate lint``: ``--changed-since`` against real git, baselines, and the recipes in docs/ci.md
(the workflow, the action and the install command: tests/test_docs_ci.py)."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml

from curate_run import curate
from curate.linter.baseline import apply_baseline, fingerprint, load_baseline
from curate.linter.config import ConfigError
from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.gitscope import changed_records
from curate.linter.runner import FileResult

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "rules" / "base.md").read_text(encoding="utf-8")
GOOD_DOI = "doi: 10.3390/ijms24054893\n"
PREFIXED_DOI = "doi: https://doi.org/10.3390/ijms24054893\n"
NA_KEYWORDS = "keywords: .na.character\n"
GOOD_KEYWORDS = "keywords: osteoblasts | metabolism | glutamine | multiple myeloma | bone disease\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "curate tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
           "GIT_COMMITTER_NAME": "curate tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def record(name: str, text: str = BASE) -> str:
    """A record (the clean base, a real PFOCR record) under the figid ``name``."""
    figid = "PMC10003241__ijms-24-04893-g003"
    return text.replace(figid, name)


def write(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def linted(root: Path, *args: str, cwd: Path | None = None) -> set[str]:
    """File names (not folders) the CLI linted, read from its JUnit report: one testcase per file."""
    outcome = curate("lint", "--no-cache", "--format", "junit", "--select", "E", *args, cwd=cwd or root)
    assert outcome.code == 0, outcome.err
    return {Path(case.get("name")).name for case in ET.fromstring(outcome.out).iter("testcase")}


# ------------------------------------------------------------------ --changed-since
@pytest.fixture
def branch_repo(tmp_path):
    """main with records; a feature branch that adds, modifies, renames and deletes; main moving on meanwhile."""
    repo = tmp_path / "records"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name in ("PMC1__modified", "PMC2__deleted", "PMC3__renamed", "PMC4__uncommitted", "PMC5__main_only",
                 "PMC6__unchanged", "PMC7__sidecar", "PMC8__deleted_uncommitted"):
        write(repo, f"_figures/{name}.md", record(name))
    write(repo, "_data/PMC7__sidecar-genes.tsv", "hgnc_symbol\tsource\nLRP6\tocr\n")
    write(repo, ".gitignore", "_figures/PMC99__ignored.md\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "records")
    git(repo, "checkout", "-q", "-b", "feature")
    # main moves on after the branch point: not the pull request's business
    git(repo, "checkout", "-q", "main")
    write(repo, "_figures/PMC5__main_only.md", record("PMC5__main_only").replace("year: '2023'", "year: '2022'"))
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    # committed on the branch
    write(repo, "_figures/PMC1__modified.md", record("PMC1__modified").replace(GOOD_DOI, PREFIXED_DOI))
    git(repo, "rm", "-q", "_figures/PMC2__deleted.md")
    git(repo, "mv", "_figures/PMC3__renamed.md", "_figures/PMC3__renamed_to.md")
    write(repo, "_figures/PMC9__added.md", record("PMC9__added"))
    write(repo, "_data/PMC7__sidecar-genes.tsv", "hgnc_symbol\tsource\nLRP6\tocr\nLRP5\tocr\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feature work")
    # not committed: an unstaged edit, a staged new file, an untracked file, an ignored one, a deletion
    write(repo, "_figures/PMC4__uncommitted.md", record("PMC4__uncommitted").replace("F3", "F4"))
    write(repo, "_figures/PMC10__staged.md", record("PMC10__staged"))
    git(repo, "add", "_figures/PMC10__staged.md")
    write(repo, "_figures/PMC11__untracked.md", record("PMC11__untracked"))
    write(repo, "_figures/PMC99__ignored.md", record("PMC99__ignored"))
    (repo / "_figures" / "PMC8__deleted_uncommitted.md").unlink()
    return repo


CHANGED = {"PMC1__modified.md", "PMC3__renamed_to.md", "PMC9__added.md", "PMC4__uncommitted.md",
           "PMC10__staged.md", "PMC11__untracked.md", "PMC7__sidecar.md"}


def test_changed_since_lints_added_modified_renamed_uncommitted_and_untracked(branch_repo):
    assert linted(branch_repo, "--changed-since", "main", ".") == CHANGED
    # without the flag every record on disk is linted, the ignored one included (it is named by the glob)
    assert linted(branch_repo, ".") >= CHANGED | {"PMC6__unchanged.md", "PMC5__main_only.md", "PMC99__ignored.md"}


def test_changed_since_has_merge_base_semantics(branch_repo):
    # main changed PMC5 after the branch point; `git diff main` (two dots) would list it, `main...` does not
    two_dot = git(branch_repo, "diff", "--name-only", "main").split()
    assert "_figures/PMC5__main_only.md" in two_dot
    assert "PMC5__main_only.md" not in linted(branch_repo, "--changed-since", "main", ".")
    # since the feature commit itself, only the uncommitted and untracked files are left
    assert linted(branch_repo, "--changed-since", "HEAD", ".") == {
        "PMC4__uncommitted.md", "PMC10__staged.md", "PMC11__untracked.md"}


def test_changed_records_returns_absolute_unresolved_paths(branch_repo, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(branch_repo, target_is_directory=True)
    found = changed_records("main", [str(link / "_figures")])
    assert Path(os.path.abspath(link / "_figures" / "PMC9__added.md")) in found
    assert all(str(path).startswith(str(link)) for path in found)
    assert not any(path.name == "PMC2__deleted.md" or path.name == "PMC99__ignored.md" for path in found)
    # the CLI, from outside, given a path that goes through a symbolic link (its targets keep that spelling)
    alias = tmp_path.parent / f"{tmp_path.name}-alias"
    alias.symlink_to(tmp_path, target_is_directory=True)
    try:
        assert linted(branch_repo, "--changed-since", "main", f"{alias.name}/records", cwd=tmp_path.parent) == CHANGED
    finally:
        alias.unlink()
    named = linted(branch_repo, "--changed-since", "main", "_figures/PMC6__unchanged.md", "_figures/PMC9__added.md")
    assert named == {"PMC9__added.md"}


def test_changed_since_errors_exit_2(branch_repo, tmp_path):
    unknown = curate("lint", "--no-cache", "--changed-since", "origin/nope", ".", cwd=branch_repo)
    assert unknown.code == 2 and "unknown git ref 'origin/nope'" in unknown.err and "fetch-depth" in unknown.err
    outside = tmp_path / "outside"
    write(outside, "_figures/PMC1__f1.md", record("PMC1__f1"))
    not_git = curate("lint", "--no-cache", "--changed-since", "main", ".", cwd=outside)
    assert not_git.code == 2 and "not inside" in not_git.err
    with pytest.raises(ConfigError, match="unknown git ref"):
        changed_records("--output=x", [str(branch_repo)])


# ------------------------------------------------------------------ baselines
@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    two = record("PMC1__two").replace(GOOD_DOI, PREFIXED_DOI).replace(GOOD_KEYWORDS, NA_KEYWORDS)
    write(root, "_figures/PMC1__two.md", two)
    write(root, "_figures/PMC2__clean.md", record("PMC2__clean"))
    write(root, "_figures/PMC3__one.md", record("PMC3__one").replace(GOOD_KEYWORDS, NA_KEYWORDS))
    return root


SELECT = ("--select", "D003,N001")


def lint(root: Path, *args: str, cwd: Path | None = None):
    return curate("lint", "--no-cache", "--format", "concise", *SELECT, *args, cwd=cwd or root)


def test_write_baseline_passes_results_through_and_is_stable(corpus):
    plain = lint(corpus, ".")
    written = lint(corpus, "--write-baseline", "ci/baseline.json", ".")
    assert (written.code, written.out) == (plain.code, plain.out)
    assert len(plain.lines) == 3
    data = json.loads((corpus / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["entries"] == 3
    assert list(data["files"]) == ["../_figures/PMC1__two.md", "../_figures/PMC3__one.md"]
    assert [entry["code"] for entry in data["files"]["../_figures/PMC1__two.md"]] == ["D003", "N001"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["fingerprint"]) for items in data["files"].values() for e in items)
    first = (corpus / "ci" / "baseline.json").read_bytes()
    lint(corpus, "--write-baseline", "ci/baseline.json", ".")
    assert (corpus / "ci" / "baseline.json").read_bytes() == first


def test_write_baseline_never_writes_through_a_planted_link_and_reports_a_bad_target(corpus, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (corpus / "baseline.json.tmp").symlink_to(victim)
    written = lint(corpus, "--write-baseline", "baseline.json", "--exit-zero", ".")
    assert written.code == 0 and victim.read_text() == "precious"
    assert not (corpus / "baseline.json").is_symlink() and json.loads((corpus / "baseline.json").read_text())["entries"]
    (corpus / "a-folder").mkdir()
    refused = lint(corpus, "--write-baseline", "a-folder", "--exit-zero", ".")
    assert refused.code == 2 and "a-folder: cannot write the baseline" in refused.err
    assert "Traceback" not in refused.err and [p.name for p in (corpus / "a-folder").iterdir()] == []


def test_baseline_fingerprints_read_no_named_pipe(corpus):
    os.mkfifo(corpus / "_figures" / "PMC9__pipe.md")
    written = lint(corpus, "--extend-select", "E011", "--write-baseline", "baseline.json", "--exit-zero", ".")
    assert written.code == 0 and "PMC9__pipe.md:1:1: E011" in written.out  # reported, not read (it would block)


def test_baseline_hides_known_problems_and_survives_edits_elsewhere(corpus):
    lint(corpus, "--write-baseline", "baseline.json", ".")
    applied = lint(corpus, "--baseline", "baseline.json", ".")
    assert applied.code == 0 and applied.lines == [] and applied.err == ""
    # move every line: a comment and a two-line title above the defects, a reworded caption
    path = corpus / "_figures" / "PMC1__two.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\n# curated by hand\n", 1).replace(
        "figtitle: 'Metabolic Features", "figtitle: 'Metabolic and Energetic Features of Bone Cells and")
    text = text.replace("An overview of the energetic", "A broad overview of the energetic")
    path.write_text(text, encoding="utf-8")
    moved = lint(corpus, ".")
    assert [line.split(":")[1] for line in moved.lines if "PMC1__two" in line] != ["28", "32"]
    assert lint(corpus, "--baseline", "baseline.json", ".").lines == []


def test_baseline_reports_changed_values_and_counts_fixed_entries(corpus):
    lint(corpus, "--write-baseline", "baseline.json", ".")
    path = corpus / "_figures" / "PMC1__two.md"
    text = path.read_text(encoding="utf-8")
    # another wrong value at the same key is a new problem; the old entry is then fixed
    path.write_text(text.replace(PREFIXED_DOI, "doi: https://doi.org/10.3390/ijms24054894\n"), encoding="utf-8")
    changed = lint(corpus, "--baseline", "baseline.json", ".")
    assert [line.split(": ", 1)[1][:4] for line in changed.lines] == ["D003"]
    assert "1 baseline entry no longer occurs (fixed); prune them with --write-baseline" in changed.err
    # fixing both problems of the file: two entries gone, nothing reported
    path.write_text(text.replace(PREFIXED_DOI, GOOD_DOI).replace(NA_KEYWORDS, GOOD_KEYWORDS), encoding="utf-8")
    fixed = lint(corpus, "--baseline", "baseline.json", ".")
    assert fixed.code == 0 and fixed.lines == []
    assert "2 baseline entries no longer occur (fixed); prune them with --write-baseline" in fixed.err
    # entries of files this run did not lint are not counted as fixed
    only = lint(corpus, "--baseline", "baseline.json", "_figures/PMC3__one.md")
    assert only.lines == [] and "no longer occur" not in only.err


def test_baseline_prune_keeps_old_entries_only(corpus):
    lint(corpus, "--write-baseline", "baseline.json", ".")
    path = corpus / "_figures" / "PMC1__two.md"
    path.write_text(path.read_text(encoding="utf-8").replace(NA_KEYWORDS, GOOD_KEYWORDS), encoding="utf-8")
    write(corpus, "_figures/PMC4__new.md", record("PMC4__new").replace(GOOD_DOI, PREFIXED_DOI))
    pruned = lint(corpus, "--baseline", "baseline.json", "--write-baseline", "baseline.json", ".")
    assert [line.split(":")[0] for line in pruned.lines] == ["_figures/PMC4__new.md"]
    data = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    assert data["entries"] == 2
    assert {file: [e["code"] for e in items] for file, items in data["files"].items()} == {
        "_figures/PMC1__two.md": ["D003"], "_figures/PMC3__one.md": ["N001"]}


def test_baseline_is_portable(corpus, tmp_path):
    lint(corpus, "--write-baseline", "ci/baseline.json", ".")
    # another working directory and absolute paths
    elsewhere = lint(corpus, "--baseline", str(corpus / "ci" / "baseline.json"), str(corpus), cwd=tmp_path)
    assert elsewhere.lines == [] and elsewhere.err == ""
    # the whole tree moved (another checkout)
    moved = tmp_path / "checkout"
    os.rename(corpus, moved)
    moved_run = lint(moved, "--baseline", "ci/baseline.json", ".")
    assert moved_run.lines == [] and "All checks passed (3 files)" in moved_run.out


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not a curate baseline file"),
    ("[]", "not a curate baseline file"),
    ('{"version": 1, "files": {"a.md": [{"code": "D003"}]}}', "malformed baseline entry"),
    ('{"version": 99, "files": {}}', "baseline version 99 is not supported"),
])
def test_malformed_baseline_is_a_usage_error_naming_the_file(corpus, content, expected):
    write(corpus, "broken-baseline.json", content)
    outcome = lint(corpus, "--baseline", "broken-baseline.json", ".")
    assert outcome.code == 2 and "broken-baseline.json" in outcome.err and expected in outcome.err
    missing = lint(corpus, "--baseline", "missing.json", ".")
    assert missing.code == 2 and "missing.json" in missing.err


def _diagnostic(path: str, start: int, end: int, line: int, key_path=("caption",), code="T003") -> Diagnostic:
    return Diagnostic(path, line, 1, line, 3, "doubled space in caption, expected one", start=start, end=end,
                      key_path=key_path, code=code, name="whitespace", severity=Severity.WARNING)


def test_baseline_matching_is_a_multiset(tmp_path):
    path = tmp_path / "_figures" / "PMC1__f1.md"
    write(tmp_path, "_figures/PMC1__f1.md", "---\ncaption: a  b  c  d\n---\n")
    first, second, third = (_diagnostic(str(path), start, start + 2, 2) for start in (14, 17, 20))
    text = path.read_text(encoding="utf-8")
    assert fingerprint(first, text) == fingerprint(second, text) == fingerprint(third, text)
    assert fingerprint(first, text) != fingerprint(_diagnostic(str(path), 14, 16, 2, key_path=("figtitle",)), text)
    baseline = tmp_path / "baseline.json"
    list(apply_baseline([FileResult(str(path), [first, second])], None, baseline, notes=io.StringIO()))
    assert load_baseline(baseline) == Counter({("_figures/PMC1__f1.md", "T003", fingerprint(first, text)): 2})
    results = list(apply_baseline([FileResult(str(path), [first, second, third])], baseline, None, notes=io.StringIO()))
    assert len(results[0].diagnostics) == 1  # two entries absorb two of the three


def test_fingerprint_ignores_lines_and_uses_the_message_without_a_span(tmp_path):
    write(tmp_path, "a.md", "---\ndoi: x\n---\n")
    text = (tmp_path / "a.md").read_text(encoding="utf-8")
    moved = "---\n# note\n\ndoi: x\n---\n"
    here = _diagnostic("a.md", 9, 10, 2, key_path=("doi",), code="D002")
    there = _diagnostic("a.md", 17, 18, 4, key_path=("doi",), code="D002")
    assert text[9:10] == moved[17:18] == "x"
    assert fingerprint(here, text) == fingerprint(there, moved)
    nowhere = _diagnostic("a.md", 0, 0, 1, key_path=(), code="E005")
    assert fingerprint(nowhere, text) == fingerprint(nowhere, None)


# ------------------------------------------------------------------ docs/ci.md
DOCS = ROOT / "docs" / "ci.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def _blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(DOCS.read_text(encoding="utf-8")) if lang == language]


def test_docs_precommit_config_uses_the_shipped_hooks():
    from curate.linter.cli import build_parser

    configs = [doc for doc in map(yaml.safe_load, _blocks("yaml")) if isinstance(doc, dict) and "repos" in doc]
    assert len(configs) == 1
    shipped = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (repo,) = configs[0]["repos"]
    assert repo["rev"]
    for hook in repo["hooks"]:
        assert hook["id"] in shipped
        command = shipped[hook["id"]]["entry"].split()[1]
        build_parser().parse_args([command, *hook.get("args", []), "_figures/PMC1__f1.md"])  # args curate accepts
    assert [hook["id"] for hook in repo["hooks"]] == ["curate-fix", "curate-lint"]


@pytest.fixture
def pull_request(tmp_path):
    """A records repository checked out as on a pull request: origin/main plus a branch with new problems."""
    repo = tmp_path / "records"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, "_figures/PMC1__old.md", record("PMC1__old").replace(GOOD_KEYWORDS, NA_KEYWORDS))
    write(repo, "_figures/PMC2__old_error.md", record("PMC2__old_error").replace(GOOD_DOI, "doi: not a doi\n"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "records")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")
    write(repo, "_figures/PMC3__new.md", record("PMC3__new").replace(GOOD_DOI, "doi: also not a doi\n"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a new record")
    shim = tmp_path / "bin" / "curate"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m curate "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    env |= {"PATH": f"{shim.parent}{os.pathsep}{env['PATH']}"}
    return repo, env


def _bash(script: str, repo: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_docs_baseline_recipe_runs(pull_request):
    repo, env = pull_request
    (script,) = [block for block in _blocks("bash") if "--write-baseline" in block]
    assert "curate lint --baseline .curate-baseline.json ." in script
    # the recipe is run on the default branch first; here the pull request's record is already in
    done = _bash(script, repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((repo / ".curate-baseline.json").read_text(encoding="utf-8"))
    assert set(data["files"]) == {"_figures/PMC1__old.md", "_figures/PMC2__old_error.md", "_figures/PMC3__new.md"}
    assert "curate baseline" in git(repo, "log", "-1", "--format=%s")
    # a problem the baseline does not know is still reported
    write(repo, "_figures/PMC4__newer.md", record("PMC4__newer").replace(GOOD_DOI, "doi: nope\n"))
    after = _bash("curate lint --baseline .curate-baseline.json --format concise .", repo, env)
    assert after.returncode == 1 and "_figures/PMC4__newer.md" in after.stdout
    assert "PMC1__old" not in after.stdout and "PMC3__new" not in after.stdout
