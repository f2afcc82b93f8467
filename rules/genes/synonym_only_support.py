"""G108 synonym-only-support: a gene supported only by an ambiguous NCBI synonym.

## What it finds
With the sidecar (``_data/<figid>-genes.tsv``): a human keyword whose only support is an
``ncbigene_synonym`` row for a word that the sidecar maps to several genes (``min-genes`` or
more), that HGNC gives to none of them, and that no FamPlex family or grounding explains:
``AAA`` gives APP, AAAS and AAA1, ``DX`` the pseudogenes ULK4P1, ULK4P2 and ULK4P3. Words HGNC
does assign are judged by G101 (alias-cluster) instead. A keyword written as a human symbol that
only another species' rows explain is judged within that species (``PTPMT1`` from the fly
synonym ``DPTEN``, which the sidecar also maps to the fly ``Pten``).

## Why it matters
NCBI Gene's synonym lists are far wider than HGNC's aliases (TMED7, ZHX2 and PTK2B carry
``p27``, ``RAF`` and ``PKB`` only there); a word that NCBI alone ties to several genes names none
of them with any confidence.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - LRP5
  - APP
  - AAAS
```
(with the sidecar rows ``AAA AAA APP`` and ``AAA AAA AAAS``, both ``ncbigene_synonym``, as in
tests/rules/synonym-only-support/example-genes.tsv: the rule needs sidecar rows the base lacks)

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword.

## Options
- `min-genes` (default `2`): genes the word must reach in the sidecar to count as ambiguous
  (values below 2 act as 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import MIN_AMBIGUOUS_GENES, data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    min_genes: int = MIN_AMBIGUOUS_GENES


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.evidence import analyse, optioned_diagnostic, suspect_diagnostics

    if options == Options():
        yield from suspect_diagnostics(doc, "G108", context)
        return
    for keyword in analyse(doc).keywords:  # human keywords, and human-looking ones only another species explains
        for route in keyword.routes:
            if route.finding is not None and route.finding.code == "G108" and route.ambiguous >= options.min_genes:
                if (found := optioned_diagnostic(doc, keyword, route.finding, context)) is not None:
                    yield found
                break


RULE = Rule(
    code="G108",
    name="synonym-only-support",
    summary="a gene supported only by an ambiguous NCBI synonym",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    options=Options,
    data_version=data_version,
)
