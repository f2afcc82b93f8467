"""O003 invalid-species-name: an organism is not written as a valid scientific name.

## What it finds
A name in ``organisms`` or ``organisms_ner`` that is not spelled the way PFOCR's species table
(``rules/organisms/species.tsv``, built from the records and gene sidecars) spells it: the wrong
case (``Homo Sapiens``, ``homo sapiens``), stray spaces, a common name (``human``, ``zebrafish``)
or a likely typo of a species PFOCR matches genes for (``Homo sapeins``). A name the table does
not know is also reported when its shape is wrong: a capitalised species epithet
(``Aedes Aegypti``) or a lower-case genus the table knows (``danio rerio``). Other unknown names
pass: the table cannot hold every taxon in NCBI.

## Why it matters
Species are matched by exact name: ``Homo Sapiens`` or ``human`` is a different species to every
search, facet and count, so the figure silently drops out of its organism.

## Example
```yaml
organisms:
- Homo Sapiens
- mouse
```

## Fix
Safe for case and spacing: write the table's spelling. Unsafe for a common name: write the
scientific name it stands for (``mouse`` may mean more than one species). Typos and unknown
names are reported only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.document import Document
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.organisms.names import FIELDS, Entry, entries, likely_typo, replaced_part, table

_CAPITALISED_EPITHET = re.compile(r"^([A-Z][a-z]+) ([A-Z][a-z]+)$")
_LOWER_BINOMIAL = re.compile(r"^([a-z]+) ([a-z]+)$")


def _verdict(name: str, raw: str) -> tuple[str, str | None, bool]:
    """(message, replacement, unsafe) for a name the table does not accept, else ('', None, False)."""
    known = table()
    if raw in known.names:
        return "", None, False
    tidy = " ".join(name.split())
    if tidy in known.names:
        return f"species name {raw!r} has stray spaces, expected {tidy!r}", tidy, False
    folded = tidy.casefold()
    if folded in known.by_folded:
        right = known.by_folded[folded]
        return f"species name {raw!r} has the wrong case, expected {right!r}", right, False
    if folded in known.common:
        right = known.common[folded]
        return f"{tidy!r} is a common name, expected the scientific name {right!r}", right, True
    typo = likely_typo(tidy)
    if typo:
        return f"species name {tidy!r} looks misspelt, expected {typo!r}", None, False
    shape = _CAPITALISED_EPITHET.match(tidy)
    if shape and shape[1] != "Candidatus":
        right = f"{shape[1]} {shape[2].lower()}"
        return f"species epithet of {tidy!r} is capitalised, expected {right!r}", None, False
    shape = _LOWER_BINOMIAL.match(tidy)
    if shape and shape[1].capitalize() in known.genera:
        right = f"{shape[1].capitalize()} {shape[2]}"
        return f"genus of {tidy!r} is lower case, expected {right!r}", None, False
    return "", None, False


def _edit(doc: Document, entry: Entry, right: str):
    if entry.part is None:
        return replace_value(doc, entry.key_path, right)
    return replace_value(doc, entry.key_path, replaced_part(doc.get(entry.key_path), entry.part, right))


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    for field in FIELDS:
        for entry in entries(doc, field) or []:
            if entry.na:
                continue
            message, right, unsafe = _verdict(entry.name, entry.raw if entry.part is None else entry.name)
            if not message:
                continue
            repair = None
            if right is not None:
                title = f"write {right!r}"
                repair = fix(title, _edit(doc, entry, right), unsafe=unsafe)
            yield doc.diagnostic(entry.key_path, f"{field}: {message}", fix=repair)


RULE = Rule(
    code="O003",
    name="invalid-species-name",
    summary="an organism is not written as a valid scientific name",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,  # case and spacing fixes are safe, common-name fixes unsafe
    check=check,
)
