"""E006 not-a-mapping: the front matter is not a mapping.

## What it finds
Front matter that is empty, a list or a single scalar instead of a mapping of keys.

## Why it matters
Every PFOCR field is a key of one mapping; anything else carries no usable metadata.

## Example
```
---\n- just a list\n---
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E006",
    name="not-a-mapping",
    summary="the front matter is not a mapping",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("not-a-mapping"),
    on_unreadable=True,
)
