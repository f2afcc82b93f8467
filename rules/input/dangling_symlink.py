"""E012 dangling-symlink: a symbolic link to a missing file.

## What it finds
Symbolic links whose target does not exist.

## Why it matters
The record the link stood for is gone; a checkout publishes a broken page.

## Example
```
(`_figures/PMC1__f1.md -> ../old/PMC1__f1.md` with the target deleted)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E012",
    name="dangling-symlink",
    summary="a symbolic link to a missing file",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("dangling-symlink"),
    on_unreadable=True,
)
