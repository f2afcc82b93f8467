"""E003 no-front-matter: the record has no front matter.

## What it finds
A `.md` record whose first line is not `---`.

## Why it matters
Jekyll only reads front matter that starts on the very first line; anything else is published as body text and the figure loses all its metadata.

## Example
```
figid: PMC1__f1\n(no opening ---)
```

## Fix
None: a file that cannot be read is reported and left untouched. Repair it by hand.
"""

from curate.linter.diagnostic import Severity
from curate.linter.rule import FixAvailability, Rule
from curate.rules.input.problem import report_problem

RULE = Rule(
    code="E003",
    name="no-front-matter",
    summary="the record has no front matter",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=report_problem("no-front-matter"),
    on_unreadable=True,
)
