"""Applying fixes: sorted non-overlapping edits, a check of the result, re-lint, repeat until stable,
then a careful write.

Edits come from the rules (computed on the document's positions during the lint). The fixer never
re-dumps a document. ruamel.yaml's round-trip loader is used here, on the fix path only, to make
sure no fix drops a YAML comment (a curator's note or a suppression).

## What a pass guarantees

Every pass re-reads the edited text and keeps it only when it loads to exactly the data intended:
the old data with each applied fix's change (the :class:`~curate.linter.edits.Change` its edits
carry: a value at a key path, or a key or item removed) and nothing else: no key appearing or
disappearing, no other value changed, types and key order included, the text outside the front
matter byte for byte the same. An edit that cannot say what it changes (a plugin's hand-made
:class:`Edit`) may change only the value at its diagnostic's key path; a
:class:`~curate.linter.edits.CommentEdit` (removing an unused suppression) may change comments
only, so the data must read back unchanged. A fix that fails the check, would make the record
unreadable, remove an anchor or drop a comment (other than by a comment edit) is not applied, and
the file's result says so; the other fixes still apply.

An unsafe fix acts only on what the first lint reported. Its verdicts are judgements that read the
rest of the record (a suspect keyword is judged against its neighbours), so removing one keyword
can make another look suspect; after the first pass an unsafe fix is taken only when the first
lint reported the same finding (rule, keys, text), and nothing cascades beyond what the curator saw.

## When a record is written

``curate fix`` replaces a record through a temporary file in the same folder, renamed over it
(a kill leaves either the old or the new record, never a mix). It does not write:

- a record that is a symbolic link: it is linted (through the link), not rewritten; the file it
  points to may lie anywhere, and the link itself would be replaced by a plain file;
- a read-only record (the runner may not write it, or nobody may: mode 0444), whatever the
  folder's permissions would allow;
- a record owned by another user, unless the runner is root, who gives the new file the old one's
  owner and group; a record whose group the runner cannot give the new file is not written either;
- a record with several hard links: a rename would split them (the other names would keep the old
  text). Writing in place instead would keep them but is not safe against a kill mid-write, so such
  a record is refused and the message says why;
- a record that changed on disk since it was read (another editor, a concurrent run): its bytes
  are compared right before the rename, and a changed file is left as the other writer left it.

Temporary files are named ``.<record>.curate-<pid>-<random>.tmp``; one left by a killed run (its
process no longer exists) is removed the next time that record is fixed.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
import tempfile
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curate.linter.config import Config
from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix
from curate.linter.document import Document, InputProblem, Limits, read_record_bytes, value_at
from curate.linter.edits import Change, CommentEdit, apply_edits
from curate.linter.rule import Context
from curate.linter.runner import FileResult, Job, Target, check_document, document_for

MAX_PASSES = 10


@dataclass
class FixOutcome:
    text: str
    fixed: Counter = field(default_factory=Counter)
    remaining: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    skipped: list[str] = field(default_factory=list)
    applied: list[Diagnostic] = field(default_factory=list)
    found: list[Diagnostic] = field(default_factory=list)  # the diagnostics of the text as it was


def _applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def finding_key(doc: Document, diagnostic: Diagnostic) -> tuple:
    """What a finding is about, the same from one pass to the next: its rule, the keys to its value
    (without list positions, which a removal shifts) and the text it points at."""
    keys = tuple(part for part in diagnostic.key_path if not isinstance(part, int))
    return diagnostic.code, keys, doc.text[diagnostic.start : diagnostic.end]


class _Taken:
    """The edits taken in a pass, sorted by position: an overlap test is two neighbours, not a scan."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, edit: Edit) -> bool:
        spans = self._spans
        span = (edit.start, edit.end)
        index = bisect_left(spans, span)
        if index < len(spans) and (spans[index] == span or spans[index][0] < edit.end):
            return True  # the same span (two insertions at one place), or one starting inside this one
        return index > 0 and edit.start < spans[index - 1][1]

    def add(self, edits: tuple[Edit, ...]) -> None:
        for edit in edits:
            span = (edit.start, edit.end)
            self._spans.insert(bisect_left(self._spans, span), span)


def _may_drop_comment(text: str, edit: Edit) -> bool:
    removed = text[edit.start : edit.end]
    return "#" in removed and any(
        line.lstrip().startswith("#") or " #" in line or "\t#" in line for line in removed.splitlines()
    )


_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]+")


def _drops_anchor(text: str, edit: Edit) -> bool:
    """An anchor inside a replaced span would leave its aliases pointing at nothing."""
    removed = text[edit.start : edit.end]
    return "&" in removed and _ANCHOR.search(removed) is not None


