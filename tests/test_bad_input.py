"""Bad input: a clear diagnostic with line and column, exit 1, no traceback, and not one changed byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from curate_run import curate

BASE = (Path(__file__).parent / "rules" / "base.md").read_bytes()
LAUGHS = b"---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(8)
) + b"---\n"

CASES = {
    "not-utf8": (b"---\nfigid: PMC1__f1\nfigtitle: caf\xe9\n---\n", "E001", "3:14", "byte offset 33"),
    "empty": (b"", "E002", "1:1", "empty"),
    "whitespace-only": (b"  \n\n", "E002", "1:1", "empty"),
    "no-front-matter": (b"figid: PMC1__f1\n", "E003", "1:1", "first line"),
    "unterminated": (b"---\nfigid: PMC1__f1\n", "E004", "1:1", "never closed"),
    "syntax": (b"---\nfigid: PMC1__f1\ncaption: 'open\n---\n", "E005", "4:1", "while scanning a quoted scalar"),
    "bad-indent": (b"---\nfigid: x\n  bad: indent\n---\n", "E005", "3:6", "mapping values are not allowed"),
    "not-mapping": (b"---\n- a\n- b\n---\n", "E006", "2:1", "sequence"),
    "scalar": (b"---\njust text\n---\n", "E006", "2:1", "scalar"),
    "empty-front-matter": (b"---\n---\nbody\n", "E006", "2:1", "empty"),
    "duplicate": (b"---\nfigid: a\nfigid: b\n---\n", "E007", "3:1", "first on line 2"),
    "nested-duplicate": (b"---\nschema-jsonld:\n  name: a\n  name: b\n---\n", "E007", "4:3", "'name'"),
    "python-tag": (b"---\nfigid: !!python/object/apply:os.system ['touch /tmp/curate-pwned']\n---\n", "E008", "2:8",
                   "!!python/object/apply:os.system"),
    "custom-tag": (b"---\nfigid: !custom x\n---\n", "E008", "2:8", "'!custom'"),
    "billion-laughs": (LAUGHS, "E009", "5:4", "alias explosion"),
    "alias-cycle": (b"---\nfigid: PMC1__f1\nx: &x [a, *x]\n---\n", "E009", "3:4", "cycle"),
    "nul-byte": (b"---\nfigid: PMC1__f1\ncaption: a\x00b\n---\n", "E005", "3:11", "control character U+0000"),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "_figures"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.md"
    path.write_bytes(data)
    return path


def _assert_untouched_by_fix(path: Path) -> None:
    before = path.read_bytes() if not path.is_symlink() else None
    for args in (("fix",), ("fix", "--unsafe-fixes"), ("fix", "--dry-run")):
        outcome = curate(*args, "--no-cache", path)
        assert outcome.code == 1, (args, outcome.out, outcome.err)
        assert "Traceback" not in outcome.err
        if before is not None:
            assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_and_never_changed(name, tmp_path):
    data, code, position, words = CASES[name]
    path = _write(tmp_path, name, data)
    outcome = curate("lint", "--format", "concise", "--no-cache", path)
    assert outcome.code == 1, outcome.err
    assert "Traceback" not in outcome.err
    line = next(line for line in outcome.lines if f" {code} " in line)
    assert words in line
    assert line.startswith(f"{path}:{position}: {code} ")
    _assert_untouched_by_fix(path)
    assert not Path("/tmp/curate-pwned").exists()


def test_file_over_the_size_limit_is_not_parsed(tmp_path):
    path = _write(tmp_path, "big", b"---\nfigid: PMC1__f1\ncaption: '" + b"x" * 3000 + b"'\n---\n")
    outcome = curate("lint", "--format", "concise", "--no-cache", "--max-file-size", "1000", path)
    assert outcome.code == 1
    assert [line for line in outcome.lines if " E010 " in line] == [f"{path}:1:1: E010 [error] file is 3036 bytes, over the limit of 1000"]
    assert len(outcome.lines) == 1


def test_dangling_symlink_and_unreadable_file(tmp_path):
    folder = tmp_path / "_figures"
    folder.mkdir()
    (folder / "gone.md").symlink_to(tmp_path / "missing.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    outcome = curate("lint", "--format", "concise", "--no-cache", tmp_path)
    assert outcome.code == 1
    assert any(" E012 " in line and "gone.md" in line for line in outcome.lines)
    assert any(" E011 " in line and "loop.md" in line for line in outcome.lines)
    for path in (folder / "gone.md", folder / "loop.md"):
        _assert_untouched_by_fix(path)
        assert path.is_symlink()


@pytest.mark.parametrize("variant", ["crlf", "bom", "crlf+bom"])
def test_crlf_and_bom_are_valid(variant, tmp_path):
    data = BASE.replace(b"\n", b"\r\n") if "crlf" in variant else BASE
    data = b"\xef\xbb\xbf" + data if "bom" in variant else data
    path = _write(tmp_path, "PMC10003241__ijms-24-04893-g003", data)
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", path)
    assert outcome.code == 0, outcome.out
    assert outcome.lines == []
    curate("fix", "--no-cache", path)
    assert path.read_bytes() == data


def test_body_after_front_matter_is_kept(tmp_path):
    data = BASE + b"\nSome body text\n---\nnot: yaml: [\n"
    path = _write(tmp_path, "PMC10003241__ijms-24-04893-g003", data)
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", path)
    assert outcome.code == 0, outcome.out


def test_dots_close_front_matter(tmp_path):
    path = _write(tmp_path, "dots", b"---\nfigid: PMC1__f1\n...\nbody\n")
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", path)
    assert outcome.code == 0, outcome.out


def test_plain_yaml_record(tmp_path):
    path = tmp_path / "_figures" / "PMC1__f1.yaml"
    path.parent.mkdir()
    path.write_text("figid: PMC1__f1\nfigtitle: a title\n")
    assert curate("lint", "--format", "concise", "--no-cache", "--select", "E", path).code == 0
    path.write_text("- not\n- a mapping\n")
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", path)
    assert outcome.lines == [f"{path}:1:1: E006 [error] front matter is a sequence, expected a mapping of keys"]


def test_unreadable_permissions(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    path = _write(tmp_path, "secret", BASE)
    path.chmod(0)
    outcome = curate("lint", "--format", "concise", "--no-cache", path)
    assert any(" E011 " in line for line in outcome.lines)
