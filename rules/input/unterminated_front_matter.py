"""E004 unterminated-front-matter: the front matter is never closed.

## What it finds
Front matter opened by `---` on line 1 with no closing `---` (or `...`) line.

## Why it matters
Without the closing marker the whole file, body included, is read as YAML, or the record is not read at all.

## Example
```
---\nfigid: PMC1__f1\n(end of file)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E004",
    name="unterminated-front-matter",
    summary="the front matter is never closed",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("unterminated-front-matter"),
    on_unreadable=True,
)
