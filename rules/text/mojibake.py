"""T005 mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1 (``â€™`` for ``’``).

## What it finds
Runs of characters that are the UTF-8 bytes of another character read as Windows-1252 or
Latin-1: ``â€™`` (``’``), ``Ã©`` (``é``), ``Î±`` (``α``), ``Â`` before a space. A run is only
reported when encoding it back and decoding it as UTF-8 gives a real character, which the
message names. The replacement character ``�`` (text already lost) is reported too.

## Why it matters
Mojibake is what readers see in place of quotes, dashes and Greek letters; it also breaks gene
recognition (``TNF-Î±`` is no longer ``TNF-α``) and every comparison with the source article.

## Example
```yaml
figtitle: Activation of aryl hydrocarbon receptor (AhR) in Alzheimerâ€™s disease
```

## Fix
None: repair the text from the article (the message names the probable character).

## Options
- `fields` (default `["figtitle", "caption", "papertitle"]`): the fields checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.text.scalars import DEFAULT_FIELDS, diagnostic, text_fields

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

# Characters Windows-1252 puts at bytes 0x80-0x9F, and Latin-1's C1 controls at the same bytes.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = f"[\u0080-\u00bf{_CP1252_HIGH}]"
_SUSPECT = re.compile(
    rf"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}|[\u00f0-\u00f4]{_CONTINUATION}{{3}}|\ufffd"
)


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = DEFAULT_FIELDS


# What mojibake in scientific text stands for: Latin letters, Greek, Cyrillic, punctuation and symbols.
_PLAUSIBLE = re.compile("[\u00a0-\u024f\u0370-\u04ff\u2000-\u2bff\ufb00-\ufb06]")


def repaired(run: str) -> str | None:
    """The character ``run`` stands for when it is UTF-8 read as Windows-1252 or Latin-1, else None."""
    for codec in ("cp1252", "latin-1"):
        try:
            meant = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return meant if _PLAUSIBLE.fullmatch(meant) else None
    return None


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields, unless=str.isascii):
        for match in _SUSPECT.finditer(value):
            run = match.group()
            if run == "\ufffd":
                message = f"replacement character U+FFFD in {path[-1]}, expected the character that was lost"
            else:
                meant = repaired(run)
                if meant is None:
                    continue
                message = f"mojibake {run!r} in {path[-1]}, expected {meant!r} (UTF-8 read as Windows-1252)"
            yield diagnostic(doc, path, match.start(), match.end(), message)


RULE = Rule(
    code="T005",
    name="mojibake",
    summary="UTF-8 text that was decoded as Windows-1252 or Latin-1",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
