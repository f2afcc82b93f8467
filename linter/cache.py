"""A content-addressed result cache in ``.curate_cache/`` (one SQLite file).

A key covers everything that can change a file's diagnostics: its path, its bytes, its sidecar's
size and modification time, the resolved configuration, every enabled rule's version and the data
each rule depends on (its ``fingerprint``). Workers read; only the main process writes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from pathlib import Path

from linter.diagnostic import Diagnostic

CACHE_DIR_NAME = ".curate_cache"
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, diagnostics BLOB NOT NULL)"


def cache_key(run_token: str, display: str, raw: bytes, sidecar: Path | None) -> str:
    digest = hashlib.sha256()
    digest.update(run_token.encode())
    digest.update(b"\0")
    digest.update(display.encode())
    digest.update(b"\0")
    digest.update(raw)
    if sidecar is not None:
        try:
            stat = sidecar.stat()
            digest.update(f"\0{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(b"\0-")
    return digest.hexdigest()


class ResultCache:
    def __init__(self, directory: Path, readonly: bool = False) -> None:
        self.directory = directory
        self.readonly = readonly
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is None:
            path = self.directory / "results.sqlite3"
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
        return pickle.loads(row[0]) if row else None

    def put_many(self, entries: list[tuple[str, list[Diagnostic]]]) -> None:
        connection = self._connect()
        if connection is None or not entries:
            return
        try:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO results (key, diagnostics) VALUES (?, ?)",
                    [(key, pickle.dumps(diagnostics, protocol=pickle.HIGHEST_PROTOCOL)) for key, diagnostics in entries],
                )
        except sqlite3.Error:
            return

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def default_cache_dir(root: Path) -> Path:
    return Path(os.environ.get("CURATE_RESULTS_CACHE", root / CACHE_DIR_NAME))
