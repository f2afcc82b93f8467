"""C001 figid-mismatch: figid is not pmcid, two underscores and the file name without extension.

## What it finds
A ``figid`` other than ``pmcid`` + ``__`` + ``filename`` without its extension, for instance
``PMC100003__mb2410470011`` for ``pmcid: PMC100003`` and ``filename: mb2410470011.jpg``.

## Why it matters
``figid`` is the record's key: it names the record file, the gene sidecar and the page. When it
no longer follows from the article and image it was made from, the record points at the wrong
figure or two records collide.

## Example
```yaml
figid: PMC10003241__ijms-24-04893-g004
```

## Fix
None: ``figid``, ``pmcid`` and ``filename`` are all authoritative, so which one is wrong needs a
look at the article. ``derived-field-mismatch`` does not recompute anything while they disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.consistency.ids import expected_figid, text

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    figid, wanted = text(doc, "figid"), expected_figid(doc)
    if figid and wanted and figid != wanted:
        yield doc.diagnostic(
            ("figid",), f"figid {figid!r} does not match pmcid and filename, expected {wanted!r}"
        )


RULE = Rule(
    code="C001",
    name="figid-mismatch",
    summary="figid is not pmcid, two underscores and the file name without extension",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
)
