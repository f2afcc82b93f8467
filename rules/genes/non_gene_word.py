"""G110 non-gene-word: a keyword made from a word that names a chemical, process or disease.

## What it finds
A human keyword whose every route is a word that is not a gene at all: FamPlex's grounding map
grounds it to a chemical or process (``ATP`` -> CHEBI, ``NADPH``, ``LPS``), or the figure's own
title or caption defines the abbreviation as something other than a gene product
(``HBP: hexosamine biosynthetic pathway``, ``lipoteichoic acid (LTA)``, ``Fosfomycin (FOS)``,
``Acetyl groups are indicated as 'AC'``). A caption definition naming a protein, receptor,
hormone or enzyme is never taken for a non-gene.

## Why it matters
Metabolite and process abbreviations collide with gene symbols and aliases (``ATP`` is an NCBI
synonym of ATP8A2, ``AMP`` of APRT and MFAP1, ``FOS`` a gene symbol); such keywords say a figure
shows genes it does not.

## Example
```yaml
caption: 'Abbreviations: ASNS: asparagine synthetase; GLS: glutaminase; HBP: hexosamine
  biosynthetic pathway.'
schema-jsonld:
  keywords:
  - ASNS
  - GLS
  - AZU1
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

    yield from suspect_diagnostics(doc, "G110", context)


RULE = Rule(
    code="G110",
    name="non-gene-word",
    summary="a keyword made from a word that names a chemical, process or disease",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    data_version=data_version,
)
