"""C004 figlink-mismatch: figlink names another PMC article than pmcid, or none.

## What it finds
A ``figlink`` (``/pmc/articles/PMC10036442/figure/Fig1/``) whose article id is not ``pmcid``, or
that names no PMC article at all. Only the article is compared: the link's form (a missing
leading slash, a missing trailing slash) is the schema rules' business.

## Why it matters
``figlink`` is how a reader gets from the record to the figure in the article. Pointing into
another article sends readers to an unrelated figure and means one of the two ids was copied
from a different record.

## Example
```yaml
figlink: /pmc/articles/PMC10003242/figure/ijms-24-04893-f003/
```

## Fix
None: the figure's anchor in the link cannot be derived from the record, so correct the link
from the article page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.consistency.ids import figlink_article, text

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    figlink, pmcid = text(doc, "figlink"), text(doc, "pmcid")
    if not figlink or not pmcid:
        return
    article = figlink_article(figlink)
    if article is None:
        yield doc.diagnostic(
            ("figlink",), f"figlink {figlink!r} names no PMC article, expected /pmc/articles/{pmcid}/figure/..."
        )
    elif article != pmcid:
        yield doc.diagnostic(("figlink",), f"figlink names article {article}, expected pmcid {pmcid}")


RULE = Rule(
    code="C004",
    name="figlink-mismatch",
    summary="figlink names another PMC article than pmcid, or none",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
)
