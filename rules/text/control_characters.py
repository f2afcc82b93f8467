"""T009 control-characters: control or invisible formatting characters in a title or caption.

## What it finds
C0 and C1 control characters other than tab and line break (those are ``whitespace``), DEL, and
invisible formatting characters: soft hyphen, zero-width space and joiners, word joiner,
direction marks, line and paragraph separators, and a byte order mark inside the text. The
message gives each one's code point and name.

## Why it matters
These characters are invisible on the page but split words for search and gene recognition
(``phos\\u00adphorylation``, ``AK\\u200bT``), and some break the JSON-LD and feeds built from the
record. They come from PDF extraction and copy-paste.

## Example
```yaml
caption: "Summary of the signaling pathway that connects neuropeptides to the A\\u200BR."
```

## Fix
None: delete the character, or replace it with the one that was meant.

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

_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 less tab and line breaks, DEL, C1
    "\u00ad\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\ufeff]"  # invisible formatting
)
_C0_NAMES = {"\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
             "\x1b": "ESCAPE", "\x7f": "DELETE"}


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = (*DEFAULT_FIELDS, KEYWORDS)


def describe_char(char: str) -> str:
    name = unicodedata.name(char, "") or _C0_NAMES.get(char, "control character")
    return f"U+{ord(char):04X} ({name.lower()})"


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields, unless=str.isprintable):
        for match in _CONTROL.finditer(value):
            message = f"invisible character {describe_char(match.group())} in {describe(path)}, expected none"
            yield diagnostic(doc, path, match.start(), match.end(), message)


RULE = Rule(
    code="T009",
    name="control-characters",
    summary="control or invisible formatting characters in a title, caption or keyword",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
