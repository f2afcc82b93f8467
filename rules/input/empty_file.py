"""E002 empty-file: the file is empty.

## What it finds
A record with no content, or only white space.

## Why it matters
An empty figure file publishes an empty page and hides the fact that the record was lost.

## Example
```
(a zero-byte `_figures/PMC1__f1.md`)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E002",
    name="empty-file",
    summary="the file is empty",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("empty-file"),
    on_unreadable=True,
)
