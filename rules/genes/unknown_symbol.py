"""G105 unknown-symbol: a human-style keyword that HGNC does not know at all.

## What it finds
An upper-case, human-style keyword (``HGNC`` style: ``TP53``, ``C1orf112``) that is neither an
approved, previous or withdrawn HGNC symbol nor an alias, in the knowledge snapshot or, with
``curate lint --online``, in HGNC's live service. Terms PFOCR appended to the keywords (diseases
and chemicals such as ``Cancer``, ``Lung cancer``, ``THROMBOSIS``) are not gene symbols and are
left alone: in a record made from its sidecar, a keyword without a sidecar row that has no digit
is taken for such a term. Mouse, rat, fly and zebrafish symbols are not human-style.

## Why it matters
An unknown symbol is an OCR slip, a symbol newer than the snapshot, or another species' gene
written in capitals. It is not a verdict on the keyword, hence severity ``info``.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - ZQXR17
```

## Fix
None: look the symbol up (``curate lint --online`` asks HGNC) and correct or remove it by hand.
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
    from curate.linter.symbol_lookup import lookup_symbol
    from curate.rules.genes.analysis.evidence import analyse, evidence_of, knowledge

    analysis = analyse(doc)
    for keyword in analysis.human():
        if keyword.info is None or keyword.info.status != "unknown":
            continue
        if context.online and lookup_symbol(keyword.text, context).status != "unknown":
            continue
        where = "HGNC's service" if context.online else f"the HGNC snapshot of {knowledge().date}"
        found = " (NCBI Gene matched it, see the sidecar)" if keyword.routes else ""
        yield doc.diagnostic(keyword.key_path, f"{keyword.text} is not a symbol, previous symbol or alias in "
                             f"{where}{found}; expected a human gene symbol", evidence=evidence_of("word"))


RULE = Rule(
    code="G105",
    name="unknown-symbol",
    summary="a human-style keyword that HGNC does not know at all",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    check=check,
    data_version=data_version,
)
