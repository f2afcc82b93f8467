"""D002 malformed-doi: the doi is not a DOI.

## What it finds
A `doi` value that, even in normal form (no resolver or `doi:` prefix, surrounding whitespace or
trailing punctuation; see D003), does not have the shape of a DOI: `10.`, a registrant code of 4
to 9 digits, `/`, and a suffix without spaces. A `doi` that is not a string at all (`doi: 10.3390`
reads as a number) is S001's type error, one finding for one cause. Missing DOIs (absent, empty)
are D001's, NA sentinels N001's.

## Why it matters
A malformed DOI resolves nowhere: the paper link is dead and joins with other resources fail
silently. It usually means a value slipped into the wrong column (a PMID, a URL, a title).

## Example
```yaml
doi: 'PMC10003241'
```

## Fix
None: the right DOI has to be looked up (PubMed Central lists it for the `pmcid`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, NoOptions, Rule
from curate.rules.bibliographic.doi import DOI_PATTERN, DOI_SHAPE, normalize, present_doi
from curate.linter.wording import short

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: NoOptions, context: Context) -> Iterator[Diagnostic]:
    value = present_doi(doc.data)
    if not isinstance(value, str):
        return
    normal, _ = normalize(value)
    if not DOI_PATTERN.match(normal):
        yield doc.diagnostic(("doi",), f"doi {short(value)} is not a DOI, expected {DOI_SHAPE}")


RULE = Rule(
    code="D002",
    name="malformed-doi",
    summary="the doi is not a DOI",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
)
