"""T002 placeholder-caption: the caption is empty, a placeholder or only a few characters.

## What it finds
A ``caption`` that is empty, a placeholder left by the pipeline (``Figure``, ``Fig. 2``,
``Graphical abstract``, ``.na.character``, ``NA``) or shorter than ``min-length`` characters.

## Why it matters
The caption is the text people and search engines read to learn what a pathway figure shows,
and what gene and chemical recognition is checked against. A placeholder caption makes the
figure unfindable by its content; it usually means the caption was not extracted from the paper.

## Example
```yaml
caption: Figure
```

## Fix
None: copy the real caption from the article.

## Options
- `min-length` (default `12`): captions shorter than this many characters (white space trimmed)
  are reported, as warnings (an empty or placeholder caption is an error).
- `fields` (default `["caption"]`): the fields checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_PLACEHOLDER = re.compile(
    r"(?:fig(?:ure)?s?\.?|scheme|image|graphical abstract|caption|untitled|none|null|n/?a|\.na\.character)"
    r"(?:\s*[a-z]?\d+[a-z]?)?\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Options:
    min_length: int = 12
    fields: tuple[str, ...] = ("caption",)


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields):
        text = value.strip()
        name = path[-1]
        if not text:
            yield doc.diagnostic(path, f"{name} is empty, expected the figure's caption text")
        elif _PLACEHOLDER.fullmatch(text):
            yield doc.diagnostic(path, f"{name} is the placeholder {text!r}, expected the figure's caption text")
        elif len(text) < options.min_length:
            # a short caption may still be the real one: a judgement, so a warning
            yield doc.diagnostic(
                path, f"{name} {text!r} is {len(text)} characters, expected at least {options.min_length}",
                severity=Severity.WARNING,
            )


RULE = Rule(
    code="T002",
    name="placeholder-caption",
    summary="the caption is empty, a placeholder or only a few characters",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
