"""G111 foreign-figure: a human gene keyword in a figure about a bacterium, a plant or chemistry.

## What it finds
A human keyword in a figure whose words are not human genes, when only an own symbol, a
synonym or a word grounded to one human protein brought it in (``PurA``, ``CAD``, ``STAR``,
``SCF`` in bacterial, plant or chemistry figures). A figure counts as not about human genes when
its gene words share no pathways (fewer than half share one with another word, or too few are
annotated to tell) and either the sidecar also matched its words to genes of bacteria or plants
(``organism_group``), or more than half of its human gene words are already judged false matches
by the other G rules. Words naming a gene family conserved beyond animals still support their
genes: a FamPlex family the word is grounded to (``GST``, ``SOD``, ``PLA2``) or a family word
written in capitals; so does a distinctive human symbol written exactly as HGNC writes it (with a
digit or five characters or more: ``ERCC5``, ``FANCC``). Needs the sidecar.

## Why it matters
PFOCR matched every word of every figure against human gene symbols and synonyms; in a
bacterial or plant figure the enzymes' names (``PurA``, ``COMT``, ``PAD4``) collide with human
symbols that the figure never shows, and nothing else in the figure can vouch for them.

## Example
```yaml
figtitle: The oxidative phase of the pentose phosphate pathway in Staphylococcus aureus
schema-jsonld:
  keywords:
  - PURA
  - PURB
  - APRT
  - ATP8A2
  - NT5C2
  - WDTC1
```

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.evidence import suspect_diagnostics

    yield from suspect_diagnostics(doc, "G111", context)


RULE = Rule(
    code="G111",
    name="foreign-figure",
    summary="a human gene keyword in a figure about a bacterium, a plant or chemistry",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    data_version=data_version,
)
