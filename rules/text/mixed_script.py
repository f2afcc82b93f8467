"""T008 mixed-script: Cyrillic or Greek letters posing as Latin ones (``АКТ``, ``ΤΡΗ``).

## What it finds
A word with a Cyrillic letter, a Greek capital, a Greek omicron or a fullwidth letter that looks
exactly like a Latin letter (``А`` for ``A``, ``Τ`` for ``T``, ``ο`` for ``o``, ``Ｌ`` for ``L``), when the word also has Latin letters
or is made only of such look-alikes. The message names the look-alikes and spells the word in
Latin letters (a Greek ``Ρ`` reads as ``P`` but is typed on the ``R`` key, so both are named). Greek used as
Greek is left alone: ``TNF-α``, ``NF-κB``, ``β-catenin``, ``IKKβ`` and ``ΔΨm`` are not reported.

## Why it matters
A look-alike letter makes a word that reads right and matches nothing: ``АКТ`` is not ``AKT``
to a search, a gene matcher or a database join, so the gene silently drops out of the figure.
It comes from OCR or from text typed on a Cyrillic or Greek keyboard layout.

## Example
```yaml
caption: Summary of the signaling pathway that connects neuropeptides to АКТ and the AR.
```

## Fix
None: retype the word in Latin letters (the message gives the spelling).

## Options
- `fields` (default `["figtitle", "caption", "papertitle", "schema-jsonld.keywords"]`): the fields
  checked; a list field has each of its items checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.linter.wording import describe
from curate.rules.text.scalars import DEFAULT_FIELDS, KEYWORDS, diagnostic, text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek capitals and omicron
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
}
_LOOKALIKES.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # fullwidth A-Z
_LOOKALIKES.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # fullwidth a-z
_AMBIGUOUS = frozenset("Ρρ")  # Greek rho looks like P but sits on the R key of a Greek keyboard
_WORD = re.compile(r"[^\W\d_]+(?:[-\d][^\W\d_]+)*", re.UNICODE)
_SUSPECT = re.compile("[" + "".join(_LOOKALIKES) + "\u0400-\u04ff]")


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = (*DEFAULT_FIELDS, KEYWORDS)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha() or unicodedata.name(char, "").startswith("LATIN")


def _script(char: str) -> str:
    if "\u0400" <= char <= "\u04ff":
        return "Cyrillic"
    return "fullwidth" if "\uff00" <= char <= "\uffef" else "Greek"


def impostor(word: str) -> str | None:
    """The Latin reading of ``word`` when look-alike letters pose as Latin ones in it, else None."""
    letters = [char for char in word if char.isalpha()]
    foreign = [char for char in letters if not _is_latin(char)]
    if not foreign or not any(char in _LOOKALIKES for char in foreign):
        return None
    cyrillic = any("\u0400" <= char <= "\u04ff" or "\uff00" <= char <= "\uffef" for char in foreign)
    has_latin = len(foreign) < len(letters)
    only_lookalikes = all(char in _LOOKALIKES for char in foreign)
    if has_latin and not (cyrillic or only_lookalikes):
        return None
    if not has_latin and not (only_lookalikes and len(letters) > 1):
        return None
    return "".join(_LOOKALIKES.get(char, char) for char in word)


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields, unless=str.isascii):
        if not _SUSPECT.search(value):
            continue
        for match in _WORD.finditer(value):
            reading = impostor(match.group())
            if reading is None:
                continue
            word = match.group()
            posing = "".join(dict.fromkeys(c for c in word if c in _LOOKALIKES))
            script = " and ".join(sorted({_script(c) for c in posing}))
            expected = f"{reading!r}" if not _AMBIGUOUS & set(word) else f"Latin letters ({reading!r}, or R for Ρ)"
            message = f"{word!r} in {describe(path)} has {script} letters posing as Latin ones ({posing})"
            message += f", expected {expected}"
            yield diagnostic(doc, path, match.start(), match.end(), message)


RULE = Rule(
    code="T008",
    name="mixed-script",
    summary="Cyrillic or Greek letters posing as Latin ones",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
