"""A content-addressed result cache in ``.curate_cache/`` (one SQLite file) that trusts only itself.

A key covers everything that can change a file's diagnostics: its path, its bytes, its sidecar's
size and modification time, the resolved configuration, the code of the engine and the rules, and
the data each rule depends on (its ``data_version``). Entries are checked JSON, never code. Only
the main process writes.

Trust. The cache sits in the linted tree, and the tree is untrusted: a pull request can commit a
``.curate_cache/``. So every key is a keyed hash (BLAKE2b) under this installation's secret, and
every entry carries a MAC of its key and payload under the same secret. The secret is 32 random
bytes in ``<user cache folder>/results.key`` (mode 0600, outside any linted tree; see
:func:`curate.linter.knowledge.user_cache_dir`). A cache made elsewhere never matches a key, and
an entry whose payload was changed is a miss: a cache can save work, never change a verdict.

Safety. The cache folder, its database (with SQLite's ``-wal``, ``-shm`` and ``-journal`` files)
and its ``.gitignore`` must not be symbolic links: one of them is refused, and the run goes on
without the cache, so nothing is ever written through a link out of the folder.

Failures. Whatever stops the cache (a read-only tree, a file where the folder should be, a full
disk, a database locked by another process beyond :data:`BUSY_TIMEOUT`) makes the run go on without
it, after one warning. A damaged database (not SQLite, corrupt pages, a table of another shape)
is set aside as ``<name>.damaged`` and a new one started, so damage never disables the cache for good.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from curate.linter import knowledge
from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity

CACHE_DIR_NAME = ".curate_cache"
CACHE_ENV = "CURATE_RESULTS_CACHE"
DATABASE_NAME = "results-v2.sqlite3"
KEY_NAME = "results.key"
KEY_SIZE = 32
BUSY_TIMEOUT = 2.0  # seconds: enough for another run's batch write, short enough not to stall a run
_COLUMNS = ["key", "diagnostics", "mac"]
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, diagnostics TEXT NOT NULL, mac BLOB NOT NULL)"
_DATABASE_FILES = (DATABASE_NAME, *(DATABASE_NAME + suffix for suffix in ("-wal", "-shm", "-journal")))
_OWN_FILES = (*_DATABASE_FILES, ".gitignore")
_DAMAGE = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # where the platform has it (lstat checks guard the rest)


class CacheUnavailable(Exception):
    """The cache cannot be used in this run; the message says why."""


class _Damaged(Exception):
    """The database is not one this cache can read; it is set aside and a new one started."""


def cache_key(token: bytes, display: str, raw: bytes, sidecar: str | None) -> str:
    """A file's key under a run's :meth:`ResultCache.token` (a keyed hash: nobody else can make one)."""
    digest = hashlib.blake2b(key=token, digest_size=32)
    digest.update(display.encode())
    digest.update(b"\0")
    digest.update(raw)
    if sidecar is not None:
        try:
            stat_ = os.stat(sidecar)
            digest.update(f"\0{stat_.st_size}:{stat_.st_mtime_ns}".encode())
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
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


# ------------------------------------------------------------------ the installation's secret
def installation_secret(folder: Path | None = None) -> bytes:
    """This installation's secret, made on first use: 32 random bytes only its user can read.

    A key file that is a symlink, not a regular file, not the user's own, readable by others or of
    the wrong size is not trusted: a new secret replaces it (cached entries then become misses).
    """
    folder = folder if folder is not None else knowledge.user_cache_dir()
    path = folder / KEY_NAME
    try:
        secret = _read_private(path)
        if secret is not None:
            return secret
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".results-key-")  # mode 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(os.urandom(KEY_SIZE))
            if os.path.lexists(path):
                os.replace(temporary, path)  # replaces a link itself, never what it points to
            else:
                try:
                    os.link(temporary, path)  # never over a key another run has just made
                except FileExistsError:
                    pass
        finally:
            Path(temporary).unlink(missing_ok=True)  # renamed into place, or linked and now a second name
        secret = _read_private(path)
    except OSError as error:
        raise CacheUnavailable(f"cannot keep the cache's key in {folder} ({error.strerror or error})") from None
    if secret is None:
        raise CacheUnavailable(f"{path} is not a private file of {KEY_SIZE} bytes")
    return secret


def _read_private(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file of the right size, the user's own, private; else None."""
    try:
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:
        if os.path.islink(path):  # O_NOFOLLOW refused it
            return None
        raise
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        owner = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner or info.st_mode & 0o077 or info.st_size != KEY_SIZE:
            return None
        return stream.read(KEY_SIZE)


