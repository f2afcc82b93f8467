"""Inline suppressions in YAML comments.

``# curate: ignore[G101, C007]`` (or a bare ``# curate: ignore``) on the line a diagnostic points
at silences it there; ``# curate: ignore-file[...]`` anywhere in the front matter silences the
codes for the whole file. Rule names are accepted as well as codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from curate.linter.diagnostic import Diagnostic
from curate.linter.document import Document

ALL = "*"
_DIRECTIVE = re.compile(r"(?:^|\s)#\s*curate:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")


def _codes(listed: str | None) -> frozenset[str]:
    if listed is None or not listed.strip():
        return frozenset({ALL})
    return frozenset(part.strip().upper() for part in listed.split(",") if part.strip())


def _matches(codes: frozenset[str], diagnostic: Diagnostic) -> bool:
    return ALL in codes or diagnostic.code in codes or diagnostic.name.upper() in codes


def filter_suppressed(doc: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    diagnostics = list(diagnostics)
    region = doc.text[doc.fm_start : doc.fm_end]
    if "curate:" not in region or not diagnostics:
        return diagnostics
    file_codes: set[str] = set()
    by_line: dict[int, frozenset[str]] = {}
    first_line = doc.fm_line
    for number, line in enumerate(region.splitlines(), start=first_line):
        if "curate:" not in line:
            continue
        for match in _DIRECTIVE.finditer(line):
            codes = _codes(match.group(2))
            if match.group(1) == "ignore-file":
                file_codes |= codes
            else:
                by_line[number] = by_line.get(number, frozenset()) | codes
    frozen_file = frozenset(file_codes)
    return [
        d
        for d in diagnostics
        if not _matches(frozen_file, d) and not _matches(by_line.get(d.line, frozenset()), d)
    ]
