"""A cache that cannot be opened, is damaged or is booby-trapped never breaks a run (issue 13, items 3-4).

Each kind of damage is made for real (files, symlinks, a SQLite file, a lock held by another
process, a file-size limit standing in for a full disk). For every one, lint reports exactly what
a run without a cache reports, prints at most one warning and no traceback, writes nothing
outside the cache folder, and a damaged database is set aside so that the next run caches again.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from curate_run import curate
from curate.linter.cache import DATABASE_NAME, installation_secret

PROBLEMS = "---\nfigid: PMC1__f1\ndoi: 10.1000/a\ndoi: 10.1000/b\n---\n"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Damage:
    prepare: Callable[[Path, Path], None]  # (tree, a folder outside it)
    outcome: str  # "refused": one warning, no cache; "set aside": one warning, a new cache; "harmless": no warning
    warning: str = ""  # what the warning must say


def cache_folder(tree: Path) -> Path:
    return tree / ".curate_cache"


def database(tree: Path) -> Path:
    return cache_folder(tree) / DATABASE_NAME


def warm(tree: Path) -> None:
    curate("lint", "--select", "E", "_figures", cwd=tree)


def truncated(tree: Path, outside: Path) -> None:
    warm(tree)
    curate("lint", "--select", "E", "--select", "D", "_figures", cwd=tree)  # a second table page's worth
    with sqlite3.connect(database(tree)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = database(tree).read_bytes()
    database(tree).write_bytes(data[:4096] + b"\x5a" * (len(data) - 4096))


def deep_entry(tree: Path, outside: Path) -> None:
    warm(tree)
    with sqlite3.connect(database(tree)) as connection:
        connection.execute("UPDATE results SET diagnostics = ?", ("[" * 100_000 + "]" * 100_000,))


def foreign_table(tree: Path, outside: Path) -> None:
    cache_folder(tree).mkdir()
    with sqlite3.connect(database(tree)) as connection:
        connection.execute("CREATE TABLE results (key TEXT PRIMARY KEY, diagnostics TEXT NOT NULL)")
        connection.execute("INSERT INTO results VALUES ('k', '[]')")


def symlink(name: str, to: str) -> Callable[[Path, Path], None]:
    def prepare(tree: Path, outside: Path) -> None:
        link = tree / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside / to)

    return prepare


def written(name: str, data: bytes) -> Callable[[Path, Path], None]:
    def prepare(tree: Path, outside: Path) -> None:
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return prepare


def folder(name: str) -> Callable[[Path, Path], None]:
    return lambda tree, outside: (tree / name).mkdir(parents=True)


def environment(variable: str, value: str) -> Callable[[Path, Path], None]:
    def prepare(tree: Path, outside: Path) -> None:
        os.environ[variable] = value.format(outside=outside)

    return prepare


CACHE = ".curate_cache/"
DAMAGE = {
    "a file named .curate_cache": Damage(written(".curate_cache", b"not a folder"), "refused", "is not a folder"),
    "cache folder links outside": Damage(symlink(".curate_cache", "elsewhere"), "refused", "symbolic link"),
    "cache folder is a dangling link": Damage(symlink(".curate_cache", "missing"), "refused", "symbolic link"),
    "database links outside": Damage(symlink(CACHE + DATABASE_NAME, "db"), "refused", "symbolic link"),
    "write-ahead log links outside": Damage(symlink(CACHE + DATABASE_NAME + "-wal", "wal"), "refused", "symbolic link"),
    "shared memory file links outside": Damage(symlink(CACHE + DATABASE_NAME + "-shm", "shm"), "refused",
                                               "symbolic link"),
    ".gitignore links outside": Damage(symlink(CACHE + ".gitignore", "gitignore"), "refused", "symbolic link"),
    "bad CURATE_RESULTS_CACHE (under a file)": Damage(environment("CURATE_RESULTS_CACHE", "/dev/null/cache"),
                                                     "refused", "cannot "),
    "CURATE_RESULTS_CACHE on a read-only file system": Damage(environment("CURATE_RESULTS_CACHE", "/proc/cache"),
                                                             "refused", "cannot "),
    "user cache folder unusable for the key": Damage(environment("CURATE_CACHE_DIR", "/dev/null/home"), "refused",
                                                     "cannot keep the cache's key"),
    "not a database": Damage(written(CACHE + DATABASE_NAME, b"SQLite format 3\0" + b"garbage" * 1000), "set aside",
                             "is damaged"),
    "text where the database should be": Damage(written(CACHE + DATABASE_NAME, b"hello\n" * 100), "set aside",
                                                "is damaged"),
    "corrupt pages": Damage(truncated, "set aside", "is damaged"),
    "results table of another format": Damage(foreign_table, "set aside", "another format"),
    "database is a folder": Damage(folder(CACHE + DATABASE_NAME), "set aside", "not a regular file"),
    ".gitignore is a folder": Damage(folder(CACHE + ".gitignore"), "set aside", "not a regular file"),
    "empty database file": Damage(written(CACHE + DATABASE_NAME, b""), "harmless"),
    "garbage write-ahead log": Damage(written(CACHE + DATABASE_NAME + "-wal", b"\x00junk" * 500), "harmless"),
    "deeply nested entry": Damage(deep_entry, "harmless"),
}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    (root / "_figures").mkdir(parents=True)
    (root / ".curate.toml").write_text("")
    (root / "_figures" / "PMC1__f1.md").write_text(PROBLEMS)
    # a case may change these; monkeypatch puts them back (an empty CURATE_RESULTS_CACHE means the default)
    monkeypatch.setenv("CURATE_CACHE_DIR", str(tmp_path / "home"))
    monkeypatch.setenv("CURATE_RESULTS_CACHE", "")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() if path.is_file() else b"" for path in folder.rglob("*")}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_cache_never_breaks_a_run(tree, tmp_path, kind):
    damage = DAMAGE[kind]
    expected = curate("lint", "--format", "concise", "--select", "E", "--no-cache", "_figures", cwd=tree)
    outside = tmp_path / "outside"
    (outside / "elsewhere").mkdir(parents=True)
    damage.prepare(tree, outside)
    before = snapshot(outside)

    outcome = curate("lint", "--format", "concise", "--select", "E", "_figures", cwd=tree)

    assert (outcome.code, outcome.lines) == (expected.code, expected.lines)
    warnings = outcome.err.splitlines()
    assert all(line.startswith("curate: warning: ") for line in warnings), outcome.err
    assert len(warnings) == (0 if damage.outcome == "harmless" else 1), outcome.err
    assert damage.warning in outcome.err
    assert snapshot(outside) == before
    if damage.outcome == "set aside":  # the next run caches again, silently
        again = curate("lint", "--format", "concise", "--select", "E", "_figures", cwd=tree)
        assert (again.code, again.lines, again.err) == (expected.code, expected.lines, "")
        with sqlite3.connect(database(tree)) as connection:
            assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 1
        assert any(path.name.endswith(".damaged") for path in cache_folder(tree).iterdir())


def lint_in_a_process(tree: Path, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limited() -> None:  # a file-size limit: writes past it fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "curate", "lint", "--format", "concise", "--select", "E", "_figures"],
                          cwd=tree, capture_output=True, text=True, timeout=120, env={**os.environ},
                          preexec_fn=limited if limit_bytes is not None else None)


def test_full_disk_goes_on_without_the_cache(tree):
    for index in range(2, 60):
        (tree / "_figures" / f"PMC{index}__f1.md").write_text(PROBLEMS.replace("PMC1__f1", f"PMC{index}__f1"))
    expected = curate("lint", "--format", "concise", "--select", "E", "--no-cache", "_figures", cwd=tree)

    installation_secret()  # the key exists: the disk fills while the cache is written
    done = lint_in_a_process(tree, limit_bytes=5000)
    assert done.returncode == 1 and done.stdout.splitlines()[:-1] == expected.lines
    assert done.stderr.startswith("curate: warning: result cache not used: ") and done.stderr.count("\n") == 1


def test_a_database_locked_by_another_process_does_not_stall_the_run(tree):
    warm(tree)
    (tree / "_figures" / "PMC2__f1.md").write_text(PROBLEMS.replace("PMC1__f1", "PMC2__f1"))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(database(tree))!r}, isolation_level=None)\n"
         "c.execute('PRAGMA journal_mode=DELETE'); c.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        started = time.monotonic()
        done = lint_in_a_process(tree)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1 and len(done.stdout.splitlines()) == 3
    assert done.stderr == f"curate: warning: result cache not used: {database(tree)} is locked by another process\n"
    assert took < 15


def test_clean_removes_a_symlinked_cache_folder_but_not_what_it_points_to(tree, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    cache_folder(tree).symlink_to(outside)
    cleaned = curate("clean", tree)
    assert cleaned.code == 0 and cleaned.out.startswith(f"removed {cache_folder(tree)} (a symbolic link")
    assert not os.path.lexists(cache_folder(tree)) and (outside / "keep.txt").read_text() == "keep"
    (tree / ".curate_cache").write_text("mine")
    assert curate("clean", tree).out.endswith("is not a cache folder; left alone\n")
    assert (tree / ".curate_cache").read_text() == "mine"
    assert curate("clean", tmp_path / "none").out == f"no cache at {tmp_path / 'none' / '.curate_cache'}\n"


def test_clean_removes_only_the_caches_own_files(tree, tmp_path, monkeypatch):
    """CURATE_RESULTS_CACHE may name a folder that holds other things: clean takes only the cache's files."""
    shared = tmp_path / "shared-folder"
    monkeypatch.setenv("CURATE_RESULTS_CACHE", str(shared))
    assert curate("lint", "--format", "concise", tree).code == 1
    assert (shared / DATABASE_NAME).is_file()
    (shared / "important.txt").write_text("keep")
    cleaned = curate("clean", tree)
    assert cleaned.code == 0 and "left" in cleaned.out
    assert [path.name for path in shared.iterdir()] == ["important.txt"]
    (shared / "important.txt").unlink()
    assert curate("lint", "--format", "concise", tree).code == 1
    assert curate("clean", tree).out == f"removed {shared}\n" and not shared.exists()
