"""C003 derived-field-mismatch: figid_alias, redirect_from or schema-jsonld @id does not follow from the ids.

## What it finds
A derived identifier that is not what the authoritative fields give:
``figid_alias`` = ``pmcid`` + ``__`` + ``number``; ``redirect_from`` = ``/figures/`` + that
alias (when it is a list, the alias must be among its items); ``schema-jsonld.@id`` =
``https://pfocr.wikipathways.org/figures/`` + ``figid`` + ``.html``. Missing fields are left to
the schema rules.

## Why it matters
``figid_alias`` and ``redirect_from`` keep old figure addresses (``/figures/PMC123__F2``)
working, and ``@id`` is the figure's identity in the JSON-LD that search engines index. A stale
value breaks links from papers and citations and makes search engines index the wrong address.

## Example
```yaml
figid_alias: PMC10003241__F2
```

## Fix
Safe: write the value recomputed from the authoritative fields. No fix is offered while those
disagree with each other (``figid`` against ``pmcid`` and ``filename``, or ``figlink`` naming
another article) or while ``number`` is not a figure label such as ``F2`` or ``SF1``; the message
says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import fix, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.consistency.ids import SITE, authority_conflict, text

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_LABEL = re.compile(r"[A-Za-z]*\d+[A-Za-z]?")


def _report(doc: Document, path: tuple, found: str, wanted: str, source: str, blocked: str | None):
    field = " ".join(path)
    message = f"{field} {found!r} does not match {source}, expected {wanted!r}"
    if blocked:
        return doc.diagnostic(path, f"{message} (not fixed: {blocked})")
    return doc.diagnostic(path, message, fix=fix(f"recompute {field}", replace_value(doc, path, wanted)))


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    conflict = authority_conflict(doc)
    pmcid, number, figid = text(doc, "pmcid"), text(doc, "number"), text(doc, "figid")
    if pmcid and number:
        alias = f"{pmcid}__{number}"
        blocked = conflict or (None if _LABEL.fullmatch(number) else f"number {number!r} is not a figure label")
        found = doc.get(("figid_alias",))
        if isinstance(found, str) and found != alias:
            yield _report(doc, ("figid_alias",), found, alias, "pmcid and number", blocked)
        redirect = "/figures/" + alias
        found = doc.get(("redirect_from",))
        if isinstance(found, str) and found != redirect:
            yield _report(doc, ("redirect_from",), found, redirect, "pmcid and number", blocked)
        elif isinstance(found, list) and found and redirect not in found:
            listed = ", ".join(repr(item) for item in found)
            yield doc.diagnostic(("redirect_from",), f"redirect_from lists {listed}, expected {redirect!r} among them")
    if figid:
        page = f"{SITE}{figid}.html"
        found = doc.get(("schema-jsonld", "@id"))
        if isinstance(found, str) and found != page:
            yield _report(doc, ("schema-jsonld", "@id"), found, page, "figid", conflict)


RULE = Rule(
    code="C003",
    name="derived-field-mismatch",
    summary="figid_alias, redirect_from or schema-jsonld @id does not follow from the ids",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
