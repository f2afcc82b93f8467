"""bench/README.md's commands, run as written where they fit in the suite's time.

The timed runs (5,000 to 50,000 records, the nested cross-validation, the profilers) take minutes
to an hour each: for those the test checks that the script accepts the command line as written,
so a renamed option cannot leave the README behind."""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
RUN_IN_FULL = {  # the commands this suite runs to the end, with what their output must show
    'python bench/run.py --sizes "" --no-timing --startup 7': "curate lint --no-cache (1 record, all rules)",
    "python tools/fit_gene_model.py --check": "rules/genes/analysis/weights.json is up to date",
}


def _commands() -> list[str]:
    commands = []
    for block in README.split("```sh\n")[1:]:
        lines = block.split("```")[0].splitlines()
        commands += [line.split("  #")[0].strip() for line in lines if line.strip()]
    return commands


def test_the_readme_shows_the_commands_this_test_knows():
    assert _commands() == [
        "python bench/make_corpus.py 50000 /tmp/curate-bench/50000",
        "python bench/run.py --sizes 5000,20000 --repeat 3",
        "python bench/run.py --sizes 5000 --no-timing --verify --profile --spy --costs 2000",
        'python bench/run.py --sizes "" --no-timing --startup 7',
        "make bench",
        "python bench/gene_accuracy.py",
        "python bench/gene_accuracy.py --timing",
        "python tools/fit_gene_model.py --check",
    ]


def test_quick_commands_run_as_written(tmp_path):
    # bench/run.py's default root is under the temporary folder: this test's own, not a shared one
    # that another benchmark may hold locked
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    for command, expected in RUN_IN_FULL.items():
        argv = shlex.split(command)
        done = subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              env=env)
        assert done.returncode == 0, (command, done.stdout[-1000:], done.stderr[-2000:])
        assert expected in done.stdout, (command, done.stdout[-1000:])


@pytest.fixture
def load_script(monkeypatch):
    """Loads a bench or tools script as a module (they are programs, not part of the package); what
    it adds to ``sys.path``, and the modules it imports from the repository's folders, go when the
    test ends, so no later test can import the repository's top-level folders by their bare names."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)

    def load(path: str):
        name = f"_docs_bench_{Path(path).stem}"
        spec = importlib.util.spec_from_file_location(name, ROOT / path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        sys.path.insert(0, str((ROOT / path).parent))  # the scripts import their neighbours
        spec.loader.exec_module(module)
        return module

    yield load
    for name in set(sys.modules) - before:
        file = getattr(sys.modules[name], "__file__", None) or ""
        if name.startswith("_docs_bench_") or Path(file).parent in (ROOT / "bench", ROOT / "tools"):
            del sys.modules[name]


def test_timed_commands_are_accepted_as_written(load_script):
    """Each long command's arguments, through its script's own parser (which exits on a bad one)."""
    for command in _commands():
        argv = shlex.split(command)
        if command in RUN_IN_FULL or argv[0] == "make":
            continue
        load_script(argv[1]).build_parser().parse_args(argv[2:])  # exits 2 on an argument it does not take
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nbench: install\n\t$(BIN)/python bench/run.py\n" in makefile
