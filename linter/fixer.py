"""Applying fixes: sorted non-overlapping edits, re-lint, repeat until stable, then an atomic write.

Edits come from the rules (computed on libyaml positions during the lint). The fixer never
re-dumps a document. ruamel.yaml's round-trip loader is used here, on the fix path only, to make
sure no fix drops a YAML comment (a curator's note or a suppression).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from curate.linter.config import Config
from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix
from curate.linter.document import Document, InputProblem
from curate.linter.edits import apply_edits
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


def _applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    return any(
        edit.start < other.end and other.start < edit.end or (edit.start == other.start and edit.end == other.end)
        for other in taken
    )


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


def fix_text(doc: Document, config: Config, context: Context, unsafe: bool) -> FixOutcome:
    """Apply every applicable fix to ``doc`` until nothing changes; never touches the disk."""
    outcome = FixOutcome(doc.text)
    if not doc.ok:
        outcome.remaining = check_document(doc, config, context)
        return outcome
    refused: set[tuple[str, int]] = set()
    original_comments: Counter | None = None
    for passes in range(MAX_PASSES + 1):
        diagnostics = check_document(doc, config, context)
        outcome.remaining = diagnostics
        candidates = [
            d for d in diagnostics if _applicable(d.fix, unsafe) and (d.code, d.start) not in refused
        ]
        if not candidates:
            return outcome
        if passes >= MAX_PASSES:
            codes = ", ".join(sorted({d.code for d in candidates}))
            outcome.error = f"fixes did not converge after {MAX_PASSES} passes (rules involved: {codes})"
            return outcome
        candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.code))
        taken: list[Edit] = []
        applied: list[Diagnostic] = []
        for diagnostic in candidates:
            edits = list(diagnostic.fix.edits)
            if any(_overlaps(edit, taken) for edit in edits):
                continue  # waits for the next pass, on a re-parsed document
            if any(_drops_anchor(doc.text, edit) for edit in edits):
                refused.add((diagnostic.code, diagnostic.start))
                outcome.skipped.append(f"{diagnostic.code} fix at line {diagnostic.line} would remove a YAML anchor")
                continue
            if any(_may_drop_comment(doc.text, edit) for edit in edits):
                if original_comments is None:
                    original_comments = comment_lines(doc.text[doc.fm_start : doc.fm_end])
                trial = apply_edits(doc.text, edits)
                if comment_lines(_front_matter(doc, trial)) < original_comments:
                    refused.add((diagnostic.code, diagnostic.start))
                    outcome.skipped.append(f"{diagnostic.code} fix at line {diagnostic.line} would drop a comment")
                    continue
            taken.extend(edits)
            applied.append(diagnostic)
        if not applied:
            return outcome
        new_text = apply_edits(doc.text, taken)
        new_doc = Document.from_bytes(doc.path, _encode(doc, new_text), config.limits, doc.fs_path)
        if not new_doc.ok:
            codes = ", ".join(sorted({d.code for d in applied}))
            outcome.error = f"fixes by {codes} produced an unreadable record; nothing was changed by them"
            return outcome
        outcome.fixed.update(d.code for d in applied)
        outcome.applied.extend(applied)
        outcome.text = new_text
        doc = new_doc
    return outcome


def _encode(doc: Document, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")


def unified_diff(display: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True),
            f"a/{display.lstrip('/')}", f"b/{display.lstrip('/')}",
        )
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, keeping the file's mode."""
    real = path.resolve()
    mode = stat.S_IMODE(real.stat().st_mode)
    handle = tempfile.NamedTemporaryFile(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, real)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


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
                write_atomic(target.fs_path, _encode(doc, outcome.text))
            except OSError as error:
                result.error = f"cannot write {target.display}: {error.strerror or error}"
                result.fixed = {}
    if outcome.skipped:
        result.error = "; ".join(filter(None, [result.error, *outcome.skipped]))
    return result
