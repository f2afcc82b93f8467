"""G109 sidecar-mismatch: keywords and the genes sidecar disagree.

## What it finds
When ``_data/<figid>-genes.tsv`` exists: a gene keyword (a human, mouse or rat symbol) that has
no row in it, and, once per record on the ``keywords`` key, the sidecar's genes that are missing
from the keywords. PFOCR builds the keywords from the sidecar's ``ncbigene_symbol`` column and
then appends disease and chemical terms, so those terms (``Cancer``, ``Lung cancer``) and the
sidecar's ``NA`` rows are not compared. Nor is what a curator's fix of the gene verdicts left:
the sidecar keeps every OCR match (it is the provenance), so a sidecar gene the weighed evidence
judges a wrong match, and a keyword that replaced such a match as the gene the figure meant
(CDKN1B for the ``p27`` carriers), are curation, not a lost gene.

## Why it matters
The sidecar is the evidence for every gene keyword (the OCR'd word and how it was matched).
A keyword without a row cannot be checked; a sidecar gene missing from the keywords is lost to
search. Older records were built another way and often disagree wholesale.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - LRP5
  - EGFR
```

## Fix
None: regenerate the keywords from the sidecar, or correct the sidecar.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

GENE_KINDS = ("human", "mouse", "rat")
MAX_LISTED = 8


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.evidence import KEYWORDS, analyse, curated, evidence_of

    sidecar = doc.sidecar
    if sidecar is None:
        return
    name = f"_data/{doc.figid}-genes.tsv"
    symbols = list(dict.fromkeys(row.get("ncbigene_symbol") or "" for row in sidecar))
    symbols = [symbol for symbol in symbols if symbol and symbol != "NA"]
    analysis = analyse(doc)
    if not isinstance(doc.get(KEYWORDS), list):
        if symbols:
            yield doc.diagnostic(KEYWORDS, f"keywords is not a list but {name} lists {len(symbols)} genes; "
                                 f"expected the keywords to hold them", evidence=evidence_of("sidecar"))
        return
    unexplained = [keyword for keyword in analysis.keywords
                   if keyword.kind in GENE_KINDS and keyword.text not in analysis.species]
    present = {keyword.text for keyword in analysis.keywords}
    missing = [symbol for symbol in symbols if symbol not in present]
    if unexplained or missing:  # what a curator's fix of suspect keywords removed or put in is no loss
        removed, meant = curated(doc, context)
        unexplained = [keyword for keyword in unexplained if keyword.text not in meant]
        missing = [symbol for symbol in missing if symbol not in removed]
    for keyword in unexplained:
        yield doc.diagnostic(keyword.key_path, f"{keyword.text} has no row in {name}; expected every gene "
                             f"keyword to come from the sidecar", evidence=evidence_of("sidecar"))
    if missing:
        shown = ", ".join(missing[:MAX_LISTED]) + (f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else "")
        yield doc.diagnostic(KEYWORDS, f"{name} lists {len(missing)} gene{'s' if len(missing) > 1 else ''} missing "
                             f"from keywords: {shown}", at="key", evidence=evidence_of("sidecar"))


RULE = Rule(
    code="G109",
    name="sidecar-mismatch",
    summary="keywords and the genes sidecar disagree",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
    data_version=data_version,
)
