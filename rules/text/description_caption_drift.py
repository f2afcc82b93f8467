"""T001 description-caption-drift: schema-jsonld.description differs from caption.

## What it finds
A ``schema-jsonld.description`` whose parsed text is not the same as ``caption``. The message
says whether the difference is white space only or content, and at which character of the
description it starts; the diagnostic points there.

## Why it matters
The description is the caption copied into the page's JSON-LD for search engines. When one is
edited and the other is not, search results show a caption the page does not, and a fix made to
the caption never reaches them.

## Example
```yaml
caption: Summary of the signaling pathway that connects neuropeptides to the AR.
schema-jsonld:
  description: Summary of the signaling pathway that connects neuropeptides to AR.
```

## Fix
Safe: write ``caption`` into ``schema-jsonld.description``. The caption is the field people
edit; the description is derived from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import diagnostic, excerpt

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

PATH = ("schema-jsonld", "description")
_WHITE = re.compile(r"\s+")


def first_difference(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    caption, description = doc.get(("caption",)), doc.get(PATH)
    if not isinstance(caption, str) or not isinstance(description, str) or caption == description:
        return
    if PATH not in doc.locations:
        return
    at = first_difference(description, caption)
    if _WHITE.sub(" ", caption).strip() == _WHITE.sub(" ", description).strip():
        kind = "in white space only"
    else:
        found = excerpt(description, at, at + 20) or "nothing"
        wanted = excerpt(caption, at, at + 20) or "nothing"
        kind = f"in content ({found!r} where caption has {wanted!r})"
    message = f"description differs from caption {kind}, first at character {at + 1}"
    repair = fix("copy caption into schema-jsonld.description", replace_value(doc, PATH, caption))
    yield diagnostic(doc, PATH, at, len(description), message, repair)


RULE = Rule(
    code="T001",
    name="description-caption-drift",
    summary="schema-jsonld.description differs from caption",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
