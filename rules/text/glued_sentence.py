"""T006 glued-sentence: two sentences with no space after the full stop (``progression.Abbreviation``).

## What it finds
A word ending in two lower-case letters, a full stop (or ``?``/``!``) and straight away the start
of a sentence: a capitalised word, an acronym, or a Greek letter before capitals
(``pathway.Upon``, ``response.βAR``). Abbreviations that end in a full stop (``et al.``,
``Fig.``, ``spp.``) are listed in ``abbreviations`` and skipped, as are single-letter genus
abbreviations (``E.coli``), dotted names (``www.ncbi.nlm``) and file types (``figure.PNG``).

## Why it matters
A glued sentence comes from joining caption paragraphs or dropping a line break. Search and gene
recognition read ``pathway.Upon`` as one token, so the words on both sides are lost to them, and
readers see a typo on the page.

## Example
```yaml
caption: The Toll pathway is activated by Spaetzle signalling.Upon challenge the receptor binds
  its ligand.
```

## Fix
None: whether a space or a line break belongs there is the curator's call.

## Options
- `fields` (default `["figtitle", "caption", "papertitle"]`): the fields checked.
- `abbreviations` (default `["al", "approx", "ca", "cf", "eq", "eqs", "etc", "fig", "figs",
  "no", "nos", "ref", "refs", "sp", "spp", "ssp", "subsp", "var", "vs"]`): words before a full
  stop that are not sentence ends (compared case-insensitively).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import DEFAULT_FIELDS, diagnostic, excerpt, text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_GLUED = re.compile(r"(?<![\w./@-])(\w*[a-z]{2})[.?!]([A-Z][a-z]{2,}|[A-Z]{2,}(?!\w*\.\w)|[\u03b1-\u03c9][A-Z])")
_QUICK = re.compile(r"[.?!][A-Z\u03b1-\u03c9]")
_FILE_TYPES = frozenset("CSV DOC DOCX GIF HTML JPEG JPG JS PDF PNG SVG TIF TIFF TXT XLS XLSX XML".split())


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = DEFAULT_FIELDS
    abbreviations: tuple[str, ...] = (
        "al", "approx", "ca", "cf", "eq", "eqs", "etc", "fig", "figs", "no", "nos", "ref", "refs", "sp", "spp",
        "ssp", "subsp", "var", "vs",
    )


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    skip = {word.casefold() for word in options.abbreviations}
    for path, value in text_fields(doc, options.fields):
        if not _QUICK.search(value):
            continue
        for match in _GLUED.finditer(value):
            if match.group(1).casefold() in skip or match.group(2) in _FILE_TYPES:
                continue
            start = match.start(1)
            end = match.end(2)
            following = re.match(r"\S*", value[end:]).group()
            quoted = excerpt(value, start, end + len(following))
            stop = match.end(1)
            message = f"sentences glued together at {quoted!r} in {path[-1]}, expected a space after {value[stop]!r}"
            yield diagnostic(doc, path, stop, stop + 2, message)


RULE = Rule(
    code="T006",
    name="glued-sentence",
    summary="two sentences with no space after the full stop",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
