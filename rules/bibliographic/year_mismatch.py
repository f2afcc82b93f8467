"""D004 year-mismatch: `year` differs from the publication year in `reftext`.

## What it finds
A record whose `year` is not the year of the citation in `reftext`: the first four-digit year
(1600-2099) following a `. ` and followed by a space, `;`, `:`, `.` or the end, as in
`Int J Mol Sci. 2021 Jul;22(13):6813.` A `reftext` without a year (`Curr Pathobiol Rep.
;10(2):11-22.`) and a `year` that is not four digits (S001's) are skipped.

A year two or more years off the citation's is an error; a year one off is a warning, since it is
often a plausible mismatch (the online-first year against the print issue's).

## Why it matters
`year` drives the site's filters and every count by year; a record filed under the wrong year
disappears from the searches that should find it.

## Example
```yaml
year: '2021'
```

## Fix
Unsafe: set `year` to the year in `reftext`. Usually `year` is the stale value, but check: the
citation itself can be the wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, NoOptions, Rule

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_REFTEXT_YEAR = re.compile(r"\.\s+((?:1[6-9]|20)[0-9]{2})(?=[\s;:.]|$)")
_YEAR = re.compile(r"^[0-9]{4}$")


def reftext_year(reftext: str) -> str | None:
    match = _REFTEXT_YEAR.search(reftext)
    return match.group(1) if match else None


def check(doc: Document, options: NoOptions, context: Context) -> Iterator[Diagnostic]:
    raw, reftext = doc.data.get("year"), doc.data.get("reftext")
    year = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(year, str) or not _YEAR.match(year) or not isinstance(reftext, str):
        return
    cited = reftext_year(reftext)
    if cited is None or cited == year:
        return
    message = f"year is {raw!r} but reftext cites {cited}, expected {cited!r}"
    edit = fix(f"set year to {cited}", replace_value(doc, ("year",), cited), unsafe=True)
    # a year one off the citation's is often the online-first year against the print issue's: a judgement
    plausible = abs(int(cited) - int(year)) <= 1
    yield doc.diagnostic(("year",), message, fix=edit if ("year",) in doc.locations else None,
                         severity=Severity.WARNING if plausible else None)


RULE = Rule(
    code="D004",
    name="year-mismatch",
    summary="year differs from the publication year in reftext",
    severity=Severity.ERROR,
    fix=FixAvailability.UNSAFE,
    check=check,
)
