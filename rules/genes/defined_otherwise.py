"""G112 defined-otherwise: a keyword from a word the caption defines as another kind of gene product.

## What it finds
A human keyword whose every route is a word that the figure's title or caption spells out as a
product of another kind than the gene: the caption's long form names a hormone, receptor or
factor where HGNC names the gene an enzyme, or the other way round (``AVP/ADH: arginine
vasopressin/antidiuretic hormone`` expanded by FamPlex to the alcohol dehydrogenases ADH1A ...
ADHFE1; ``factor H (FH)`` matched to fumarate hydratase FH). A family word is judged as a whole:
only when none of the genes it was expanded to is of the kind the caption names. Two names of
one kind are never compared (``stem cell factor`` is the KIT ligand). Needs the sidecar.

## Why it matters
The caption is the authors' own statement of what an abbreviation means; when it names a hormone
and the keyword is an enzyme (or the reverse), the abbreviation matched the wrong gene, however
well its symbol fits.

## Example
```yaml
caption: 'AVP/ADH: arginine vasopressin/antidiuretic hormone; OT: oxytocin.'
schema-jsonld:
  keywords:
  - AVP
  - ADH1B
  - ADH5
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

    yield from suspect_diagnostics(doc, "G112", context)


RULE = Rule(
    code="G112",
    name="defined-otherwise",
    summary="a keyword from a word the caption defines as another kind of gene product",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    data_version=data_version,
)
