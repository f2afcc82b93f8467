"""docs/ci.md and action.yml, run as written.

The only change made to what the page says: ``https://github.com/OWNER/curate`` (and ``OWNER/curate``
in ``uses:``) becomes this repository, as a local git URL, since the tests cannot reach the internet.
The ``rev`` the page pins is used as it stands and must be a commit of this repository.

SLOW PARTS: the page's ``pip install`` builds curate from a git clone into a fresh virtual
environment (about 30 s; the dependencies come from this project's environment through a ``.pth``
file, so pip finds them installed), and the pre-commit configuration makes pre-commit build its own
environment for the pinned commit (about 20 s). Both are done once per module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import jsonschema
import pytest
import yaml

from worktree import copy_worktree

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
BASE = (ROOT / "tests" / "rules" / "base.md").read_text(encoding="utf-8")
FIGID = "PMC10003241__ijms-24-04893-g003"
URL = "https://github.com/OWNER/curate"
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample"
ONLY_WARNINGS = "PMC10037252__WJG-29-1569-g002"  # a real record whose only findings are suspect genes
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
GIT_ENV = {"GIT_AUTHOR_NAME": "curate tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
           "GIT_COMMITTER_NAME": "curate tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _blocks(language: str) -> list[str]:
    """The page's fenced blocks in ``language``, indentation of step lists removed."""
    return [_dedent(body) for lang, body in FENCE.findall(DOCS) if lang == language]


