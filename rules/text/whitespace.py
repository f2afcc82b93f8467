"""T003 whitespace: doubled, leading or trailing spaces, tabs or line breaks in a title or caption.

## What it finds
In the checked text fields: white space at the start or end, two or more spaces in a row, and
tabs or line breaks inside the text (PFOCR titles and captions are single paragraphs). Each run
is reported where it is written.

## Why it matters
Stray white space is usually a trace of something removed (a citation, a line break of the PDF).
It makes equal texts compare unequal (a title against the paper's, a caption against its
``schema-jsonld.description``) and shows as gaps on the page.

## Example
```yaml
figtitle: 'Summary of the signaling pathway  that connects neuropeptides to the AR '
```

## Fix
Safe: each run of white space becomes one space and the ends are trimmed; nothing else in the
text changes. Non-breaking spaces are left alone. A fixed caption then differs from its
description in white space only, which ``description-caption-drift`` fixes.

## Options
- `fields` (default `["figtitle", "caption", "papertitle"]`): the fields checked; the
  description is kept in step with the caption by ``description-caption-drift``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import DEFAULT_FIELDS, diagnostic, text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_RUN = re.compile(r"[ \t\r\n]+")
_NAMES = {" ": "space", "\t": "tab", "\n": "line break", "\r": "carriage return"}


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = DEFAULT_FIELDS


def _suspect(value: str) -> bool:
    """A quick test that lets clean text through without running the regex over every space."""
    return "  " in value or "\t" in value or "\n" in value or "\r" in value or value[:1] == " " or value[-1:] == " "


def _describe(run: str) -> str:
    kinds = sorted({_NAMES[char] for char in run})
    if kinds == ["space"]:
        return f"{len(run)} spaces" if len(run) > 1 else "space"
    return " and ".join(kinds) + ("s" if len(run) > 1 and len(kinds) == 1 else "")


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields):
        if not _suspect(value):
            continue
        name = path[-1]
        repair = None
        for match in _RUN.finditer(value):
            run = match.group()
            start, end = match.span()
            if start == 0:
                where = f"leading {_describe(run)} in {name}, expected none"
            elif end == len(value):
                where = f"trailing {_describe(run)} in {name}, expected none"
            elif run != " ":
                where = f"{_describe(run)} in {name}, expected one space"
            else:
                continue
            if repair is None:
                tidy = _RUN.sub(" ", value).strip(" ")
                repair = fix(f"normalise white space in {name}", replace_value(doc, path, tidy))
            yield diagnostic(doc, path, start, end, where, repair)


RULE = Rule(
    code="T003",
    name="whitespace",
    summary="doubled, leading or trailing spaces, tabs or line breaks in a title or caption",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
    options=Options,
)
