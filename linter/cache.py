"""A content-addressed result cache in ``.curate_cache/`` (one SQLite file).

A key covers everything that can change a file's diagnostics: its path, its bytes, its sidecar's
size and modification time, the resolved configuration, the code of the engine and the rules, and
the data each rule depends on (its ``data_version``). Entries are checked JSON, never code. Only
the main process writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity

CACHE_DIR_NAME = ".curate_cache"
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, diagnostics TEXT NOT NULL)"


def cache_key(run_token: str, display: str, raw: bytes, sidecar: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(run_token.encode())
    digest.update(b"\0")
    digest.update(display.encode())
    digest.update(b"\0")
    digest.update(raw)
    if sidecar is not None:
        try:
            stat = os.stat(sidecar)
            digest.update(f"\0{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(b"\0-")
    return digest.hexdigest()


_SEVERITIES = {int(level): level for level in Severity}
_APPLICABILITIES = {item.value: item for item in Applicability}


def _decode(row: list) -> Diagnostic:
    """A cached diagnostic, checked field by field: the cache file is data, never code.

    This runs for every diagnostic of a warm run, so the checks are written out, not generic.
    """
    path, line, column, end_line, end_column, message, start, end, key_path, fix, code, name, severity, evidence = row
    if (type(line) is not int or type(column) is not int or type(end_line) is not int or type(end_column) is not int
            or type(start) is not int or type(end) is not int or type(path) is not str or type(message) is not str
            or type(code) is not str or type(name) is not str):
        raise ValueError("malformed cached diagnostic")
    key_path = tuple(key_path)
    if not _KEY_PARTS.issuperset(map(type, key_path)):
        raise ValueError("malformed key path")
    if fix is not None:
        title, applicability, edits = fix
        edits = tuple(map(Edit._make, edits))
        for edit_start, edit_end, content in edits:
            if type(edit_start) is not int or type(edit_end) is not int or type(content) is not str:
                raise ValueError("malformed edit")
        if type(title) is not str:
            raise ValueError("malformed fix")
        fix = Fix(title, _APPLICABILITIES[applicability], edits)
    if evidence:
        evidence = tuple(map(tuple, evidence))
        for pair in evidence:
            if len(pair) != 2 or type(pair[0]) is not str or type(pair[1]) is not str:
                raise ValueError("malformed evidence")
    return Diagnostic(path, line, column, end_line, end_column, message, start, end, key_path, fix,
                      code, name, _SEVERITIES[severity] if severity is not None else None, evidence or ())


_KEY_PARTS = frozenset((str, int, float, bool, type(None)))  # what YAML keys and list indexes can be


def encode(diagnostics: list[Diagnostic]) -> str:
    """A file's diagnostics as the cache stores them: a diagnostic is a named tuple of JSON
    types (its enums are an int and a string), so JSON writes it as the array _decode reads."""
    return json.dumps(diagnostics, ensure_ascii=False)


def decode(payload: str) -> list[Diagnostic] | None:
    """A stored entry's diagnostics; None for a damaged or foreign entry (a miss, never trusted)."""
    try:
        return [_decode(entry) for entry in json.loads(payload)]
    except (ValueError, TypeError, KeyError):
        return None


class ResultCache:
    def __init__(self, directory: Path, readonly: bool = False) -> None:
        self.directory = directory
        self.readonly = readonly
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is None:
            path = self.directory / "results-v2.sqlite3"
            try:
                if self.readonly:
                    if not path.exists():
                        return None
                    self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
                else:
                    self.directory.mkdir(parents=True, exist_ok=True)
                    gitignore = self.directory / ".gitignore"
                    if not gitignore.exists():
                        gitignore.write_text("*\n")
                    self._connection = sqlite3.connect(path, timeout=30)
                    self._connection.execute("PRAGMA journal_mode=WAL")
                    self._connection.execute(_SCHEMA)
            except sqlite3.Error:
                return None
        return self._connection

    def get(self, key: str) -> list[Diagnostic] | None:
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute("SELECT diagnostics FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return decode(row[0]) if row else None

    def payloads(self, keys: list[str]) -> dict[str, str]:
        """The stored entries of ``keys``, undecoded, in one query (at most a few hundred keys).

        Decoding waits for :func:`decode`, one file at a time: hundreds of decoded files held at
        once would keep the garbage collector busy re-scanning them."""
        connection = self._connect()
        if connection is None or not keys:
            return {}
        try:
            return dict(connection.execute(
                f"SELECT key, diagnostics FROM results WHERE key IN ({','.join('?' * len(keys))})", keys))
        except sqlite3.Error:
            return {}

    def is_empty(self) -> bool:
        connection = self._connect()
        if connection is None:
            return True
        try:
            return connection.execute("SELECT 1 FROM results LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def existing(self, keys: list[str]) -> set[str]:
        """The keys among ``keys`` that have an entry (looked up in batches)."""
        connection = self._connect()
        found: set[str] = set()
        if connection is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                found.update(row[0] for row in connection.execute(f"SELECT key FROM results WHERE key IN ({marks})",
                                                                   batch))
        except sqlite3.Error:
            return set()
        return found

    def put_many(self, entries: list[tuple[str, str]]) -> None:
        """Store ``(key, encoded diagnostics)`` pairs (see :func:`encode`)."""
        connection = self._connect()
        if connection is None or not entries:
            return
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO results (key, diagnostics) VALUES (?, ?)", entries)
        except sqlite3.Error:
            return

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def default_cache_dir(root: Path) -> Path:
    return Path(os.environ.get("CURATE_RESULTS_CACHE", root / CACHE_DIR_NAME))
