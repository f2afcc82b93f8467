"""C005 filename-extension: filename does not end in an image extension.

## What it finds
A ``filename`` whose extension is not one of ``extensions`` (compared case-insensitively), or
that has no extension at all.

## Why it matters
``filename`` is the figure image PFOCR downloaded and ran OCR on; the site builds the image URL
from it. Any other extension means the field holds something else (a page name, a PDF, a
truncated name) and the figure's image link is broken.

## Example
```yaml
filename: ijms-24-04893-g003.pdf
```

## Fix
None: look up the image's real file name in the article.

## Options
- `extensions` (default `[".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp",
  ".svg"]`): the accepted image extensions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.consistency.ids import text

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    extensions: tuple[str, ...] = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".svg")


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    filename = text(doc, "filename")
    if not filename:
        return
    accepted = {extension.lower() for extension in options.extensions}
    suffix = PurePosixPath(filename).suffix
    if suffix.lower() not in accepted:
        found = f"extension {suffix!r}" if suffix else "no extension"
        shown = ", ".join(options.extensions)
        yield doc.diagnostic(("filename",), f"filename {filename!r} has {found}, expected an image extension ({shown})")


RULE = Rule(
    code="C005",
    name="filename-extension",
    summary="filename does not end in an image extension",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
