"""T007 empty-brackets: brackets with nothing in them, left where citations were stripped.

## What it finds
``()``, ``[]``, ``(, )``, ``[;]`` and groups made only of such brackets, separators and "and"
(``[(), (), and ()]``), reported once per group.

## Why it matters
PMC captions cite references as links; when the links are stripped the brackets stay behind
(``mediated by GLRX3 ()``). Readers see broken text and cannot tell what was cited.

## Example
```yaml
caption: Fe-S cluster formation is mediated by GLRX3 () and BOLA2 [].
```

## Fix
None: remove the brackets or restore the citation by hand (the sentence may need rewording).

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

_FILLER = r"(?:\s|[,;]|\band\b)"
_INNER = rf"\({_FILLER}*\)|\[{_FILLER}*\]"
_QUICK = re.compile(rf"[(\[]{_FILLER}*[)\]]")
_EMPTY = re.compile(rf"\((?:{_FILLER}|{_INNER})*\)|\[(?:{_FILLER}|{_INNER})*\]")


@dataclass(frozen=True)
class Options:
    fields: tuple[str, ...] = DEFAULT_FIELDS


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    for path, value in text_fields(doc, options.fields):
        if not _QUICK.search(value):
            continue
        for match in _EMPTY.finditer(value):
            text = match.group()
            message = f"empty brackets {text!r} in {path[-1]}, expected the citation or nothing"
            yield diagnostic(doc, path, match.start(), match.end(), message)


RULE = Rule(
    code="T007",
    name="empty-brackets",
    summary="brackets with nothing in them, left where citations were stripped",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
