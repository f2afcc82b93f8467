"""E007 duplicate-key: a key appears twice in one mapping.

## What it finds
The same key twice in one mapping, found from the node graph.

## Why it matters
YAML loaders keep the last value silently, so the first value is lost without a trace. This is silent data loss.

## Example
```
---\ndoi: 10.1000/a\ndoi: ''\n---
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E007",
    name="duplicate-key",
    summary="a key appears twice in one mapping",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("duplicate-key"),
    on_unreadable=True,
)
