"""G104 previous-symbol: a keyword that is a previous or withdrawn HGNC symbol.

## What it finds
A human-style keyword that is not an approved HGNC symbol but one HGNC has renamed or withdrawn:
``IL8`` (now CXCL8), ``FAM46C`` (now TENT5C), a withdrawn entry merged into another gene. When
HGNC names exactly one approved symbol for it (one gene had it as its previous symbol and no
other gene uses it as an alias, or a withdrawal with one replacement), the fix writes that symbol.

## Why it matters
Searches and pathway tools key on approved symbols; an outdated symbol hides the gene from them,
and the same gene may be listed twice under its old and new names.

## Example
```yaml
schema-jsonld:
  keywords:
  - LRP6
  - IL8
```

## Fix
Safe: replace the keyword with the approved symbol; when the approved symbol is already a
keyword, remove the outdated duplicate instead. No fix when HGNC names several genes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, remove_item, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import data_version

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document
    from curate.linter.knowledge import SymbolInfo


def replacement(info: SymbolInfo) -> str | None:
    """The one approved symbol HGNC gives for a previous or withdrawn symbol, else None."""
    if info.previous_of:
        targets = set(info.previous_of) | set(info.alias_of)
        return info.previous_of[0] if len(targets) == 1 else None
    if info.withdrawn and len(info.replaced_by) == 1 and not info.alias_of:
        return info.replaced_by[0]
    return None


def _describe(info: SymbolInfo) -> str:
    """``the previous symbol of FBP1 and an alias of FUBP1, RAB14``; ``withdrawn by HGNC with no replacement``."""
    parts = []
    if info.previous_of:
        parts.append(f"the previous symbol of {', '.join(info.previous_of)}")
    if info.alias_of:
        parts.append(f"an alias of {', '.join(info.alias_of)}")
    if info.withdrawn and not parts:
        replaced = f"replaced by {', '.join(info.replaced_by)}" if info.replaced_by else "with no replacement"
        parts.append(f"withdrawn by HGNC ({info.withdrawn.lower()}) {replaced}")
    return " and ".join(parts)


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.evidence import analyse, evidence_of

    analysis = analyse(doc)
    present = {keyword.text for keyword in analysis.keywords}
    for keyword in analysis.human():
        info = keyword.info
        if info is None or info.gene is not None or info.status not in ("previous", "withdrawn"):
            continue
        target = replacement(info)
        what = (f"the previous symbol of {target}" if info.previous_of else f"withdrawn by HGNC, replaced by {target}")
        evidence = evidence_of("previous", keyword.text, target or "")
        if target is None:
            yield doc.diagnostic(keyword.key_path, f"{keyword.text} is {_describe(info)}; expected "
                                 f"{'a current symbol' if info.status == 'withdrawn' else 'the approved symbol the figure means'}",
                                 evidence=evidence)
        elif target in present:
            yield doc.diagnostic(
                keyword.key_path, f"{keyword.text} is {what}, which is already a keyword; "
                f"expected it once, under the approved symbol",
                fix=fix(f"remove {keyword.text}, a duplicate of {target}", remove_item(doc, keyword.key_path)),
                evidence=evidence)
        else:
            yield doc.diagnostic(
                keyword.key_path, f"{keyword.text} is {what}; expected the approved symbol {target}",
                fix=fix(f"replace {keyword.text} with {target}", replace_value(doc, keyword.key_path, target)),
                evidence=evidence)


RULE = Rule(
    code="G104",
    name="previous-symbol",
    summary="a keyword that is a previous or withdrawn HGNC symbol",
    severity=Severity.WARNING,
    fix=FixAvailability.SAFE,
    check=check,
    data_version=data_version,
)
