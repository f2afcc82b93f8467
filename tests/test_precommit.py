"""The pre-commit hooks in .pre-commit-hooks.yaml: their declaration, and a run of the real pre-commit tool.

REAL PRE-COMMIT RUN (test_real_precommit_*): pre-commit clones a local git copy of this project (the
working tree committed as it is, untracked work included), builds a virtual environment and
pip-installs the project into it, so the first test takes a minute or two and needs the package
index that ``pip install`` uses. PRE_COMMIT_HOME is a temporary folder: nothing is left in ~/.cache.
Run with ``-s`` to see pre-commit's own output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from worktree import copy_worktree

ROOT = Path(__file__).resolve().parent.parent
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
BASE = (ROOT / "tests" / "rules" / "base.md").read_text(encoding="utf-8")
RECORD = "_figures/PMC10003241__ijms-24-04893-g003.md"
GOOD_DOI = "doi: 10.3390/ijms24054893\n"
BAD_DOI = "doi: https://doi.org/10.3390/ijms24054893\n"
# doi-not-normalized: a safe fix, and the only problem of the record below
SELECT = ["--select", "D003"]
FIGTITLE = "figtitle: 'Metabolic Features of Osteoblasts: Implications"
# One certain defect of each kind, put into a copy of a real record (tests/rules/base.md, unmodified
# PMC10003241__ijms-24-04893-g003 from the sample): (name, old text, new text, the code that must fail it)
CERTAIN_DEFECTS = [
    ("mojibake", FIGTITLE, "figtitle: 'Metabolic Features of Osteoblastsâ€™ Implications", "T005"),
    ("markup", FIGTITLE, "figtitle: 'Metabolic Features of <i>Osteoblasts</i>: Implications", "T004"),
    ("invisible character", FIGTITLE, "figtitle: 'Metabolic Features of Osteo\u200bblasts: Implications", "T009"),
    ("wrong year", "year: '2023'", "year: '2019'", "D004"),
    ("NA sentinel doi", "doi: 10.3390/ijms24054893", "doi: .na.character", "N001"),
    ("malformed doi", "doi: 10.3390/ijms24054893", "doi: '36902324'", "D002"),
    ("doi with a resolver", "doi: 10.3390/ijms24054893", "doi: https://doi.org/10.3390/ijms24054893", "D003"),
    ("duplicate keyword", "  - SP7\n", "  - SP7\n  - LRP6\n", "C007"),
    ("description differs from caption", "  description: 'An overview", "  description: 'A view", "T001"),
    ("derived id", "figid_alias: PMC10003241__F3", "figid_alias: PMC10003241__F4", "C003"),
    ("schema violation", "figtype: Figure", "figtype: Photo", "S001"),
    ("NA among organisms", "organisms:\n- Homo sapiens\n", "organisms:\n- Homo sapiens\n- NA\n", "O004"),
]
ONLY_WARNINGS = "PMC10037252__WJG-29-1569-g002"  # a real sample record whose only findings are suspect genes
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample"


def _hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


# ------------------------------------------------------------------ the hook file
def test_hook_file_is_a_valid_pre_commit_manifest():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    manifest = clientlib.load_manifest(str(HOOKS_FILE))
    assert sorted(hook["id"] for hook in manifest) == ["curate-fix", "curate-lint"]


def test_hook_entries_are_console_scripts_of_the_project():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    hooks = _hooks()
    assert hooks["curate-lint"]["entry"] == "curate lint"
    assert hooks["curate-fix"]["entry"] == "curate fix"
    for hook in hooks.values():
        assert hook["entry"].split()[0] in scripts
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is True
        assert hook["require_serial"] is False


@pytest.mark.parametrize("path", [
    "_figures/PMC1__f1.md",
    "_figures/PMC10003241__ijms-24-04893-g003.md",
    "records/_figures/PMC1__f1.md",
    "_figures/PMC1__f1.yaml",
    "_figures/PMC1__f1.yml",
    "_data/PMC1__f1-genes.tsv",  # a sidecar: curate lints its record
    "records/_data/PMC1__f1-genes.tsv",
])
def test_hook_files_pattern_matches_records(path):
    identify = pytest.importorskip("identify.identify")
    for hook in _hooks().values():
        assert re.search(hook["files"], path), (hook["id"], path)
        assert identify.tags_from_filename(path) & set(hook["types_or"]), (hook["id"], path)


@pytest.mark.parametrize("path", [
    "README.md",
    "docs/ci.md",
    "_data/PMC1__f1.tsv",
    "_data/genes.csv",
    "_figures/README.txt",
    "_figures/sub/PMC1__f1.md",
    "my_figures/PMC1__f1.md",
    "_figures/PMC1__f1.mdx",
    "_figures/PMC1__f1.yaml.bak",
    ".pre-commit-config.yaml",
])
def test_hook_files_pattern_skips_other_files(path):
    for hook in _hooks().values():
        assert not re.search(hook["files"], path), (hook["id"], path)


# ------------------------------------------------------------------ the real pre-commit tool
def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "PYTHONPATH"}
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit-home"), PRE_COMMIT_COLOR="never",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="curate tests", GIT_AUTHOR_EMAIL="tests@example.org",
               GIT_COMMITTER_NAME="curate tests", GIT_COMMITTER_EMAIL="tests@example.org")
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = _run(["git", *args], cwd, env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    """A home for pre-commit and a local git copy of this project to install the hooks from."""
    pytest.importorskip("pre_commit")
    home = tmp_path_factory.mktemp("precommit")
    env = _env(home)
    project = copy_worktree(home / "curate-hooks")
    _git(project, env, "init", "-q")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "-m", "curate working tree for the pre-commit test")
    sha = _git(project, env, "rev-parse", "HEAD").strip()
    return home, env, project, sha


@pytest.fixture
def records_repo(precommit_home, tmp_path):
    home, env, project, sha = precommit_home
    repo = tmp_path / "records"
    (repo / "_figures").mkdir(parents=True)
    config = {"repos": [{"repo": str(project), "rev": sha, "hooks": [
        {"id": "curate-fix", "args": SELECT},
        {"id": "curate-lint", "args": SELECT},
    ]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (repo / "README.md").write_text("PFOCR records\n", encoding="utf-8")
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "records repository")
    assert BAD_DOI not in BASE and GOOD_DOI in BASE
    (repo / RECORD).write_text(BASE.replace(GOOD_DOI, BAD_DOI), encoding="utf-8")
    _git(repo, env, "add", RECORD)
    return repo, env


def _precommit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = _run([sys.executable, "-m", "pre_commit", *args], repo, env, timeout=900)
    print(f"\n$ pre-commit {' '.join(args)}  (exit {done.returncode})\n{done.stdout}{done.stderr}")
    return done


@pytest.fixture
def default_hooks_repo(precommit_home, tmp_path):
    """A records repository using both hooks as docs/ci.md configures them: no arguments."""
    home, env, project, sha = precommit_home
    repo = tmp_path / "records"
    (repo / "_figures").mkdir(parents=True)
    (repo / "_data").mkdir()
    config = {"repos": [{"repo": str(project), "rev": sha, "hooks": [{"id": "curate-fix"}, {"id": "curate-lint"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git(repo, env, "init", "-q")
    return repo, env


@pytest.mark.parametrize("name, old, new, code", CERTAIN_DEFECTS, ids=[d[0] for d in CERTAIN_DEFECTS])
def test_real_precommit_default_lint_hook_fails_on_each_certain_defect(default_hooks_repo, name, old, new, code):
    repo, env = default_hooks_repo
    assert BASE.count(old) == 1, name
    (repo / RECORD).write_text(BASE.replace(old, new), encoding="utf-8")
    _git(repo, env, "add", RECORD)
    done = _precommit(repo, env, "run", "curate-lint", "--files", RECORD)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(rf"^{re.escape(RECORD)}:\d+:\d+: {code} \[error\] ", done.stdout, re.M), done.stdout


def test_real_precommit_default_lint_hook_passes_the_clean_record(default_hooks_repo):
    repo, env = default_hooks_repo
    (repo / RECORD).write_text(BASE, encoding="utf-8")
    _git(repo, env, "add", RECORD)
    done = _precommit(repo, env, "run", "curate-lint", "--files", RECORD)
    assert done.returncode == 0 and "All checks passed (1 file)." in done.stdout, done.stdout


def test_real_precommit_default_hooks_pass_suspect_genes_and_show_them(default_hooks_repo):
    repo, env = default_hooks_repo
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    names = [f"_figures/{ONLY_WARNINGS}.md", f"_data/{ONLY_WARNINGS}-genes.tsv"]
    for name in names:
        (repo / name).write_bytes((SAMPLE / name).read_bytes())
    _git(repo, env, "add", *names)
    done = _precommit(repo, env, "run")  # both hooks, on the staged files
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 2
    warnings = re.findall(rf"^_figures/{ONLY_WARNINGS}\.md:\d+:\d+: (\w+) \[(\w+)\] ", done.stdout, re.M)
    assert warnings and {severity for _, severity in warnings} == {"warning"}
    assert {code[0] for code, _ in warnings} == {"G"}


def test_real_precommit_runs_on_a_commit_that_changes_only_a_sidecar(default_hooks_repo):
    """The hooks run on a staged sidecar, and curate lints the sidecar's record (here, its D003 problem)."""
    repo, env = default_hooks_repo
    (repo / RECORD).write_text(BASE.replace(GOOD_DOI, BAD_DOI), encoding="utf-8")
    sidecar = repo / "_data" / "PMC10003241__ijms-24-04893-g003-genes.tsv"
    sidecar.write_bytes((ROOT / "tests" / "rules" / "base-genes.tsv").read_bytes())
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "--no-verify", "-m", "a record, committed before the hooks")
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(repo, env, "add", sidecar.relative_to(repo).as_posix())
    done = _precommit(repo, env, "run", "curate-lint")  # the staged files: the sidecar alone
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{RECORD}:28:6: D003 [error] " in done.stdout


