"""E005 yaml-syntax: the front matter is not valid YAML.

## What it finds
A YAML syntax error in the front matter, at the line and column where the parser stopped.

## Why it matters
A record that does not parse cannot be checked, fixed or published.

## Example
```
---\nfigtitle: [unclosed\n---
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E005",
    name="yaml-syntax",
    summary="the front matter is not valid YAML",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("yaml-syntax"),
    on_unreadable=True,
)
