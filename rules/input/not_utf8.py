"""E001 not-utf8: the file is not valid UTF-8.

## What it finds
Bytes that are not UTF-8, named by their byte offset.

## Why it matters
PFOCR records are UTF-8. A stray Latin-1 byte usually means a record was edited with a tool using another encoding; every later step (Jekyll, the search index) would mangle or reject it.

## Example
```
---\nfigtitle: caf\xe9\n---   (the byte 0xe9 alone)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E001",
    name="not-utf8",
    summary="the file is not valid UTF-8",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("not-utf8"),
    on_unreadable=True,
)
