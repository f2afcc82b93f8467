"""G107 out-of-context: a keyword reached only through an alias that the figure's pathways do not support.

## What it finds
A human keyword reached only through an alias, a synonym or a family word (never its own symbol
in capitals, nor a word FamPlex grounds to it) when nothing in the figure supports it:

- its gene shares no WikiPathways pathway with any of the figure's other gene words (IFI27,
  PSMD9, TMED7 among ERBB2, AKT1, MAPK1 in a HER2 figure), given at least ``min-anchors``
  annotated words to compare with;
- it comes through a short alias (``max-short-alias`` letters or fewer: ``JAZ``, ``COP``,
  ``PHD``) of a gene WikiPathways places in no pathway at all;
- its own symbol is written in lower case, as a common word is (``cad``, ``aga``), and its gene
  shares no pathway with the figure's other words or is in none;
- the figure's gene words hardly share pathways at all (fewer than ``min-coherence`` of them
  share one with another word: a bacterial, plant or chemistry figure) and no other route
  confirms the word.

Family expansions are judged as a whole word, and only by the last test. Needs the sidecar.

## Why it matters
The words of a pathway figure name genes that work together; a synonym match to a gene from an
unrelated corner of biology is almost always a coincidence of abbreviations.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - LRP5
  - AKT1
  - SP7
  - WNT3A
  - FZD1
```

## Fix
Unsafe (``--unsafe-fixes``): remove the keyword.

## Options
- `min-anchors` (default `3`): annotated gene words the figure must have before a gene that
  shares no pathway with them is reported.
- `max-short-alias` (default `3`): length up to which an alias of an unannotated gene is
  reported.
- `min-coherence` (default `0.5`): share of the figure's gene words that must share a pathway
  with another word for the figure to count as a human pathway figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import MAX_SHORT_ALIAS, MIN_ANCHORS, MIN_COHERENCE, data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    min_anchors: int = MIN_ANCHORS
    max_short_alias: int = MAX_SHORT_ALIAS
    min_coherence: float = MIN_COHERENCE


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.conclusions import DEFAULT_CONTEXT, ContextSettings, out_of_context
    from curate.rules.genes.analysis.evidence import analyse, optioned_diagnostic, suspect_diagnostics

    settings = ContextSettings(options.min_anchors, options.max_short_alias, options.min_coherence)
    if settings == DEFAULT_CONTEXT:  # the analysis judged every keyword with these settings already
        yield from suspect_diagnostics(doc, "G107", context)
        return
    analysis = analyse(doc)
    for keyword in analysis.human():
        finding = out_of_context(keyword, analysis.coherence, analysis.confirmed, settings)
        if finding is not None and (found := optioned_diagnostic(doc, keyword, finding, context)) is not None:
            yield found


RULE = Rule(
    code="G107",
    name="out-of-context",
    summary="a keyword reached only through an alias that the figure's pathways do not support",
    severity=Severity.WARNING,
    fix=FixAvailability.UNSAFE,
    check=check,
    options=Options,
    data_version=data_version,
)
