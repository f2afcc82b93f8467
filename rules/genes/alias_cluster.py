"""G101 alias-cluster: a keyword reached through an alias that belongs to another gene.

## What it finds
A human keyword whose only route into the record is a word that several genes carry as an
alias or previous symbol, when this gene is not the word's owner: ``P27`` is an alias of IFI27,
PSMD9, ZNRD2, DCTN6 and H3P23, and FamPlex's grounding map says ``p27`` means CDKN1B. The owner
is, in order: the gene FamPlex grounds the word to, the gene whose approved symbol the word is,
the genes that had the word as their previous symbol, and among genes sharing a plain alias the
one that shares WikiPathways pathways with the figure's other genes. A gene that carries the word
only as an NCBI Gene synonym while HGNC gives it to other genes is suspect too. With the sidecar
(``_data/<figid>-genes.tsv``) each keyword's words are known; without it, keywords carrying the
same alias are compared among themselves, and related genes (one FamPlex family) are left alone.
The keyword order helps too: PFOCR lists the keywords one word produced together, so a keyword
sitting inside (or right next to) a run of keywords that carry one alias, when HGNC does not give
it that alias, most likely carries it only as a wider NCBI Gene synonym (TMED7 among the ``P27``
carriers). It is reported when the figure's pathways do not support it either: inside the run it
shares pathways with fewer than 30% of the figure's other genes, next to the run with none; and
when the figure's title, caption and paper title do not write its symbol. This needs the current
layout and no sidecar (the sidecar names each keyword's word).
A keyword written as a human symbol that only another species' sidecar rows explain is judged
within that species: ``AGO1`` from the fly synonym ``ago``, which is the fly symbol of ``ago``.

## Why it matters
PFOCR matched every OCR'd word against all NCBI Gene synonyms, so one ``p27`` in a figure adds
five unrelated genes. Curators must see which word brought the gene in and whose alias it is.

## Example
```yaml
schema-jsonld:
  keywords:
  - CDKN1B
  - IFI27
  - PSMD9
  - ZNRD2
  - DCTN6
```

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword. When the evidence names the one gene the figure
meant (FamPlex grounds ``p27`` to CDKN1B) and it is not a keyword, the word's first suspect
keyword is replaced by it instead and the others are removed: IFI27, PSMD9, ZNRD2, DCTN6, TMED7
and H3P23 become one CDKN1B. Check the figure first: the message names the word and the gene
meant; the evidence holds the probability (``confidence``), the strongest evidence and the whole
judgement (``detail``).
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

    yield from suspect_diagnostics(doc, "G101", context)


RULE = Rule(
    code="G101",
    name="alias-cluster",
    summary="a keyword reached through an alias that belongs to another gene",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    data_version=data_version,
)
