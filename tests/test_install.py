"""`pip install .` into a fresh virtual environment, then `curate` from another folder."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from worktree import copy_worktree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    home = tmp_path_factory.mktemp("install")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    source = copy_worktree(home / "source")
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"pip install failed:\n{result.stdout}\n{result.stderr}")
    return env_dir / "bin" / "curate", home


def test_installed_curate_runs_from_another_folder(installed):
    curate, home = installed
    elsewhere = home / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    rules = subprocess.run([str(curate), "rules"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert rules.returncode == 0, rules.stderr
    assert "E001" in rules.stdout
    version = subprocess.run([str(curate), "--version"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert version.stdout.startswith("curate ")
    record = elsewhere / "_figures" / "PMC1__f1.md"
    record.parent.mkdir()
    record.write_bytes((ROOT / "tests" / "rules" / "base.md").read_bytes())
    lint = subprocess.run([str(curate), "lint", "--format", "json", "--no-cache", str(elsewhere)], capture_output=True,
                          text=True, cwd=elsewhere, env=env)
    assert lint.returncode in (0, 1), lint.stderr
    assert "Traceback" not in lint.stderr


def test_package_data_is_installed(installed):
    curate, _ = installed
    python = curate.parent / "python"
    probe = ("import importlib.resources as r, json; "
             "names = [p.name for p in r.files('schemas').iterdir()]; print(json.dumps(names))")
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, cwd="/")
    assert out.returncode == 0, out.stderr
    shipped = (ROOT / "schemas").glob("*.json")
    for schema in shipped:
        assert schema.name in out.stdout
