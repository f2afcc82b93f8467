"""D003 doi-not-normalized: the doi carries a resolver prefix, a `doi:` label, spaces or trailing punctuation.

## What it finds
A `doi` that is a valid DOI only once cleaned up: a resolver prefix (`https://doi.org/`,
`http://dx.doi.org/`, `doi.org/`), a `doi:` label (any case), surrounding whitespace, or trailing
punctuation (`.`, `,`, `;`, `:`). The corpus stores the bare DOI (`10.3390/ijms24054893`). A value
that is no DOI even after cleaning is D002's.

## Why it matters
Tools that build links (`https://doi.org/` + doi) or join on the DOI get a double prefix or a
mismatch, and the same paper looks like two.

## Example
```yaml
doi: https://doi.org/10.3390/ijms24054893
```

## Fix
Safe: replace the value with the normal form, the bare DOI with its case kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, NoOptions, Rule
from curate.rules.bibliographic.doi import DOI_PATTERN, normalize, present_doi
from curate.linter.wording import short

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: NoOptions, context: Context) -> Iterator[Diagnostic]:
    value = present_doi(doc.data)
    if not isinstance(value, str):
        return
    normal, removed = normalize(value)
    if normal == value or not DOI_PATTERN.match(normal):
        return
    message = f"doi {short(value)} is not in normal form ({', '.join(removed)}), expected {normal!r}"
    if ("doi",) not in doc.locations:
        yield doc.diagnostic(("doi",), message)
        return
    edit = replace_value(doc, ("doi",), normal)
    yield doc.diagnostic(("doi",), message, fix=fix(f"write the bare DOI {normal}", edit))


RULE = Rule(
    code="D003",
    name="doi-not-normalized",
    summary="the doi carries a resolver prefix, a doi: label, spaces or trailing punctuation",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
