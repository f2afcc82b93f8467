"""E011 unreadable-file: the file cannot be read.

## What it finds
Files the operating system refuses to read (permissions, a folder in place of a file, I/O errors).

## Why it matters
A record nobody can read is a record nobody checks.

## Example
```
(a record with mode 000)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E011",
    name="unreadable-file",
    summary="the file cannot be read",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("unreadable-file"),
    on_unreadable=True,
)
