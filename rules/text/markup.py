"""T004 markup: HTML or JATS tags and character entities in a title or caption.

## What it finds
Tags such as ``<i>``, ``</sup>``, ``<br/>`` or ``<italic>`` and entities such as ``&amp;``,
``&lt;`` or ``&#8217;`` left in the text. Only known HTML and JATS tag names and real entity
names count, so ``p < 0.05`` or ``IL-1<->IL-6`` are not reported.

## Why it matters
The site escapes the text, so readers see ``&amp;`` and ``<i>`` literally; search and gene
recognition see ``<i>AKT</i>`` instead of ``AKT``. Markup means the text was copied from the
article's XML or HTML without being converted.

## Example
```yaml
caption: Summary of the <i>Src</i> signaling pathway that connects neuropeptides &amp; the AR.
```

## Fix
None: converting markup needs judgement (``<sup>2+</sup>``, ``&lt;``), so it is reported only.

## Options
- `fields` (default `["figtitle", "caption", "papertitle"]`): the fields checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import DEFAULT_FIELDS, diagnostic, text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_TAGS = (
    "a|abbr|b|big|blockquote|bold|br|caption|code|dd|del|div|dl|dt|em|ext-link|fig|font|h[1-6]|hr|i|img|ins|"
    "inline-formula|italic|label|li|mml:[a-z]+|monospace|named-content|ol|p|pre|s|sc|small|span|strike|strong|"
    "styled-content|sub|sup|table|tbody|td|th|tr|tt|u|ul|underline|xref"
)
_MARKUP_PATTERN = (
    rf"</?(?:{_TAGS})(?:\s+[a-zA-Z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+))?)*\s*/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


# Built on the first text holding "<" or "&": most records have none, and the pattern and the
# table of entity names cost several milliseconds of every start.
@cache
def _markup() -> re.Pattern[str]:
    return re.compile(_MARKUP_PATTERN, re.IGNORECASE)


@cache
def _entities() -> frozenset[str]:
    import html.entities

    return frozenset(name.rstrip(";") for name in html.entities.html5)


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = DEFAULT_FIELDS


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields):
        if "<" not in value and "&" not in value:
            continue
        for match in _markup().finditer(value):
            text = match.group()
            if text.startswith("&"):
                name = text[1:-1]
                if not name.startswith("#") and name not in _entities():
                    continue
                message = f"HTML entity {text!r} in {path[-1]}, expected the character it stands for"
            else:
                message = f"markup tag {text!r} in {path[-1]}, expected plain text"
            yield diagnostic(doc, path, match.start(), match.end(), message)


RULE = Rule(
    code="T004",
    name="markup",
    summary="HTML or JATS tags and character entities in a title or caption",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
