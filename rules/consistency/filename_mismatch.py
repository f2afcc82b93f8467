"""C002 filename-mismatch: the record's file name is not its figid.

## What it finds
A record file not named ``<figid>.md`` (``<figid>.yaml`` for a YAML record), for instance
``_figures/PMC1__other.md`` holding ``figid: PMC1__fig2``. Case counts.

## Why it matters
Jekyll builds the page URL and finds the gene sidecar (``_data/<figid>-genes.tsv``) from the file
name, while everything else uses ``figid``. A mismatch gives the figure a page at the wrong
address and cuts it off from its genes.

## Example
```yaml
figid: PMC10003241__ijms-24-04893-g003-copy
```

## Fix
None: rename the file (``git mv``) or correct ``figid``; a linter fix only edits file contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.consistency.ids import text

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    figid = text(doc, "figid")
    if not figid:
        return
    suffix = doc.fs_path.suffix if doc.plain_yaml else ".md"
    name, wanted = doc.fs_path.name, figid + suffix
    if name != wanted:
        yield doc.diagnostic(("figid",), f"file name {name!r} does not match figid, expected {wanted!r}")


RULE = Rule(
    code="C002",
    name="filename-mismatch",
    summary="the record's file name is not its figid",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
)
