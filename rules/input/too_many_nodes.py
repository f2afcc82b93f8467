"""E009 too-many-nodes: the front matter expands to too many nodes.

## What it finds
Front matter whose aliases expand to more nodes than the limit (`max-yaml-nodes`, default 100000), the
"billion laughs" pattern, or whose aliases form a cycle (a list that contains itself).

## Why it matters
A few lines of anchors and aliases can expand to billions of nodes and exhaust memory in any consumer that walks the data.

## Example
```
---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n...\n---
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E009",
    name="too-many-nodes",
    summary="the front matter expands to too many nodes",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("too-many-nodes"),
    on_unreadable=True,
)
