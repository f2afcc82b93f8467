"""The wheel, installed into a fresh virtual environment beside packages named `rules`, `linter` and `schemas`."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest

from worktree import copy_worktree

ROOT = Path(__file__).resolve().parent.parent
COLLIDING = ("rules", "linter", "schemas")


def _colliding_wheel(folder: Path) -> Path:
    """A wheel whose top-level modules take the generic names this project's folders have."""
    files = {f"{name}.py": f"WHO = 'collider.{name}'\n" for name in COLLIDING}
    info = "collider-1.0.dist-info"
    files[f"{info}/METADATA"] = "Metadata-Version: 2.1\nName: collider\nVersion: 1.0\n"
    files[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    files[f"{info}/RECORD"] = "\n".join(record + [f"{info}/RECORD,,"]) + "\n"
    wheel = folder / "collider-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    home = tmp_path_factory.mktemp("install")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    source = copy_worktree(home / "source")
    wheels = home / "wheels"
    built = subprocess.run([str(python), "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)],
                           capture_output=True, text=True)
    if built.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{built.stdout}\n{built.stderr}")
    (wheel,) = wheels.glob("pfocr_curate-*.whl")
    for package in (_colliding_wheel(home), wheel):
        result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(package)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"pip install {package.name} failed:\n{result.stdout}\n{result.stderr}")
    return env_dir / "bin" / "curate", home, wheel


def _clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def test_wheel_has_one_top_level_name(installed):
    _, _, wheel = installed
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"curate"}


def test_installed_curate_runs_from_another_folder(installed):
    curate, home, _ = installed
    elsewhere = home / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env()
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
    assert json.loads(lint.stdout)["summary"]["files"] == 1


def test_colliding_names_and_curate_both_import(installed):
    curate, _, _ = installed
    probe = ("import json, rules, linter, schemas, curate.linter.cli, curate.rules, curate.schemas, curate.linter.registry as r; "
             "print(json.dumps([rules.WHO, linter.WHO, schemas.WHO, len(r.all_rules())]))")
    out = subprocess.run([str(curate.parent / "python"), "-c", probe], capture_output=True, text=True, cwd="/",
                         env=_clean_env())
    assert out.returncode == 0, out.stderr
    who_rules, who_linter, who_schemas, rule_count = json.loads(out.stdout)
    assert (who_rules, who_linter, who_schemas) == ("collider.rules", "collider.linter", "collider.schemas")
    assert rule_count >= 50


def test_python_dash_m_curate_ignores_the_working_directory(installed):
    """`python -m curate` run in a repository holding a `yaml.py` must not import that file."""
    curate, home, _ = installed
    hostile = home / "hostile"
    hostile.mkdir()
    (hostile / "yaml.py").write_text("raise SystemExit('the working directory was imported')\n")
    out = subprocess.run([str(curate.parent / "python"), "-m", "curate", "lint", "--no-cache", "."],
                         capture_output=True, text=True, cwd=hostile, env=_clean_env())
    assert "working directory was imported" not in out.stderr
    assert out.returncode == 0, out.stderr


def test_package_data_is_installed(installed):
    curate, _, _ = installed
    python = curate.parent / "python"
    probe = ("import importlib.resources as r, json; "
             "names = [p.name for p in r.files('curate.schemas').iterdir()]; "
             "names += [p.name for p in r.files('curate.linter.knowledge').iterdir()]; print(json.dumps(names))")
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, cwd="/", env=_clean_env())
    assert out.returncode == 0, out.stderr
    names = json.loads(out.stdout)
    for schema in (ROOT / "schemas").glob("*.json"):
        assert schema.name in names
    assert "snapshot.bin" in names


def test_pyproject_lists_every_package():
    """setuptools' package-dir mapping needs every subpackage listed; a new folder must not be left out."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {"curate"} | {
        "curate." + ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("linter", "rules", "schemas") for init in (ROOT / top).rglob("__init__.py")
    }
    assert listed == on_disk
