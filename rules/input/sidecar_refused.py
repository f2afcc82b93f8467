"""E014 sidecar-refused: the record's genes sidecar is there but was not read.

## What it finds
A `_data/<figid>-genes.tsv` that exists but that curate refused to read: not UTF-8, over the size
limit, not a regular file (a named pipe, a folder), unreadable, or a symbolic link to a file outside
the records' tree. The message says which.

## Why it matters
The sidecar says which OCR'd word produced each gene keyword; without it the gene rules judge the
keywords alone, with less evidence, and nothing else would tell that the published data file is
broken or points somewhere it must not.

## Example
```
_data/PMC1__f1-genes.tsv holding the byte 0xff
```

## Fix
None: a file that cannot be read is left untouched. Repair or replace the sidecar by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    refused = doc.sidecar_refused
    if refused is not None:  # named as found: a figid holding a path is not the name looked up
        yield doc.diagnostic(("figid",), f"genes sidecar _data/{os.path.basename(doc.sidecar_path)} not read "
                             f"({refused}); the gene rules judged the keywords alone")


RULE = Rule(
    code="E014",
    name="sidecar-refused",
    summary="the record's genes sidecar is there but was not read",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
)