def comment_lines(front_matter: str) -> Counter:
    """The comment lines of a YAML text, as ruamel.yaml's round-trip loader attaches them."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(front_matter)
    except YAMLError:
        return Counter()
    found: Counter = Counter()
    seen: set[int] = set()

    def collect(item: object) -> None:
        if item is None or id(item) in seen:
            return
        seen.add(id(item))
        value = getattr(item, "value", None)
        if isinstance(value, str) and type(item).__name__ == "CommentToken":
            found.update(line.strip() for line in value.splitlines() if line.strip().startswith("#"))
            return
        # ruamel's commented lists are lists too: read their comments before their items
        attributes = getattr(item, "ca", None)
        if attributes is not None:
            collect(attributes.comment)
            for entry in attributes.items.values():
                collect(entry)
            collect(getattr(attributes, "end", None))
        if isinstance(item, dict):
            for child in item.values():
                collect(child)
        elif isinstance(item, list | tuple):
            for child in item:
                collect(child)

    collect(data)
    return found


def _front_matter(doc: Document, text: str) -> str:
    """The front matter of ``text``, an edited version of ``doc``'s text."""
    probe = Document.from_bytes(doc.path, text.encode("utf-8"), fs_path=doc.fs_path)
    return probe.text[probe.fm_start : probe.fm_end] if probe.loaded else ""


# ------------------------------------------------------------------ the data a pass must produce
def _copy(value: Any) -> Any:
    """A tree copy (no sharing kept: an alias's copy is changed alone, as its key path says)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


_MISSING = object()


def _changes(diagnostic: Diagnostic, fixed_data: Any) -> list[tuple[int, Change]]:
    """What a diagnostic's edits do to the data, each with its edit's start. An edit that does not
    say is taken to change at most the value at the diagnostic's key path (the whole sequence when
    that is an item, since removing one shifts the others)."""
    changes = []
    for edit in diagnostic.fix.edits:
        if isinstance(edit, CommentEdit):
            continue  # the data stays as it is
        change = getattr(edit, "change", None)
        if change is None:
            scope = diagnostic.key_path
            if scope and isinstance(scope[-1], int):
                scope = scope[:-1]
            if not scope:
                raise _Unchecked(diagnostic)
            value = value_at(fixed_data, scope, _MISSING)
            change = Change(scope, removed=True) if value is _MISSING else Change(scope, _copy(value))
        changes.append((edit.start, change))
    return changes


class _Unchecked(Exception):
    """A hand-made edit on a diagnostic without a key path: nothing bounds what it may change."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _intended(data: Any, applied: list[Diagnostic], fixed_data: Any) -> Any:
    """The old data with every applied fix's change, applied from the end of the text backwards
    (so removing an item never shifts the index of one still to change)."""
    result = _copy(data)
    changes = [change for diagnostic in applied for change in _changes(diagnostic, fixed_data)]
    changes.sort(key=lambda pair: pair[0], reverse=True)
    for _, change in changes:
        if not change.key_path:  # the whole front matter
            result = None if change.removed else _copy(change.value)
            continue
        *parent_path, last = change.key_path
        parent = value_at(result, tuple(parent_path), _MISSING)
        if parent is _MISSING or isinstance(parent, str):
            raise KeyError(change.key_path)
        if change.removed:
            del parent[last]
        else:
            parent[last] = _copy(change.value)
    return result


