"""README.md's commands and the Makefile's demo, run as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample"


def _demo_recipe() -> list[str]:
    """The shell lines of the Makefile's demo target, make's escapes undone, $(BIN) this environment's."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo: install\n")[1].split("\n\n")[0]
    lines = [line.strip().lstrip("@") for line in recipe.splitlines() if line.startswith("\t")]
    return [line.replace("$(BIN)", str(BIN)).replace("$$", "$") for line in lines if not line.startswith("#")]


def test_make_demo_lint_finds_errors_and_the_demo_passes():
    """`make demo`'s steps, with this environment as its .venv: curate lint exits 1 (errors found: the
    point of the demo), the recipe turns that into success, and any other exit would fail it."""
    lines = _demo_recipe()
    lint = next(line for line in lines if "/curate lint " in line)
    command = lint.split(" || ")[0]
    found = subprocess.run(shlex.split(command), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "[error]" in found.stdout and "[warning]" in found.stdout
    done = subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = subprocess.run(["bash", "-e", "-c", lint.replace("examples", "no-such-folder")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert broken.returncode != 0  # a usage error (exit 2) is not "problems found": the demo fails


def _use_block() -> list[str]:
    block = README.split("## Use\n")[1].split("```sh\n")[1].split("```")[0]
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_use_commands_run_as_written(tmp_path):
    """Each command of README's "Use" block, in a records repository made from the sample."""
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    repo = tmp_path / "records"
    (repo / "_figures").mkdir(parents=True)
    (repo / "_data").mkdir()
    for name in sorted(os.listdir(SAMPLE / "_figures"))[:6]:
        (repo / "_figures" / name).write_bytes((SAMPLE / "_figures" / name).read_bytes())
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    expected = {"lint": (1,), "fix": (0, 1), "rules": (0,), "explain": (0,), "clean": (0,)}
    commands = _use_block()
    assert [shlex.split(c)[1] for c in commands] == ["lint", "lint", "fix", "fix", "rules", "explain", "clean"]
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode in expected[shlex.split(command)[1]], (command, done.stdout[-500:], done.stderr)
        assert "Traceback" not in done.stderr, command


def test_readme_lists_the_lint_options_curate_has():
    from curate.linter.cli import FORMATS, build_parser

    listed = README.split("`curate lint` options:")[1].split("\n\n")[0]
    assert f"`--format {'|'.join(FORMATS)}`" in listed
    lint = build_parser(extra_commands=False)._subparsers._group_actions[0].choices["lint"]
    flags = {flag for action in lint._actions for flag in action.option_strings if flag.startswith("--")}
    named = set(re.findall(r"`(--[a-z-]+)", listed)) | set(re.findall(r"/(--[a-z-]+)", listed))
    assert flags - {"--help"} == named, (sorted(flags - named), sorted(named - flags))


def test_readme_report_commands_run_as_written(tmp_path):
    """From a folder beside a `shared` that is this project's, as README assumes (`../shared`)."""
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    project = tmp_path / "project"
    (project / "_figures").mkdir(parents=True)
    (tmp_path / "shared").symlink_to(SAMPLE.parent.parent, target_is_directory=True)
    (project / "_figures" / "PMC1__f1.md").write_bytes(next((SAMPLE / "_figures").iterdir()).read_bytes())
    block = README.split("## Curation report\n")[1].split("```sh\n")[1].split("```")[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=project, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, (command, done.stderr)
    assert (project / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_readme_configuration_is_a_valid_configuration(tmp_path):
    block = README.split("## Configuration\n")[1].split("```toml\n")[1].split("```")[0]
    (tmp_path / "_figures").mkdir()
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    from curate_run import curate

    settings = curate("lint", "--show-settings", tmp_path)
    assert settings.code == 0, settings.err
    assert '"T003"' not in settings.out.split('"rules"')[1].split("]")[0]
