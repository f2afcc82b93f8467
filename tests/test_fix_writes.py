"""Where `curate fix` writes, and where it must not (issue 13, items 3 and 5; the policy is in
``linter/fixer.py``'s docstring).

A symbolic link is linted, not rewritten; a read-only file, another user's file and a file with
several hard links are left alone with a message; a record edited while the fix ran keeps the
other writer's text; temporary files left by a killed run are cleaned up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from curate.linter.fixer import NotWritten, write_atomic
from curate_run import curate

BASE = (Path(__file__).parent / "rules" / "base.md").read_text()
FIGID = "PMC10003241__ijms-24-04893-g003"
DEFECTIVE = BASE.replace("doi: 10.3390/ijms24054893", "doi: https://doi.org/10.3390/ijms24054893")


def _record(root: Path, text: str = DEFECTIVE) -> Path:
    path = root / "_figures" / f"{FIGID}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _fix(path: Path):
    outcome = curate("fix", "--no-cache", "--select", "D003", path)
    assert "Traceback" not in outcome.err
    return outcome


def test_the_fix_itself_applies(tmp_path):
    path = _record(tmp_path)
    outcome = _fix(path)
    assert outcome.code == 0, outcome.err
    assert path.read_text() == BASE


def test_a_symlinked_record_is_linted_not_rewritten(tmp_path):
    outside = _record(tmp_path / "elsewhere")
    link = tmp_path / "tree" / "_figures" / f"{FIGID}.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    outcome = _fix(link)
    assert outcome.code == 1
    assert link.is_symlink() and outside.read_text() == DEFECTIVE
    assert f"{link}: not rewritten: it is a symbolic link (linted through it; fix the file it points to)" in outcome.err
    assert " D003 " in outcome.out  # reported as it still is
    assert "Fixed 0 problems in 0 files" in outcome.err


def test_a_read_only_record_is_not_replaced(tmp_path):
    path = _record(tmp_path)
    path.chmod(0o444)
    outcome = _fix(path)
    assert outcome.code == 1
    assert path.read_text() == DEFECTIVE and (path.stat().st_mode & 0o777) == 0o444
    assert "not rewritten: it is read-only" in outcome.err


def test_a_record_with_hard_links_is_not_split(tmp_path):
    path = _record(tmp_path)
    other = tmp_path / "other-name.md"
    os.link(path, other)
    outcome = _fix(path)
    assert outcome.code == 1
    assert os.path.samefile(path, other) and path.read_text() == DEFECTIVE
    assert "not rewritten: it has 2 hard links, which replacing it would split" in outcome.err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_keeps_another_users_record_theirs(tmp_path):
    path = _record(tmp_path)
    os.chown(path, 12345, 23456)
    path.chmod(0o640)
    assert _fix(path).code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (12345, 23456, 0o640)
    assert path.read_text() == BASE


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to write as another user")
def test_another_users_record_is_not_taken_over():
    """An ordinary user (nobody, in a forked process) may write the record and its folder, but does
    not own the record: replacing it would make it theirs."""
    root = Path(tempfile.mkdtemp(prefix="curate-owner-"))  # pytest's folders are closed to other users
    path = _record(root)
    for folder in (root, path.parent.parent, path.parent):
        folder.chmod(0o777)
    path.chmod(0o666)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            write_atomic(path, BASE.encode(), DEFECTIVE.encode())
            message = "written"
        except NotWritten as refusal:
            message = str(refusal)
        except BaseException as error:
            message = repr(error)
        os.write(writing, message.encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    with os.fdopen(reading) as pipe:
        message = pipe.read()
    try:
        assert message == "it is owned by another user (uid 0)"
        assert path.read_text() == DEFECTIVE and path.stat().st_uid == 0
    finally:
        shutil.rmtree(root)


def test_a_record_changed_since_it_was_read_keeps_the_other_writers_text(tmp_path):
    path = _record(tmp_path)
    read = path.read_bytes()
    path.write_text(DEFECTIVE + "\n<!-- an editor's change -->\n")
    with pytest.raises(NotWritten, match="changed on disk while it was being fixed"):
        write_atomic(path, BASE.encode(), read)
    assert path.read_text().endswith("<!-- an editor's change -->\n")
    assert [name for name in os.listdir(path.parent) if name.endswith(".tmp")] == []


def test_temporary_files_of_killed_runs_are_removed(tmp_path):
    path = _record(tmp_path)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    stale = path.parent / f".{path.name}.curate-{dead}-k1ll3d.tmp"
    stale.write_text("half a record")
    live = path.parent / f".{path.name}.curate-{os.getpid()}-running.tmp"
    live.write_text("another run's work in progress")
    unrelated = path.parent / f".{path.name}.notes.tmp"
    unrelated.write_text("not ours")
    # names no run of curate makes: a pid past any the kernel gives, digits that are not ASCII
    hostile = [path.parent / f".{path.name}.curate-{pid}-x.tmp" for pid in ("9" * 30, "\u00b2", "\u0663")]
    for name in hostile:
        name.write_text("not ours either")
    assert _fix(path).code == 0
    assert not stale.exists() and live.exists() and unrelated.exists() and all(name.exists() for name in hostile)
    assert path.read_text() == BASE


def test_a_killed_fix_leaves_whole_records_and_its_temporary_file_is_removed_next_time(tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    for n in range(40):
        (folder / f"PMC{n}__f1.md").write_text(DEFECTIVE.replace(FIGID, f"PMC{n}__f1"))
    command = [sys.executable, "-m", "curate", "fix", "--no-cache", "--jobs", "1", "--select", "D003", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None and not any(name.endswith(".tmp") for name in os.listdir(folder)):
            pass  # kill it at its first write
        process.kill()
    finally:
        process.wait()
    left = [name for name in os.listdir(folder) if name.endswith(".tmp")]
    for path in folder.glob("*.md"):
        assert path.read_text() in (DEFECTIVE.replace(FIGID, path.stem), BASE.replace(FIGID, path.stem))
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [name for name in os.listdir(folder) if name.endswith(".tmp")] == []
    assert all(path.read_text() == BASE.replace(FIGID, path.stem) for path in folder.glob("*.md"))
    assert left, "the fix finished before it could be killed at a write"


def test_a_dry_run_says_when_the_real_run_would_leave_the_record_alone(tmp_path):
    path = _record(tmp_path)
    path.chmod(0o444)
    outcome = curate("fix", "--no-cache", "--select", "D003", "--dry-run", path)
    assert outcome.code == 1 and "+doi: 10." in outcome.out  # the diff the fix would make
    assert f"{path}: would not be rewritten: it is read-only" in outcome.err
    assert path.read_text() == DEFECTIVE
