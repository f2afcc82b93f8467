"""The result cache hands back only results this installation computed (issue 13, item 2).

A ``.curate_cache/`` in the linted tree is untrusted: a pull request can commit one. These tests
play the attacker with the real CLI and a real SQLite file, and check that the verdict is the one
a run without any cache gives.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from curate_run import curate

BASE = Path(__file__).parent / "rules" / "base.md"
PROBLEMS = "---\nfigid: PMC1__f1\ndoi: 10.1000/a\ndoi: 10.1000/b\n---\n"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    (root / "_figures").mkdir(parents=True)
    (root / ".curate.toml").write_text("")
    (root / "_figures" / "PMC1__f1.md").write_text(PROBLEMS)
    return root


def lint(root, *options):
    """A lint from the tree's top, as CI runs it: the same relative names on every machine."""
    return curate("lint", "--format", "concise", "--select", "E", *options, "_figures", cwd=root)


def whitewash(database):
    """What an attacker does to a cache before committing it: every entry says "no problems"."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE results SET diagnostics = '[]'")


def test_a_committed_cache_made_by_another_installation_changes_no_verdict(tree, tmp_path, monkeypatch):
    expected = lint(tree, "--no-cache")
    assert expected.code == 1 and expected.lines
    # the attacker's machine: its own user cache folder, the same record, the same curate
    monkeypatch.setenv("CURATE_CACHE_DIR", str(tmp_path / "attacker-home"))
    lint(tree)
    whitewash(tree / ".curate_cache" / "results-v2.sqlite3")
    # a fresh clone on CI (another user cache folder) holding the committed cache
    clone = tmp_path / "clone"
    shutil.copytree(tree, clone)
    monkeypatch.setenv("CURATE_CACHE_DIR", str(tmp_path / "ci-home"))
    verdict = lint(clone)
    assert (verdict.code, verdict.lines) == (1, expected.lines)


def test_an_entry_whose_payload_was_swapped_is_a_miss(tree):
    """Entries of this installation's own cache, edited in place (a leaked cache committed back)."""
    first = lint(tree)
    assert first.code == 1
    whitewash(tree / ".curate_cache" / "results-v2.sqlite3")
    second = lint(tree)
    assert (second.code, second.lines) == (1, first.lines)


def test_the_installation_key_is_private_and_outside_the_tree(tree, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CURATE_CACHE_DIR", str(home))
    lint(tree)
    key = home / "results.key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32
    assert not [path for path in tree.rglob("*") if path.name == "results.key"]


def test_a_readable_or_replaced_key_is_not_trusted(tree, tmp_path, monkeypatch):
    """A key others could read (or a key file that is a symlink) is replaced: old entries become misses."""
    home = tmp_path / "home"
    monkeypatch.setenv("CURATE_CACHE_DIR", str(home))
    first = lint(tree)
    key = home / "results.key"
    before = key.read_bytes()
    key.chmod(0o644)
    whitewash(tree / ".curate_cache" / "results-v2.sqlite3")
    # with the same key, re-signing the doctored rows would need the key: nobody else holds it
    replaced = lint(tree)
    assert replaced.lines == first.lines and replaced.err == ""  # a new key, and the cache in use
    assert key.read_bytes() != before and key.stat().st_mode & 0o777 == 0o600
    outside = tmp_path / "outside.key"
    outside.write_bytes(b"k" * 32)
    outside.chmod(0o600)
    key.unlink()
    key.symlink_to(outside)
    relinked = lint(tree)
    assert relinked.lines == first.lines and relinked.err == ""
    assert not key.is_symlink() and outside.read_bytes() == b"k" * 32


def test_cached_results_are_still_used(tree, monkeypatch):
    """The guard costs no hits: a warm run answers from the cache, and gives the same findings."""
    import curate.linter.runner as runner

    first = lint(tree, "--format", "json")
    linted = []
    monkeypatch.setattr(runner, "check_document", lambda doc, *rest: linted.append(doc.path) or [])
    second = lint(tree, "--format", "json")
    assert linted == []
    assert json.loads(second.out)["diagnostics"] == json.loads(first.out)["diagnostics"]


def test_the_report_reads_only_entries_this_installation_wrote(tree):
    """``curate report`` reads the cache from its own per-file step (the read-only view)."""
    def report():
        outcome = curate("report", "--format", "json", "_figures", cwd=tree)
        assert outcome.code == 0, outcome.err
        return json.loads(outcome.out)

    first = report()
    whitewash(tree / ".curate_cache" / "results-v2.sqlite3")
    assert report() == first


def test_a_fix_never_fills_the_cache(tmp_path):
    """A fix's diagnostics are those of the fixed text: stored under the original bytes' key, a dry
    run (or a fix and an undo) would make the next lint pass a record with an error."""
    root = tmp_path / "tree"
    record = root / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    record.parent.mkdir(parents=True)
    (root / ".curate.toml").write_text("")
    defective = BASE.read_text(encoding="utf-8").replace("doi: 10.3390/ijms24054893\n", "doi: doi:10.3390/ijms24054893\n")
    record.write_text(defective, encoding="utf-8")
    expected = curate("lint", "--no-cache", "--format", "concise", "--select", "D003", "_figures", cwd=root)
    assert expected.code == 1 and expected.lines
    assert curate("fix", "--dry-run", "--select", "D003", "_figures", cwd=root).code == 1  # into an empty cache
    dry = curate("lint", "--format", "concise", "--select", "D003", "_figures", cwd=root)
    assert (dry.code, dry.lines) == (1, expected.lines)
    shutil.rmtree(root / ".curate_cache")
    assert curate("fix", "--select", "D003", "_figures", cwd=root).code == 0
    record.write_text(defective, encoding="utf-8")  # the fix undone
    again = curate("lint", "--format", "concise", "--select", "D003", "_figures", cwd=root)
    assert (again.code, again.lines) == (1, expected.lines)


def test_a_record_changed_after_it_was_keyed_is_stored_under_its_new_key(tree, monkeypatch):
    """The main process keys every file before the workers lint it; an editor saving in between must
    not leave the verdict on the new bytes under the old bytes' key."""
    import curate.linter.runner as runner

    record = tree / "_figures" / "PMC1__f1.md"
    other = tree / "_figures" / "PMC2__f1.md"
    other.write_text(PROBLEMS.replace("PMC1", "PMC2"))
    lint(tree)  # a non-empty cache: the next run keys files in the main process first
    clean = "---\nfigid: PMC1__f1\ndoi: 10.1000/a\n---\n"
    record.write_text(clean)
    keys = runner._keys

    def keyed_then_saved(targets, token, limits):
        found = keys(targets, token, limits)
        record.write_text(PROBLEMS)  # saved again right after it was keyed
        return found

    monkeypatch.setattr(runner, "_keys", keyed_then_saved)
    lint(tree, "--jobs", "1")
    monkeypatch.setattr(runner, "_keys", keys)
    record.write_text(clean)
    assert lint(tree).lines == lint(tree, "--no-cache").lines


def test_cache_keys_cover_the_data_files_rules_read(monkeypatch):
    """The schema, the species table and the gene weights change verdicts as code does."""
    import curate.linter.runner as runner

    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    runner.code_digest.__wrapped__(())
    assert {"figure.schema.json", "species.tsv", "weights.json", "cli.py"} <= set(read)
    assert "snapshot.bin" not in read  # its checksum is in the gene rules' data version
