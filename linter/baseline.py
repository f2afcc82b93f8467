"""Baselines: adopt the linter on a legacy corpus by recording today's problems and reporting only new ones.

A baseline entry is a file, a rule code and a fingerprint of the offending value: the sha256 of
the code, the key path and the text of the diagnostic's span (the message when it has no span).
Line numbers are left out, so edits elsewhere in a record keep its entries valid; changing the
offending value itself makes the problem new again. Matching counts: two equal fingerprints in
the baseline absorb two equal diagnostics, not more.

The file is JSON with a version, its entries sorted, and paths relative to the baseline file's
folder, so it can be committed and used from any checkout.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from curate import __version__
from curate.linter.config import ConfigError
from curate.linter.document import InputProblem, read_record_bytes
from curate.linter.files import write_atomically
from curate.linter.diagnostic import Diagnostic
from curate.linter.runner import FileResult

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, fingerprint)


def apply_baseline(
    results: Iterable[FileResult], baseline: Path | None, write: Path | None, notes: TextIO
) -> Iterator[FileResult]:
    """Drop diagnostics recorded in ``baseline``; record what this run found in ``write``.

    With both, ``write`` receives only the baseline entries that still occur: the way to prune
    fixed entries without adopting new problems. With ``write`` alone every diagnostic is recorded.
    """
    known = load_baseline(baseline) if baseline is not None else None
    remaining = Counter(known) if known is not None else Counter()
    base_folder = _folder(baseline)
    write_folder = _folder(write)
    recorded: list[tuple[Key, str]] = []
    seen_files: set[str] = set()
    for result in results:
        if known is not None:
            seen_files.add(_relative(result.path, base_folder))
        if not result.diagnostics:
            yield result
            continue
        text = _file_text(result.path)
        kept: list[Diagnostic] = []
        for diagnostic in result.diagnostics:
            mark = fingerprint(diagnostic, text)
            matched = False
            if known is not None:
                key = (_relative(diagnostic.path, base_folder), diagnostic.code, mark)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    matched = True
            if write is not None and (known is None or matched):
                recorded.append(((_relative(diagnostic.path, write_folder), diagnostic.code, mark),
                                 diagnostic.message))
            if not matched:
                kept.append(diagnostic)
        yield result if len(kept) == len(result.diagnostics) else dataclasses.replace(result, diagnostics=kept)
    if write is not None:
        write_baseline(write, recorded)
    if known is not None:
        gone = sum(count for (path, _, _), count in remaining.items() if count > 0 and path in seen_files)
        if gone:
            notes.write(f"{gone} baseline entr{'ies' if gone != 1 else 'y'} no longer occur{'' if gone != 1 else 's'} "
                        f"(fixed); prune them with --write-baseline\n")


def fingerprint(diagnostic: Diagnostic, text: str | None) -> str:
    """What identifies a problem across edits: code, key path and the offending text, never a line number."""
    if text is not None and 0 <= diagnostic.start < diagnostic.end <= len(text):
        what = "span\0" + text[diagnostic.start : diagnostic.end].replace("\r\n", "\n")
    else:
        what = "message\0" + diagnostic.message
    # list positions shift when an item above is added or removed; the span text names the item
    where = json.dumps(["[]" if isinstance(part, int) else part for part in diagnostic.key_path],
                       ensure_ascii=False, default=str)
    return hashlib.sha256(f"{diagnostic.code}\0{where}\0{what}".encode("utf-8", "surrogatepass")).hexdigest()


def load_baseline(path: Path) -> Counter[Key]:
    """The baseline's entries as a multiset; a missing or malformed file is a ConfigError naming it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: not a curate baseline file: {error}") from None
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("files"), dict):
        raise ConfigError(f'{path}: not a curate baseline file (expected a JSON object with "version" and "files")')
    if data["version"] != FORMAT_VERSION:
        raise ConfigError(f"{path}: baseline version {data['version']!r} is not supported "
                          f"(this curate writes version {FORMAT_VERSION}; rewrite it with --write-baseline)")
    entries: Counter[Key] = Counter()
    for file, items in data["files"].items():
        if not isinstance(items, list):
            raise ConfigError(f"{path}: baseline entries of {file!r} are not a list")
        for item in items:
            if not (isinstance(item, dict) and isinstance(item.get("code"), str)
                    and isinstance(item.get("fingerprint"), str)):
                raise ConfigError(f"{path}: malformed baseline entry for {file!r}: {item!r}")
            entries[(file, item["code"], item["fingerprint"])] += 1
    return entries


def write_baseline(path: Path, recorded: list[tuple[Key, str]]) -> None:
    """Write entries grouped by file, sorted, so a baseline diffs cleanly from one run to the next."""
    files: dict[str, list[dict[str, str]]] = {}
    for (file, code, mark), message in sorted(recorded):
        files.setdefault(file, []).append({"code": code, "fingerprint": mark, "message": message})
    document = {"version": FORMAT_VERSION, "tool": f"curate {__version__}",
                "entries": len(recorded), "files": dict(sorted(files.items()))}
    try:
        write_atomically((json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), Path(path))
    except OSError as error:
        raise ConfigError(f"{path}: cannot write the baseline ({error.strerror or error})") from None


def _folder(path: Path | None) -> str:
    return os.path.dirname(os.path.abspath(path)) if path is not None else ""


def _relative(path: str, folder: str) -> str:
    return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()


def _file_text(path: str) -> str | None:
    """The text diagnostics' offsets count in: UTF-8, byte order mark left out (as ``Document``)."""
    raw = read_record_bytes(path)  # a regular file, read no further than the size limit
    if isinstance(raw, InputProblem):
        return None
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
