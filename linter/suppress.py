"""Inline suppressions in YAML comments.

``# curate: ignore[G101, C007]`` (or a bare ``# curate: ignore``) on the line a diagnostic points
at silences it there; ``# curate: ignore-file[...]`` anywhere in the front matter silences the
codes for the whole file. Rule names are accepted as well as codes.

A diagnostic may report a directive itself (an unused or unknown code, as ruff's RUF100 does): it
carries the evidence ``("suppression", "<offset of the directive>:<code or *>")``. Such a diagnostic
is dropped when that code of that directive silenced another diagnostic, and only a directive that
names its rule silences it (a bare ``ignore`` does not hide its own report).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from curate.linter.diagnostic import Diagnostic

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

ALL = "*"
SUPPRESSION_EVIDENCE = "suppression"
_DIRECTIVE = re.compile(r"(?:^|\s)(#\s*curate:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?)")


class Directive(NamedTuple):
    """One ``curate: ignore`` comment. Offsets are of the whole file's text."""

    kind: str  # "ignore" or "ignore-file"
    line: int
    start: int  # the comment's '#'
    end: int  # the end of the directive (its closing bracket, or the word ignore)
    codes: tuple[str, ...]  # as written, stripped; empty for a bare directive

    @property
    def key(self) -> str:
        return str(self.start)


def directives(doc: Document) -> list[Directive]:
    """Every directive in the front matter, in order."""
    region = doc.text[doc.fm_start : doc.fm_end]
    if "curate:" not in region:
        return []
    found = []
    offset = doc.fm_start
    for number, line in enumerate(region.splitlines(keepends=True), start=doc.fm_line):
        if "curate:" in line:
            for match in _DIRECTIVE.finditer(line):
                listed = match.group(3)
                codes = tuple(part.strip() for part in (listed or "").split(",") if part.strip())
                found.append(Directive(match.group(2), number, offset + match.start(1), offset + match.end(1), codes))
        offset += len(line)
    return found


def _matches(codes: frozenset[str], diagnostic: Diagnostic) -> str | None:
    """The entry of ``codes`` that silences ``diagnostic``, or None."""
    if ALL in codes:
        return ALL
    if diagnostic.code in codes:
        return diagnostic.code
    name = diagnostic.name.upper()
    return name if name in codes else None


def _reported_directive(diagnostic: Diagnostic) -> str | None:
    for key, value in diagnostic.evidence:
        if key == SUPPRESSION_EVIDENCE:
            return value
    return None


def filter_suppressed(doc: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    diagnostics = list(diagnostics)
    found = directives(doc)
    if not found or not diagnostics:
        return diagnostics
    by_line: dict[int, list[tuple[Directive, frozenset[str]]]] = {}
    file_wide: list[tuple[Directive, frozenset[str]]] = []
    for directive in found:
        codes = frozenset(code.upper() for code in directive.codes) or frozenset({ALL})
        (file_wide if directive.kind == "ignore-file" else by_line.setdefault(directive.line, [])).append(
            (directive, codes))
    used: set[str] = set()
    kept, about_directives = [], []
    for d in diagnostics:
        if _reported_directive(d) is not None:
            about_directives.append(d)
            continue
        silenced = False
        for directive, codes in (*file_wide, *by_line.get(d.line, ())):
            entry = _matches(codes, d)
            if entry is not None:
                used.add(f"{directive.key}:{entry}")
                silenced = True
        if not silenced:
            kept.append(d)
    for d in about_directives:
        if _reported_directive(d) in used:
            continue
        naming = [codes - {ALL} for _, codes in (*file_wide, *by_line.get(d.line, ()))]
        if not any(_matches(codes, d) for codes in naming):
            kept.append(d)
    return kept
