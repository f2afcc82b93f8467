"""C007 duplicate-keyword: the same keyword twice in schema-jsonld.keywords.

## What it finds
An item of ``schema-jsonld.keywords`` equal to an earlier one. Only exact repeats count:
``MTOR`` and ``mTOR`` are both kept on purpose (the gene symbol and the word in the figure).

## Why it matters
A repeated keyword adds nothing for search engines, inflates keyword counts, and usually means
two sources (genes and chemicals, say) were merged without removing repeats.

## Example
```yaml
schema-jsonld:
  '@context': https://schema.org/
  '@id': https://pfocr.wikipathways.org/figures/PMC10003241__ijms-24-04893-g003.html
  keywords:
  - TRH
  - TRHR
  - TRH
```

## Fix
Safe: remove the repeat; the first occurrence and the order of the rest stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, remove_item
from curate.linter.rule import Context, FixAvailability, Rule

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

PATH = ("schema-jsonld", "keywords")


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    keywords = doc.get(PATH)
    if not isinstance(keywords, list):
        return
    try:
        if len(set(keywords)) == len(keywords):
            return
    except TypeError:
        pass  # a nested list or mapping: compare item by item below
    first: dict[tuple, int] = {}
    for index, keyword in enumerate(keywords):
        if isinstance(keyword, (list, dict)):
            continue
        key = (type(keyword), keyword)
        if key in first:
            earlier = doc.locations.get((*PATH, first[key]))
            where = f" (first on line {earlier.value.line})" if earlier else ""
            yield doc.diagnostic(
                (*PATH, index),
                f"keyword {keyword!r} repeats an earlier item{where}, expected each keyword once",
                fix=fix(f"remove the repeated keyword {keyword!r}", remove_item(doc, (*PATH, index))),
            )
        else:
            first[key] = index


RULE = Rule(
    code="C007",
    name="duplicate-keyword",
    summary="the same keyword twice in schema-jsonld.keywords",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
