"""O004 organisms-na-item: an NA placeholder sits among the species of an organism list.

## What it finds
An ``NA`` item in ``organisms`` or ``organisms_ner`` that also names real species, such as
``[Homo sapiens, Macaca mulatta, NA, NA, NA]``. A list that is only ``NA`` is left to
``organisms-missing``.

## Why it matters
``NA`` is not a species. Next to real names it is counted as one more organism, shows up as a
species called "NA" on the site, and stops the list from being compared with other fields.

## Example
```yaml
organisms:
- Homo sapiens
- NA
```

## Fix
Safe: remove the placeholder item; the species around it stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, remove_item, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.organisms.names import FIELDS, entries

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    for field in FIELDS:
        found = entries(doc, field) or []
        if not any(not entry.na for entry in found):
            continue
        placeholders = [entry for entry in found if entry.na]
        for entry in placeholders:
            if entry.part is None:
                edit = remove_item(doc, entry.key_path)
            else:
                kept = [e.name for e in found if not e.na]
                edit = replace_value(doc, entry.key_path, ", ".join(kept))
            shown = entry.raw.strip() or "an empty name"
            yield doc.diagnostic(
                entry.key_path,
                f"{field} lists {shown!r} among its species, expected species names only",
                fix=fix(f"remove the placeholder from {field}", edit),
            )


RULE = Rule(
    code="O004",
    name="organisms-na-item",
    summary="an NA placeholder sits among the species of an organism list",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
