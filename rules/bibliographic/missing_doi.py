"""D001 missing-doi: the record has no DOI for its paper.

## What it finds
A record whose `doi` key is absent, null or empty. A `doi` that is an NA sentinel
(`.na.character`, `NA`, ...) is N001's finding, one finding for one cause: once N001's fix has
emptied it, D001 reports the empty `doi`. An absent key in a record of the current layout is S001's missing key, reported there
once. Records in the legacy 2020 layout never had a `doi` key and are reported at `year`, the key
`doi` follows in the current layout (or at `reftext` when there is no `year`): their paper has no
DOI in the record either.

## Why it matters
The DOI is the stable link from a figure to its paper and the key other resources join on; a
record without one cannot be cited or cross-referenced, and the site shows no paper link.

## Example
```yaml
doi: ''
```

## Fix
None: the DOI has to be looked up (PubMed Central lists it for the `pmcid`). Some older papers
have no DOI at all; ignore the rule for those records with `per-file-ignores`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, NoOptions, Rule
from curate.linter.sentinels import is_sentinel
from curate.rules.bibliographic.doi import DOI_SHAPE, missing_reason
from curate.rules.schema.layouts import CURRENT, layout_of

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: NoOptions, context: Context) -> Iterator[Diagnostic]:
    reason = missing_reason(doc.data)
    if reason is None or is_sentinel(doc.data.get("doi")):
        return
    if "doi" not in doc.data and layout_of(doc.data) == CURRENT:
        return
    message = f"{reason}, expected the paper's DOI ({DOI_SHAPE})"
    if "doi" in doc.data:
        yield doc.diagnostic(("doi",), message)
        return
    anchor = next((key for key in ("year", "reftext") if key in doc.data), None)
    if anchor is None:
        yield doc.diagnostic(("doi",), message)
    else:
        yield doc.diagnostic((anchor,), f"{message} after {anchor!r}", at="key")


RULE = Rule(
    code="D001",
    name="missing-doi",
    summary="the record has no DOI for its paper",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
)