def test_real_precommit_lint_hook_fails_and_names_the_record(records_repo):
    repo, env = records_repo
    before = (repo / RECORD).read_bytes()
    done = _precommit(repo, env, "run", "curate-lint", "--files", RECORD)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "curate lint (PFOCR records)" in done.stdout and "Failed" in done.stdout
    assert f"{RECORD}:28:6: D003 [error] " in done.stdout
    assert (repo / RECORD).read_bytes() == before  # the lint hook changes nothing
    readme = _precommit(repo, env, "run", "curate-lint", "--files", "README.md")
    assert readme.returncode == 0 and "no files to check" in readme.stdout.lower()


def test_real_precommit_fix_hook_rewrites_then_passes(records_repo):
    repo, env = records_repo
    first = _precommit(repo, env, "run", "curate-fix", "--files", RECORD)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / RECORD).read_text(encoding="utf-8") == BASE  # only the doi changed, to the bare DOI
    second = _precommit(repo, env, "run", "curate-fix", "--files", RECORD)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    # the whole flow through git: installed hooks let the fixed record be committed
    install = _precommit(repo, env, "install")
    assert install.returncode == 0, install.stderr
    _git(repo, env, "add", RECORD)
    commit = _run(["git", "commit", "-m", "add a record"], repo, env, timeout=900)
    print(f"\n$ git commit  (exit {commit.returncode})\n{commit.stdout}{commit.stderr}")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "curate lint (PFOCR records)" in commit.stdout + commit.stderr
