"""O003 invalid-species-name: an organism is not written as a valid scientific name.

## What it finds
A name in ``organisms`` or ``organisms_ner`` that is not spelled the way PFOCR's species table
(``rules/organisms/species.tsv``, built from the records and gene sidecars) spells it: the wrong
case (``Homo Sapiens``, ``homo sapiens``), stray spaces, a common name (``human``, ``zebrafish``)
or a likely typo of a species PFOCR matches genes for (``Homo sapeins``). A name the table does
not know is also reported when its shape is wrong: a capitalised species epithet
(``Aedes Aegypti``) or a lower-case genus the table knows (``danio rerio``). Other unknown names
pass: the table cannot hold every taxon in NCBI. A likely typo is a judgement and is reported as a
warning; the other findings are certain and are errors.

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
from typing import TYPE_CHECKING, NamedTuple

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.organisms.names import FIELDS, Entry, entries, likely_typo, replaced_part, table

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_CAPITALISED_EPITHET = re.compile(r"^([A-Z][a-z]+) ([A-Z][a-z]+)$")
_LOWER_BINOMIAL = re.compile(r"^([a-z]+) ([a-z]+)$")


class _Verdict(NamedTuple):
    message: str = ""
    replacement: str | None = None
    unsafe: bool = False
    guess: bool = False  # a likely typo is a judgement (a warning), the other verdicts are certain


def _verdict(name: str, raw: str) -> _Verdict:
    """What is wrong with a name the table does not accept; an empty verdict for a good name."""
    known = table()
    if raw in known.names:
        return _Verdict()
    tidy = " ".join(name.split())
    if tidy in known.names:
        return _Verdict(f"species name {raw!r} has stray spaces, expected {tidy!r}", tidy)
    folded = tidy.casefold()
    if folded in known.by_folded:
        right = known.by_folded[folded]
        return _Verdict(f"species name {raw!r} has the wrong case, expected {right!r}", right)
    if folded in known.common:
        right = known.common[folded]
        return _Verdict(f"{tidy!r} is a common name, expected the scientific name {right!r}", right, unsafe=True)
    typo = likely_typo(tidy)
    if typo:
        return _Verdict(f"species name {tidy!r} looks misspelt, expected {typo!r}", guess=True)
    shape = _CAPITALISED_EPITHET.match(tidy)
    if shape and shape[1] != "Candidatus":
        right = f"{shape[1]} {shape[2].lower()}"
        return _Verdict(f"species epithet of {tidy!r} is capitalised, expected {right!r}")
    shape = _LOWER_BINOMIAL.match(tidy)
    if shape and shape[1].capitalize() in known.genera:
        right = f"{shape[1].capitalize()} {shape[2]}"
        return _Verdict(f"genus of {tidy!r} is lower case, expected {right!r}")
    return _Verdict()


def _edit(doc: Document, entry: Entry, right: str):
    if entry.part is None:
        return replace_value(doc, entry.key_path, right)
    return replace_value(doc, entry.key_path, replaced_part(doc.get(entry.key_path), entry.part, right))


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    for field in FIELDS:
        for entry in entries(doc, field) or []:
            if entry.na:
                continue
            verdict = _verdict(entry.name, entry.raw if entry.part is None else entry.name)
            if not verdict.message:
                continue
            repair = None
            if verdict.replacement is not None:
                title = f"write {verdict.replacement!r}"
                repair = fix(title, _edit(doc, entry, verdict.replacement), unsafe=verdict.unsafe)
            yield doc.diagnostic(entry.key_path, f"{field}: {verdict.message}", fix=repair,
                                 severity=Severity.WARNING if verdict.guess else None)


RULE = Rule(
    code="O003",
    name="invalid-species-name",
    summary="an organism is not written as a valid scientific name",
    severity=Severity.ERROR,
    fix=FixAvailability.UNSAFE,  # case and spacing fixes are safe, common-name fixes unsafe
    check=check,
)