def _same(a: Any, b: Any) -> bool:
    """Equal with types (1, 1.0 and True differ), key order and NaN taken into account."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(_same(ka, kb) and _same(va, vb)
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _difference(expected: Any, actual: Any, path: tuple = ()) -> str:
    """The first place where the data read back differs from the intended data, in words."""
    where = "/".join(map(str, path)) or "the front matter"
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in actual:
            if key not in expected:
                return f"key {_short(key)} would appear{f' in {where}' if path else ''}"
        for key in expected:
            if key not in actual:
                return f"key {_short(key)} would disappear{f' from {where}' if path else ''}"
        for key in expected:
            if not _same(expected[key], actual[key]):
                return _difference(expected[key], actual[key], (*path, key))
        return f"the keys of {where} would change order"
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (x, y) in enumerate(zip(expected, actual)):
            if not _same(x, y):
                return _difference(x, y, (*path, index))
    return f"{where} would read back as {_short(actual)} instead of {_short(expected)}"


def _problem_words(doc: Document) -> str:
    problem = doc.problems[0] if doc.problems else None
    return f"{problem.kind}: {problem.message}" if problem else "it would not load"


def _edited(doc: Document, applied: list[Diagnostic], config: Config) -> tuple[str, Document | None, str | None]:
    """The text with the fixes applied, its document, and why it must not be kept (None: keep it)."""
    edits = [edit for diagnostic in applied for edit in diagnostic.fix.edits]
    text = apply_edits(doc.text, edits)
    new_doc = Document.from_bytes(doc.path, _encode(doc, text), config.limits, doc.fs_path)
    if not new_doc.ok:
        return text, None, f"the record would no longer read cleanly ({_problem_words(new_doc)})"
    if text[: new_doc.fm_start] != doc.text[: doc.fm_start] or text[new_doc.fm_end :] != doc.text[doc.fm_end :]:
        return text, None, "the front matter would end at another place"
    try:
        expected = _intended(doc.data, applied, new_doc.data)
    except _Unchecked:
        return text, None, "its edit says neither what it changes nor where (no key path)"
    except (KeyError, IndexError, TypeError):
        return text, None, "what it changes does not exist in the record"
    try:
        if not _same(expected, new_doc.data):
            return text, None, f"the record would read back differently: {_difference(expected, new_doc.data)}"
    except RecursionError:
        return text, None, "the record nests too deeply to check the result"
    return text, new_doc, None


def _culprits(doc: Document, applied: list[Diagnostic], config: Config) -> list[tuple[Diagnostic, str]]:
    """The fixes of a refused pass that fail on their own, found by halving the set (a pass may
    hold thousands of fixes; checking them one by one would re-read the record as many times).
    A set that fails while each half passes is refused as a whole: its fixes interact."""
    _, _, reason = _edited(doc, applied, config)
    if reason is None:
        return []
    if len(applied) == 1:
        return [(applied[0], reason)]
    middle = len(applied) // 2
    found = _culprits(doc, applied[:middle], config) + _culprits(doc, applied[middle:], config)
    return found or [(diagnostic, f"{reason} (together with the other fixes of its pass)") for diagnostic in applied]


def _refusal(doc: Document, diagnostic: Diagnostic, original_comments: list[Counter]) -> str | None:
    """Why a fix must not be taken before it is even tried, or None."""
    edits = diagnostic.fix.edits
    if any(edit.start < doc.fm_start or edit.end > doc.fm_end for edit in edits):
        return "it would edit outside the front matter"
    if any(_drops_anchor(doc.text, edit) for edit in edits):
        return "it would remove a YAML anchor"
    if any(_may_drop_comment(doc.text, edit) for edit in edits if not isinstance(edit, CommentEdit)):
        if not original_comments:
            original_comments.append(comment_lines(doc.text[doc.fm_start : doc.fm_end]))
        trial = apply_edits(doc.text, list(edits))
        if comment_lines(_front_matter(doc, trial)) < original_comments[0]:
            return "it would drop a comment"
    return None


def fix_text(doc: Document, config: Config, context: Context, unsafe: bool) -> FixOutcome:
    """Apply every applicable fix to ``doc`` until nothing changes; never touches the disk."""
    outcome = FixOutcome(doc.text)
    if not doc.ok:
        outcome.remaining = outcome.found = check_document(doc, config, context)
        return outcome
    # a refused fix is known by what it is about, not by its offset, which other fixes shift
    refused: set[tuple[str, tuple, str]] = set()
    original_comments: list[Counter] = []  # worked out once, when a fix first touches a '#'
    reported: set[tuple] = set()  # the first lint's findings: the only ones an unsafe fix may act on
    passes = 0

    def refuse(diagnostic: Diagnostic, reason: str) -> None:
        refused.add((diagnostic.code, diagnostic.key_path, diagnostic.message))
        outcome.skipped.append(f"{diagnostic.code} fix at line {diagnostic.line} not applied: {reason}")

    while True:
        diagnostics = check_document(doc, config, context)
        outcome.remaining = diagnostics
        if not passes and not outcome.found:
            outcome.found = diagnostics
        if not passes:
            reported = {finding_key(doc, d) for d in diagnostics}
        candidates = [
            d for d in diagnostics if _applicable(d.fix, unsafe) and (d.code, d.key_path, d.message) not in refused
            and (d.fix.applicability is Applicability.SAFE or finding_key(doc, d) in reported)
        ]
        if not candidates:
            return outcome
        if passes >= MAX_PASSES:
            codes = ", ".join(sorted({d.code for d in candidates}))
            outcome.error = (f"fixes did not converge after {MAX_PASSES} passes (rules involved: {codes}); "
                             f"the fixes of those passes are kept")
            return outcome
        candidates.sort(key=lambda d: (min((e.start for e in d.fix.edits), default=0), d.code))
        taken = _Taken()
        applied: list[Diagnostic] = []
        for diagnostic in candidates:
            edits = diagnostic.fix.edits
            if not edits or any(taken.overlaps(edit) for edit in edits):
                continue  # waits for the next pass, on a re-read document
            reason = _refusal(doc, diagnostic, original_comments)
            if reason is not None:
                refuse(diagnostic, reason)
                continue
            taken.add(edits)
            applied.append(diagnostic)
        if not applied:
            return outcome
        new_text, new_doc, reason = _edited(doc, applied, config)
        if new_doc is None:
            # each round refuses at least one fix, so this ends
            for diagnostic, why in _culprits(doc, applied, config) or [(d, reason) for d in applied]:
                refuse(diagnostic, why)
            continue  # the same document again, without the refused fixes
        passes += 1
        outcome.fixed.update(d.code for d in applied)
        outcome.applied.extend(applied)
        outcome.text = new_text
        doc = new_doc


def _encode(doc: Document, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")


def unified_diff(display: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            f"a/{display.lstrip('/')}", f"b/{display.lstrip('/')}",
        )
    )


# ------------------------------------------------------------------ writing
_TEMP_SUFFIX = ".tmp"
_MAX_PID = 2**22  # Linux's PID_MAX_LIMIT


def _temp_prefix(name: str, pid: int | None = None) -> str:
    return f".{name}.curate-{pid if pid is not None else ''}"


class NotWritten(Exception):
    """The record is left as it is, for the reason given (see the module's policy)."""


def _unwritable(path: Path, info: os.stat_result) -> str | None:
    """Why the policy forbids replacing ``path`` (lstat ``info``), or None."""
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link (linted through it; fix the file it points to)"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        return "it is read-only"
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        return f"it is owned by another user (uid {info.st_uid})"
    if info.st_nlink > 1:
        return (f"it has {info.st_nlink} hard links, which replacing it would split (rewriting it in place "
                "instead would not survive a kill mid-write)")
    return None


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed fix left beside ``path``: ours by name, regular, and made by
    a process that no longer exists."""
    prefix = _temp_prefix(path.name)
    try:
        names = [name for name in os.listdir(path.parent) if name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        pid_text = name[len(prefix) :].split("-", 1)[0]
        # only a name this code could have made (ASCII digits, a pid the kernel can give) is ours
        if not (pid_text.isascii() and pid_text.isdigit() and int(pid_text) <= _MAX_PID) or _alive(int(pid_text)):
            continue
        stale = path.parent / name
        try:
            if stat.S_ISREG(os.lstat(stale).st_mode):
                stale.unlink()
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def write_atomic(path: Path, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file beside it, when the policy allows it
    and the file still holds ``expected``; raises :class:`NotWritten` otherwise."""
    info = os.lstat(path)
    reason = _unwritable(path, info)
    if reason is not None:
        raise NotWritten(reason)
    remove_stale_temporaries(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path.name, os.getpid()) + "-",
                                             suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            if info.st_uid != os.geteuid() or info.st_gid != os.getegid():
                try:
                    os.fchown(handle.fileno(), info.st_uid if os.geteuid() == 0 else -1, info.st_gid)
                except PermissionError:
                    raise NotWritten(f"its group (gid {info.st_gid}) could not be kept") from None
            os.fsync(handle.fileno())
        now = read_record_bytes(path, Limits(max_file_size=len(expected)))
        if now != expected or _unwritable(path, os.lstat(path)) is not None:
            raise NotWritten("it changed on disk while it was being fixed; left as it is now")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def fix_target(target: Target, job: Job, raw: bytes | InputProblem, cached: object, *, unsafe: bool,
               write: bool) -> FileResult:
    """Fix one file; with ``write`` the file is replaced atomically, otherwise a diff is returned.

    Fixing never runs with the result cache, so ``cached`` is always None here.
    """
    doc = document_for(target, job, raw)
    outcome = fix_text(doc, job.config, job.context, unsafe)
    if not doc.ok:
        kinds = ", ".join(sorted({problem.kind for problem in doc.problems}))
        outcome.error = f"left untouched: it cannot be safely read as a record ({kinds})"
    result = FileResult(target.display, outcome.remaining, fixed=dict(outcome.fixed), error=outcome.error)
    if outcome.text != doc.text:
        result.diff = unified_diff(target.display, doc.text, outcome.text)
        if write:
            try:
                write_atomic(target.fs_path, _encode(doc, outcome.text), raw)
            except (NotWritten, OSError) as error:
                reason = error if isinstance(error, NotWritten) else error.strerror or error
                result.error = f"not rewritten: {reason}"
                # the file is as it was: report what it holds, and no fix
                result.diagnostics, result.fixed, result.diff = outcome.found, {}, None
        else:  # a dry run shows the diff, and says when the real run would leave the file alone
            try:
                reason = _unwritable(Path(target.fs_path), os.lstat(target.fs_path))
            except OSError as error:
                reason = error.strerror or str(error)
            if reason is not None:
                result.error = f"would not be rewritten: {reason}"
    if outcome.skipped:
        result.error = "; ".join(filter(None, [result.error, *outcome.skipped]))
    return result
