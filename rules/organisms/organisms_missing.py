"""O001 organisms-missing: organisms is NA or empty while organisms_ner names species.

## What it finds
An ``organisms`` field that names nothing (``NA``, an empty string or list, or a list of ``NA``
placeholders) in a record whose ``organisms_ner`` names at least one species.

## Why it matters
``organisms`` is what the site shows and what searches by species use. A record left at ``NA``
while gene recognition found human and zebrafish genes (the seed case, PMC8268006) drops out of
every species search and hides a figure that plainly has organisms.

## Example
```yaml
organisms:
- NA
organisms_ner:
- Danio rerio
- Homo sapiens
```

## Fix
Unsafe: copy the species of ``organisms_ner`` into ``organisms``. It is unsafe because
``organisms_ner`` only says whose genes the figure names, which is usually but not always the
species the paper studied; a curator should confirm it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.organisms.names import all_na, species

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    path = ("organisms",)
    if path not in doc.locations or not all_na(doc.get(path)):
        return
    named = list(dict.fromkeys(entry.name for entry in species(doc, "organisms_ner")))
    if not named:
        return
    value = doc.get(path)
    state = "NA" if value and value != [""] else "empty"
    repair = fix("copy the species of organisms_ner into organisms", replace_value(doc, path, named), unsafe=True)
    yield doc.diagnostic(
        path,
        f"organisms is {state} but organisms_ner names {', '.join(named)}; expected those species in organisms",
        fix=repair,
    )


RULE = Rule(
    code="O001",
    name="organisms-missing",
    summary="organisms is NA or empty while organisms_ner names species",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
)
