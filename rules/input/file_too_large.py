"""E010 file-too-large: the file is over the size limit.

## What it finds
Files larger than the size limit (`max-file-size`, default 2000000 bytes).

## Why it matters
The largest real records are tens of kilobytes; a multi-megabyte file is a mistake (a pasted data dump, a binary) and is not parsed.

## Example
```
(a 3 MB `_figures/PMC1__f1.md`)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E010",
    name="file-too-large",
    summary="the file is over the size limit",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("file-too-large"),
    on_unreadable=True,
)
