"""O002 organisms-disagree: organisms_ner names a species that organisms lacks.

## What it finds
A species in ``organisms_ner`` (the species whose genes the figure names) that ``organisms``
(the species of the paper) does not list, compared by species: a strain such as
``Escherichia coli str. K-12 substr. MG1655`` matches ``Escherichia coli``. The message gives
the direction. Species in ``ignore-species`` are not reported while the two lists share at
least one species; when they share none, every species is reported. With
``report-missing-from-ner`` the other direction is reported too.

## Why it matters
When the two lists disagree, either the paper's species list is incomplete or gene recognition
matched the wrong species' genes; both mislead species searches. PFOCR's gene matching assigns
fly and zebrafish genes to many human figures (short symbols such as ``Gaq`` match fly genes), so
those two are ignored by default unless nothing else agrees. ``organisms`` usually lists more
species than the figure has genes for (bacteria, plants and viruses named in the paper), which is
why that direction is off by default.

## Example
```yaml
organisms:
- Homo sapiens
organisms_ner:
- Mus musculus
- Homo sapiens
```

## Fix
None: decide which list is right from the figure and the paper.

## Options
- `ignore-species` (default `["Drosophila melanogaster", "Danio rerio"]`): species of
  ``organisms_ner`` not reported while the lists share another species.
- `report-missing-from-ner` (default `false`): also report species of ``organisms`` that
  ``organisms_ner`` lacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.organisms.names import same_species, species

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    ignore_species: tuple[str, ...] = ("Drosophila melanogaster", "Danio rerio")
    report_missing_from_ner: bool = False


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    paper, genes = species(doc, "organisms"), species(doc, "organisms_ner")
    if not paper or not genes:
        return
    paper_names, gene_names = {e.name.casefold() for e in paper}, {e.name.casefold() for e in genes}

    def listed(name: str, names: set[str]) -> bool:
        folded = name.casefold()
        return folded in names or any(same_species(folded, other) for other in names)

    shared = any(listed(name, paper_names) for name in gene_names)
    ignored = {name.casefold() for name in options.ignore_species} if shared else set()
    note = "" if shared else " (the lists share no species)"
    for entry in genes:
        if not listed(entry.name, paper_names) and entry.name.casefold() not in ignored:
            yield doc.diagnostic(entry.key_path, f"organisms_ner names {entry.name} but organisms does not{note}")
    if options.report_missing_from_ner:
        for entry in paper:
            if not listed(entry.name, gene_names):
                yield doc.diagnostic(entry.key_path, f"organisms names {entry.name} but organisms_ner does not{note}")


RULE = Rule(
    code="O002",
    name="organisms-disagree",
    summary="organisms_ner names a species that organisms lacks",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
