"""G102 family-outsider: a keyword that matches a family word only through an alias.

## What it finds
A human keyword reached through a word FamPlex grounds to a family the gene does not belong to,
while real members of that family are among the keywords: ``ERK`` is a previous symbol of
EPHB2, but FamPlex's ``ERK`` is MAPK1 and MAPK3; ``RAF`` is an NCBI synonym of ZHX2 beside
ARAF, BRAF and RAF1. It also finds the opposite slip: a word FamPlex grounds to one gene that
PFOCR expanded to the gene's whole family (``p53`` is TP53, not TP63 and TP73; ``SRC`` is SRC,
not FGR, FYN and YES1), or a family word with a member's letter (``P-selectin`` is SELP, whose
HGNC name is 'selectin P', not SELE and SELL).

Without a sidecar the keyword order stands in for it: PFOCR lists a family word's NCBI synonym
matches right before the members FamPlex expanded it to. A keyword right before a run of one
family's members that is no member itself, shares no WikiPathways pathway with the figure's other
genes and is not written in the figure's title, caption or paper title is reported (ZHX2 right
before ARAF, BRAF: ``RAF`` is ZHX2's synonym only in NCBI Gene, not in HGNC); inside such a run,
sharing pathways with fewer than 30% of the other genes is enough. Records in the legacy layout
order their keywords otherwise and are left alone.

## Why it matters
Family words are the most common labels in pathway figures; an alias that happens to equal the
family's name puts an unrelated gene next to the real members, and a one-gene word expanded to
its paralogs claims genes the figure does not show.

## Example
```yaml
schema-jsonld:
  keywords:
  - MAPK1
  - MAPK3
  - EPHB2
```

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword; the message names the family and its members.
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

    yield from suspect_diagnostics(doc, "G102", context)


RULE = Rule(
    code="G102",
    name="family-outsider",
    summary="a keyword that matches a family word only through an alias",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    data_version=data_version,
)