def _dedent(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    margin = min(len(line) - len(line.lstrip()) for line in lines)
    return "\n".join(line[margin:] for line in text.splitlines()) + "\n"


def _rev() -> str:
    (rev,) = set(re.findall(r"OWNER/curate@([0-9a-f]{40})", DOCS)) | set(re.findall(r"rev: ([0-9a-f]{40})", DOCS))
    return rev


def _env(extra_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_"))}
    env.pop("PYTHONPATH", None)
    env |= GIT_ENV
    if extra_path is not None:
        env["PATH"] = f"{extra_path}{os.pathsep}{env['PATH']}"
    return env


def _bash(script: str, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def test_the_pinned_rev_is_a_commit_of_this_repository_with_the_hooks_and_the_action():
    rev = _rev()
    assert git(ROOT, "cat-file", "-t", rev).strip() == "commit"
    assert git(ROOT, "merge-base", "--is-ancestor", rev, "HEAD") == ""
    for name in ("action.yml", ".pre-commit-hooks.yaml"):
        assert yaml.safe_load(git(ROOT, "show", f"{rev}:{name}")), name


def test_the_workflow_is_checkout_and_the_action():
    (workflow,) = [doc for doc in map(yaml.safe_load, _blocks("yaml")) if isinstance(doc, dict) and "jobs" in doc]
    (job,) = workflow["jobs"].values()
    assert job["steps"] == [{"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}},
                            {"uses": f"OWNER/curate@{_rev()}"}]
    assert "pull_request" in workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    text = DOCS.split("```yaml\nname: curate")[1].split("```")[0]
    assert text.rstrip("\n").split("\n")[-5:][0].strip() == "steps:"  # the gate is the last five lines
    # the action's inputs the page names are the action's
    assert set(ACTION["inputs"]) == {"base-ref", "paths", "args"}
    assert ACTION["runs"]["using"] == "composite"


# ------------------------------------------------------------------ a pull request, run as in CI
@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment where the page's install command ran as written (URL: this repository)."""
    home = tmp_path_factory.mktemp("docs-install")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # curate's dependencies from this project's environment: pip then finds them installed
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    (script,) = [block for block in _blocks("bash") if "pip install" in block]
    done = _bash(script.replace(URL, f"file://{ROOT}"), home, _env(venv / "bin"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("curate ")  # `curate --version`
    return venv / "bin"


@pytest.fixture
def pull_request(tmp_path):
    """A records repository as a pull request checks it out: origin/main, and a branch adding a bad record."""
    repo = tmp_path / "records"
    (repo / "_figures").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    old = BASE.replace(FIGID, "PMC1__old").replace("doi: 10.3390/ijms24054893\n", "doi: not a doi\n")
    (repo / "_figures" / "PMC1__old.md").write_text(old, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "records")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")
    new = BASE.replace(FIGID, "PMC3__new").replace("doi: 10.3390/ijms24054893\n", "doi: .na.character\n")
    (repo / "_figures" / "PMC3__new.md").write_text(new, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a new record")
    return repo


def _annotated_files(output: str) -> set[str]:
    return {line.split("file=")[1].split(",")[0] for line in output.splitlines() if line.startswith("::")}


def test_action_steps_run_in_a_temporary_git_repository(installed, pull_request, tmp_path):
    """The action's own steps: its `uses:` step (actions/setup-python) is GitHub's and is skipped here;
    the `run:` steps run as written, the action's checkout being a copy of this working tree."""
    action_path = copy_worktree(tmp_path / "action")
    values = {"github.action_path": str(action_path), "github.base_ref": "main"}
    inputs = {name: spec["default"] for name, spec in ACTION["inputs"].items()}
    steps = ACTION["runs"]["steps"]
    assert [step.get("uses", "run") for step in steps] == ["actions/setup-python@v5", "run", "run"]
    env = _env(installed) | {"GITHUB_ACTIONS": "true"}
    outcomes = []
    for step in steps[1:]:
        assert step["shell"] == "bash"
        script = step["run"]
        for _ in range(2):  # an input's default may itself hold an expression
            script = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m.group(1)], script)
            script = re.sub(r"\$\{\{ (github\.\w+) \}\}", lambda m: values[m.group(1)], script)
        outcomes.append(_bash(script, pull_request, env))
    install, lint = outcomes
    assert install.returncode == 0, install.stderr
    assert lint.returncode == 1, lint.stdout + lint.stderr  # the new record has an error
    assert _annotated_files(lint.stdout) == {"_figures/PMC3__new.md"}, lint.stdout + lint.stderr  # the old record is not the pull request's
    assert "title=N001 na-sentinel::N001 doi is the NA sentinel" in lint.stdout


def test_docs_command_of_the_action_and_sarif_steps_run(installed, pull_request):
    env = _env(installed)
    (command,) = [block for block in _blocks("bash") if block.startswith("curate lint --changed-since \"origin/")]
    gate = _bash(command, pull_request, env | {"GITHUB_BASE_REF": "main"})
    assert gate.returncode == 1 and _annotated_files(gate.stdout) == {"_figures/PMC3__new.md"}
    lists = [doc for doc in map(yaml.safe_load, _blocks("yaml")) if isinstance(doc, list)]
    (steps,) = [doc for doc in lists if any("run" in step for step in doc)]
    runs = [step["run"].replace("${{ github.base_ref }}", "main") for step in steps if "run" in step]
    assert len(runs) == 1
    written = _bash(runs[0], pull_request, env)
    assert written.returncode == 0, written.stderr
    upload = next(step for step in steps if "uses" in step)
    log = json.loads((pull_request / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"_figures/PMC3__new.md"}


def test_the_action_args_the_page_shows_are_curate_lint_options():
    from curate.linter.cli import build_parser

    (step,) = [doc[0] for doc in map(yaml.safe_load, _blocks("yaml")) if isinstance(doc, list) and "with" in doc[0]
               and "args" in doc[0]["with"]]
    assert step["uses"] == f"OWNER/curate@{_rev()}"
    args = build_parser().parse_args(["lint", "--changed-since", "origin/main", "--format", "github",
                                      *step["with"]["args"].split(), "."])
    assert (args.fail_on, str(args.baseline)) == ("warning", ".curate-baseline.json")


# ------------------------------------------------------------------ pre-commit, as the page configures it
def test_docs_precommit_config_runs_as_written(tmp_path):
    """The page's .pre-commit-config.yaml with the real pre-commit: a certain defect fails the commit,
    a record with only warnings passes with the warnings shown."""
    pytest.importorskip("pre_commit")
    (config,) = [block for block in _blocks("yaml") if block.startswith("repos:")]
    assert URL in config
    repo = tmp_path / "records"
    (repo / "_figures").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(config.replace(URL, str(ROOT)), encoding="utf-8")
    env = _env() | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    git(repo, "init", "-q")
    record = repo / "_figures" / f"{FIGID}.md"
    record.write_text(BASE.replace("doi: 10.3390/ijms24054893\n", "doi: 10.3390\n"), encoding="utf-8")  # malformed
    git(repo, "add", ".")

    def precommit(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=900)
        print(f"\n$ pre-commit {' '.join(args)}  (exit {done.returncode})\n{done.stdout}{done.stderr}")
        return done

    failed = precommit("run", "--files", f"_figures/{FIGID}.md")
    assert failed.returncode == 1 and "D002 [error]" in failed.stdout
    record.unlink()
    suspect = SAMPLE / "_figures" / f"{ONLY_WARNINGS}.md"
    if not suspect.exists():
        pytest.skip("sample corpus not found")
    (repo / "_data").mkdir()
    for relative in (f"_figures/{ONLY_WARNINGS}.md", f"_data/{ONLY_WARNINGS}-genes.tsv"):
        (repo / relative).write_bytes((SAMPLE / relative).read_bytes())
    passed = precommit("run", "--files", f"_figures/{ONLY_WARNINGS}.md")
    assert passed.returncode == 0, passed.stdout
    assert passed.stdout.count("Passed") == 2
    assert re.search(r": G1\d\d \[warning\] ", passed.stdout)  # shown, though they do not fail the hook
