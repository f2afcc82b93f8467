"""Only regular files are read, and never more than the size limit (issue 13, items 3 and 5).

A named pipe where a record should be would block a read forever; a symbolic link to
``/dev/zero`` never ends; ``/proc`` files say they are empty and are not. A record's ``figid`` is
untrusted: one holding a path must not make lint read a "sidecar" elsewhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from curate.linter.document import Document, Limits, read_record_bytes, sidecar_path_for

BASE = (Path(__file__).parent / "rules" / "base.md").read_text()
FIGID = "PMC10003241__ijms-24-04893-g003"


def _lint(*args: str | Path) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang must fail the test, not stop the suite."""
    return subprocess.run([sys.executable, "-m", "curate", "lint", "--no-cache", "--format", "concise",
                           *map(str, args)], capture_output=True, text=True, timeout=60)


def test_a_named_pipe_is_reported_not_read(tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    os.mkfifo(folder / "x.md")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "x.md:1:1: E011" in result.stdout and "it is a named pipe, not a regular file" in result.stdout


def test_a_link_to_an_endless_device_is_reported_not_read(tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    (folder / "zero.md").symlink_to("/dev/zero")
    result = _lint(folder / "zero.md")
    assert result.returncode == 1
    assert "E011" in result.stdout and "a character device" in result.stdout


def test_reads_stop_at_the_limit_whatever_the_size_says(tmp_path):
    proc = Path("/proc/self/mountinfo")  # a regular file whose stat size is 0
    assert os.stat(proc).st_size == 0 and len(proc.read_bytes()) > 100
    link = tmp_path / "_figures" / "x.md"
    link.parent.mkdir()
    link.symlink_to(proc)
    problem = read_record_bytes(link, Limits(max_file_size=100))
    assert (problem.kind, problem.message) == ("file-too-large", "file is more than 100 bytes, over the limit of 100")


def _record_with_figid(tmp_path: Path, figid: str) -> Path:
    path = tmp_path / "tree" / "_figures" / f"{FIGID}.md"
    path.parent.mkdir(parents=True)
    path.write_text(BASE.replace(f"figid: {FIGID}", f"figid: '{figid}'", 1))
    return path


def test_a_figid_holding_a_path_never_leads_outside_the_data_folder(tmp_path):
    for figid in ("/etc/passwd", "../../outside", "..", "a/b", "a\\b"):
        path = _record_with_figid(tmp_path / str(abs(hash(figid))), figid)
        assert sidecar_path_for(path, figid) == str(path.parent.parent / "_data" / f"{FIGID}-genes.tsv")
    outside = tmp_path / "outside-genes.tsv"
    outside.write_text("word\tncbigene_symbol\nsecret\tSECRET\n")
    path = _record_with_figid(tmp_path / "probe", "../../../outside")
    doc = Document.from_path(path)
    assert doc.figid == "../../../outside"
    assert doc.sidecar is None  # the record's own sidecar does not exist; the outside file is not read


def test_a_sidecar_linked_outside_its_tree_or_to_a_device_is_not_read(tmp_path):
    path = _record_with_figid(tmp_path, FIGID)
    data = path.parent.parent / "_data"
    data.mkdir()
    sidecar = data / f"{FIGID}-genes.tsv"
    secret = tmp_path / "secret.tsv"
    secret.write_text("word\tncbigene_symbol\nsecret\tSECRET\n")
    assert Document.from_path(path).sidecar_refused is None  # no sidecar at all is no refusal
    sidecar.symlink_to(secret)
    doc = Document.from_path(path)
    assert (doc.sidecar, doc.sidecar_refused) == (None, "a symbolic link to a file outside the records' tree")
    inside = data / "real.tsv"
    inside.write_text("word\tncbigene_symbol\nkept\tKEPT\n")
    sidecar.unlink()
    sidecar.symlink_to(inside)
    doc = Document.from_path(path)
    assert (doc.sidecar, doc.sidecar_refused) == ([{"word": "kept", "ncbigene_symbol": "KEPT"}], None)
    sidecar.unlink()
    sidecar.symlink_to("/dev/zero")
    doc = Document.from_path(path)
    assert doc.sidecar is None and "outside the records' tree" in doc.sidecar_refused
    sidecar.unlink()
    os.mkfifo(sidecar)
    doc = Document.from_path(path)
    assert (doc.sidecar, doc.sidecar_refused) == (None, "it is a named pipe, not a regular file")  # and at once
    sidecar.unlink()
    sidecar.write_text("word\tncbigene_symbol\n" + "x\tX\n" * 1000)
    doc = Document.from_path(path, Limits(max_file_size=len(path.read_bytes()) + 10))
    assert doc.sidecar is None and re.fullmatch(rf"file is {sidecar.stat().st_size} bytes, over the limit of [0-9]+", doc.sidecar_refused)


def test_a_refused_sidecar_is_reported_under_the_name_looked_up(tmp_path):
    """E014 names the file curate tried: the record's own name when its figid holds a path."""
    from curate.linter.registry import find_rule
    from curate.linter.rule import Context

    path = _record_with_figid(tmp_path, "../../outside")
    data = path.parent.parent / "_data"
    data.mkdir()
    (data / f"{FIGID}-genes.tsv").write_bytes(b"word\tncbigene_symbol\n\xff\tX\n")
    rule = find_rule("E014")
    found = [d.message for d in rule.check(Document.from_path(path), rule.options(), Context())]
    assert found == [f"genes sidecar _data/{FIGID}-genes.tsv not read (not valid UTF-8: byte 0xff at byte offset "
                     f"21); the gene rules judged the keywords alone"]
    (data / f"{FIGID}-genes.tsv").unlink()
    data.rmdir()
    data.write_text("a file where the _data folder should be")
    assert Document.from_path(path).sidecar_refused is None  # no sidecar folder: nothing to report