# ------------------------------------------------------------------ the cache
class ResultCache:
    """The results of one cache folder. Every method answers "nothing cached" once the cache has
    failed; ``warn`` (None: silent, for workers' read-only copies) hears of the first failure."""

    def __init__(self, directory: Path, readonly: bool = False,
                 warn: Callable[[str], None] | None = knowledge.warn) -> None:
        self.directory = directory
        self.readonly = readonly
        self._warn = warn
        self._connection: sqlite3.Connection | None = None
        self._secret = b""
        self.failed = False

    @property
    def path(self) -> Path:
        return self.directory / DATABASE_NAME

    def usable(self) -> bool:
        """Open the cache now; False (after one warning) when this run must do without it."""
        return self._connect() is not None

    def token(self, run_token: str) -> bytes:
        """The key every :func:`cache_key` of a run is made with: the run token under the secret."""
        self._connect()
        return hashlib.blake2b(run_token.encode(), key=self._secret, digest_size=32).digest()

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is None and not self.failed:
            try:
                self._secret = installation_secret()
                self._connection = self._open()
            except _Damaged as damage:
                if self.readonly:  # only the writer moves files
                    self._fail(str(damage))
                    return None
                self._set_aside(str(damage))
                try:
                    self._connection = self._open()
                except (_Damaged, CacheUnavailable) as error:
                    self._fail(str(error))
            except CacheUnavailable as error:
                self._fail(str(error))
        return self._connection

    def _open(self) -> sqlite3.Connection | None:
        """A connection to a database this cache can use, after checking the folder holds no links."""
        try:
            info = os.lstat(self.directory)
        except FileNotFoundError:
            if self.readonly:
                return None
            try:
                self.directory.parent.mkdir(parents=True, exist_ok=True)
                os.mkdir(self.directory, 0o755)
            except OSError as error:
                raise CacheUnavailable(f"cannot create {self.directory} ({error.strerror or error})") from None
        except OSError as error:
            raise CacheUnavailable(f"cannot use {self.directory} ({error.strerror or error})") from None
        else:
            if stat.S_ISLNK(info.st_mode):
                raise CacheUnavailable(f"{self.directory} is a symbolic link; not followed")
            if not stat.S_ISDIR(info.st_mode):
                raise CacheUnavailable(f"{self.directory} is not a folder")
        for name in _OWN_FILES:
            try:
                info = os.lstat(self.directory / name)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise CacheUnavailable(f"cannot use {self.directory} ({error.strerror or error})") from None
            if stat.S_ISLNK(info.st_mode):
                raise CacheUnavailable(f"{self.directory / name} is a symbolic link; not followed")
            if not stat.S_ISREG(info.st_mode):
                raise _Damaged(f"{self.directory / name} is not a regular file")
        if self.readonly:
            if not self.path.exists():
                return None
            return self._guarded(lambda: sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True,
                                                          timeout=BUSY_TIMEOUT))
        self._write_gitignore()
        connection = self._guarded(lambda: sqlite3.connect(self.path, timeout=BUSY_TIMEOUT))
        try:
            columns = self._guarded(lambda: [row[1] for row in connection.execute("PRAGMA table_info(results)")])
            if columns and columns != _COLUMNS:
                raise _Damaged(f"{self.path} holds a results table of another format")
            self._guarded(lambda: connection.execute("PRAGMA journal_mode=WAL"))
            self._guarded(lambda: connection.execute(_SCHEMA))
        except BaseException:
            connection.close()
            raise
        return connection

    def _write_gitignore(self) -> None:
        """Keep the folder out of git; created without following a link, never rewritten."""
        try:
            handle = os.open(self.directory / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        except FileExistsError:
            return
        except OSError as error:
            raise CacheUnavailable(f"cannot write in {self.directory} ({error.strerror or error})") from None
        with os.fdopen(handle, "w") as stream:
            stream.write("*\n")

    def _guarded(self, action: Callable):
        """``action()``, with SQLite's failures as _Damaged (the file is not a usable database) or
        CacheUnavailable (locked, read-only, full, I/O error: the file may be fine)."""
        try:
            return action()
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in _DAMAGE:
                raise _Damaged(f"{self.path} is damaged ({error})") from None
            if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise CacheUnavailable(f"{self.path} is locked by another process") from None
            raise CacheUnavailable(f"cannot use {self.path} ({error})") from None
        except OSError as error:
            raise CacheUnavailable(f"cannot use {self.path} ({error.strerror or error})") from None

    def _set_aside(self, reason: str) -> None:
        """Move a damaged database (and its journal files) to ``*.damaged``; the next open starts afresh."""
        self.close()
        moved = []
        try:
            for name in _OWN_FILES:
                source = self.directory / name
                if name in _DATABASE_FILES and os.path.lexists(source) or os.path.isdir(source):
                    target = self.directory / f"{name}.damaged"
                    if os.path.isdir(target) and not os.path.islink(target):
                        shutil.rmtree(target)
                    os.replace(source, target)
                    moved.append(target.name)
        except OSError as error:
            self._fail(f"{reason}; cannot set it aside ({error.strerror or error})")
            return
        if self._warn is not None:
            self._warn(f"{reason}; set aside as {', '.join(moved)} and a new cache started")

    def _fail(self, reason: str) -> None:
        self.close()
        if not self.failed and self._warn is not None:
            self._warn(f"result cache not used: {reason}")
        self.failed = True

    def _run(self, action: Callable[[sqlite3.Connection], object], nothing: object) -> object:
        """``action(connection)``, or ``nothing`` when the cache is unusable or fails now (one warning;
        a database found damaged now is set aside, and the next call starts a new one)."""
        connection = self._connect()
        if connection is None:
            return nothing
        try:
            return self._guarded(lambda: action(connection))
        except _Damaged as damage:
            if self.readonly:
                self._fail(str(damage))
            else:
                self._set_aside(str(damage))  # the next call opens a new database
        except CacheUnavailable as error:
            self._fail(str(error))
        return nothing

    def _mac(self, key: str, payload: str) -> bytes:
        return hashlib.blake2b(f"{key}\0{payload}".encode(), key=self._secret, digest_size=16).digest()

    def get(self, key: str) -> list[Diagnostic] | None:
        payload = self.payloads([key]).get(key)
        return decode(payload) if payload is not None else None

    def payloads(self, keys: list[str]) -> dict[str, str]:
        """The stored entries of ``keys`` this installation wrote, undecoded, in one query (at most a
        few hundred keys); an entry whose MAC does not match is left out (a miss).

        Decoding waits for :func:`decode`, one file at a time: hundreds of decoded files held at
        once would keep the garbage collector busy re-scanning them."""
        if not keys:
            return {}
        rows = self._run(lambda connection: connection.execute(
            f"SELECT key, diagnostics, mac FROM results WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall(),
            [])
        return {key: payload for key, payload, mac in rows
                if type(payload) is str and type(mac) is bytes and hmac.compare_digest(mac, self._mac(key, payload))}

    def is_empty(self) -> bool:
        return self._run(lambda connection: connection.execute("SELECT 1 FROM results LIMIT 1").fetchone(), None) is None

    def existing(self, keys: list[str]) -> set[str]:
        """The keys among ``keys`` that have an entry (looked up in batches)."""
        def look_up(connection: sqlite3.Connection) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                found.update(row[0] for row in connection.execute(f"SELECT key FROM results WHERE key IN ({marks})",
                                                                   batch))
            return found

        return self._run(look_up, set())

    def put_many(self, entries: list[tuple[str, str]]) -> None:
        """Store ``(key, encoded diagnostics)`` pairs (see :func:`encode`), each with its MAC."""
        if not entries:
            return

        def write(connection: sqlite3.Connection) -> None:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO results (key, diagnostics, mac) VALUES (?, ?, ?)",
                                       [(key, payload, self._mac(key, payload)) for key, payload in entries])

        self._run(write, None)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def default_cache_dir(root: Path) -> Path:
    """``$CURATE_RESULTS_CACHE`` when set (and not empty), else ``.curate_cache`` in the tree's root."""
    return Path(os.environ.get(CACHE_ENV) or root / CACHE_DIR_NAME)


def remove_cache(directory: Path) -> str:
    """``curate clean``: remove a cache folder (a symlink in its place: the link, never its target)."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return f"no cache at {directory}"
    if stat.S_ISLNK(info.st_mode):
        os.unlink(directory)
        return f"removed {directory} (a symbolic link; what it pointed to is left alone)"
    if not stat.S_ISDIR(info.st_mode):
        return f"{directory} is not a cache folder; left alone"
    # only the cache's own files: CURATE_RESULTS_CACHE may name a folder that holds other things
    own = {*_OWN_FILES, *(f"{name}.damaged" for name in _OWN_FILES)}
    try:
        for entry in os.scandir(directory):
            if entry.name in own:
                # a folder set aside in the database's place is a real folder, never a link's target
                shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
        os.rmdir(directory)
    except OSError as error:
        if error.errno == errno.ENOTEMPTY:
            return f"removed the cache's files from {directory}; the folder holds other files and is left"
        return f"cannot remove {directory} ({error.strerror or error})"
    return f"removed {directory}"
