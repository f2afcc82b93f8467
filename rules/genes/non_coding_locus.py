"""G103 non-coding-locus: a pseudogene or non-coding locus among the protein keywords.

## What it finds
A human keyword whose HGNC locus type is one of ``locus-types`` (pseudogenes, endogenous
retroviruses, read-through transcripts, long non-coding and micro RNAs by default) and that the
record reaches only through synonyms: ``H3P23`` (H3 histone pseudogene 23) through ``p27``,
``CRIPTOP2`` through ``CR3``, ``ERVW-4`` through ``Pol``. A locus reached through its own symbol
or its own former symbol (``miR-675`` for MIR675), or through a family word, is left alone.
Without a sidecar, a non-coding keyword is reported when it is already suspect of sharing an
alias with other keywords. Like every weighed verdict, it is reported when the fitted model's
probability of a wrong match reaches the threshold, and under its main cause: ``H3P23`` among
the ``p27`` carriers is G101's (the alias), with its locus type in the evidence.

## Why it matters
A signalling or metabolic figure never shows a histone pseudogene; such loci come in only
because NCBI lists the figure's word among their synonyms.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - SCGB2B3P
```
(with the sidecar row: the word ``C2b`` matched ``SCGB2B3P`` through an NCBI synonym)

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword.

## Options
- `locus-types` (default: pseudogene, T cell receptor pseudogene, immunoglobulin pseudogene,
  endogenous retrovirus, readthrough, RNA, long non-coding, RNA, micro, RNA, misc, RNA, small
  nucleolar, unknown): HGNC locus types taken as non-coding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import NON_CODING, data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    locus_types: tuple[str, ...] = NON_CODING


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.conclusions import non_coding
    from curate.rules.genes.analysis.evidence import Finding, analyse, optioned_diagnostic, suspect_diagnostics

    if options == Options():
        yield from suspect_diagnostics(doc, "G103", context)
        return
    for keyword in analyse(doc).human():
        if keyword.locus_type not in options.locus_types:
            continue
        if keyword.routes:
            finding = non_coding(keyword, options.locus_types)
        elif keyword.findings:
            finding = Finding("G103", f"{keyword.text} (locus type: {keyword.locus_type}) shares an alias with "
                              f"other keywords; expected a protein-coding gene", "locus")
        else:
            finding = None
        if finding is not None and (found := optioned_diagnostic(doc, keyword, finding, context)) is not None:
            yield found


RULE = Rule(
    code="G103",
    name="non-coding-locus",
    summary="a pseudogene or non-coding locus among the protein keywords",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    options=Options,
    data_version=data_version,
)
