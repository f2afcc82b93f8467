"""C006 empty-keywords: schema-jsonld.keywords is empty.

## What it finds
A ``schema-jsonld.keywords`` that is an empty list, an empty string or null. (The top-level
``keywords`` holds the paper's author keywords and is often rightly empty; it is not checked.)

## Why it matters
The JSON-LD keywords are the genes and chemicals recognised in the figure, and what search
engines index the figure by. PFOCR only keeps figures in which genes were recognised, so an
empty list means the keywords were lost on the way.

## Example
```yaml
schema-jsonld:
  '@context': https://schema.org/
  '@id': https://pfocr.wikipathways.org/figures/PMC10003241__ijms-24-04893-g003.html
  keywords: []
```

## Fix
None: rebuild the keywords from the figure's genes and chemicals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

PATH = ("schema-jsonld", "keywords")


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    if PATH not in doc.locations:
        return
    value = doc.get(PATH)
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        shown = "null" if value is None else repr(value) if isinstance(value, str) else "[]"
        yield doc.diagnostic(PATH, f"schema-jsonld keywords is {shown}, expected the figure's genes and chemicals")


RULE = Rule(
    code="C006",
    name="empty-keywords",
    summary="schema-jsonld.keywords is empty",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
)
