"""E008 disallowed-tag: a tag that is not a YAML core type.

## What it finds
Tags other than the YAML core types (str, int, float, bool, null, seq, map), such as `!!python/object` or `!!timestamp`.

## Why it matters
Records are plain data. Language-specific tags can execute code in unsafe loaders and are never constructed here.

## Example
```
---\nfigid: !!python/object/apply:os.system ['true']\n---
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E008",
    name="disallowed-tag",
    summary="a tag that is not a YAML core type",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("disallowed-tag"),
    on_unreadable=True,
)
