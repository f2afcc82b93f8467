"""Shared by the T rules: text fields, and where a character of a parsed string sits in the file.

A finding inside a caption (a doubled space, an HTML tag) is reported on the line and column
where it is written. A YAML scalar's parsed string differs from its source: plain and quoted
scalars fold line breaks into spaces and drop the indentation, single quotes double ``'``, and
double quotes have escapes. :func:`offsets` walks the source the way a YAML reader does and
records, for every character of the parsed string, the file offset it came from. The result is
checked against the parsed value; when the two differ (block scalars, anything unexpected) the
finding falls back to the start of the value rather than a wrong place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Fix

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

DEFAULT_FIELDS = ("figtitle", "caption", "papertitle")
KEYWORDS = "schema-jsonld.keywords"  # gene words: a look-alike or invisible character there breaks matching

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}
# characters _read copies as they are, by quoting style
_ORDINARY = {"": re.compile(r"[^ \t\r\n]+"), "'": re.compile(r"[^ \t\r\n']+"), '"': re.compile(r'[^ \t\r\n\\]+')}


def key_path(field: str) -> tuple:
    """``schema-jsonld.description`` -> ``("schema-jsonld", "description")``."""
    return tuple(field.split("."))


def text_fields(doc: Document, fields: tuple[str, ...],
                unless: Callable[[str], bool] | None = None) -> Iterator[tuple[tuple, str]]:
    """``(key_path, value)`` for each configured field that holds a string, or for each string item of a list.

    ``unless`` skips the values for which it holds (``str.isascii``: nothing to find in them). It
    must hold for strings joined by spaces exactly when it holds for each, like ``str.isascii``
    and ``str.isprintable``: a list's items are then tested in one call, not one by one.
    """
    for field in fields:
        path = key_path(field)
        value = doc.get(path)
        if isinstance(value, str):
            if (unless is None or not unless(value)) and path in doc.locations:
                yield path, value
        elif isinstance(value, list) and path in doc.locations:
            strings = [(index, item) for index, item in enumerate(value) if isinstance(item, str)]
            if unless is not None and unless(" ".join(item for _, item in strings)):
                continue
            # the items came from the list's nodes, so each has a location: not looked up one by one
            for index, item in strings:
                if unless is None or not unless(item):
                    yield (*path, index), item


def offsets(doc: Document, path: tuple) -> list[int] | None:
    """File offset of each character of the string at ``path``, plus one for its end; None if unknown."""
    cache = doc.memo.setdefault("text-offsets", {})
    if path not in cache:
        cache[path] = _offsets(doc, path)
    return cache[path]


def span(doc: Document, path: tuple, start: int, end: int) -> tuple[int, int]:
    """File offsets of characters ``start:end`` of the string at ``path``."""
    table = offsets(doc, path)
    if table is None:
        value = doc.locations[path].value
        return value.start, value.end
    end_offset = table[end - 1] + 1 if end > start else table[start]
    return table[start], max(end_offset, table[start])


def diagnostic(doc: Document, path: tuple, start: int, end: int, message: str, fix: Fix | None = None) -> Diagnostic:
    """A diagnostic on characters ``start:end`` of the string at ``path``."""
    first, last = span(doc, path, start, end)
    return doc.diagnostic_at(first, last, message, key_path=path, fix=fix)


def excerpt(value: str, start: int, end: int, width: int = 40) -> str:
    """A short quote of ``value[start:end]`` for a message."""
    text = value[start:end]
    return text if len(text) <= width else text[: width - 3] + "..."


def _offsets(doc: Document, path: tuple) -> list[int] | None:
    location = doc.locations.get(path)
    value = doc.get(path)
    if location is None or not isinstance(value, str):
        return None
    text, start, end = doc.text, location.value.start, location.value.end
    if start >= end:
        return [start] if value == "" else None
    quote = text[start]
    if quote in "|>":
        return None
    if quote in "'\"":
        chars, table = _read(text, start + 1, end - 1, quote)
        table.append(end - 1)
    else:
        chars, table = _read(text, start, end, "")
        table.append(end)
    return table if "".join(chars) == value else None


def _read(text: str, position: int, stop: int, quote: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    table: list[int] = []
    while position < stop:
        char = text[position]
        if char in " \t":
            run_end = position
            while run_end < stop and text[run_end] in " \t":
                run_end += 1
            if run_end < stop and text[run_end] in "\r\n":
                position = run_end  # trailing white space before a line break is dropped
                continue
            if run_end == stop and not quote:
                break
            chars.extend(text[position:run_end])
            table.extend(range(position, run_end))
            position = run_end
        elif char in "\r\n":
            position = _fold(text, position, stop, chars, table)
        elif quote == "'" and char == "'" and text[position + 1 : position + 2] == "'":
            chars.append("'")
            table.append(position)
            position += 2
        elif quote == '"' and char == "\\":
            position = _escape(text, position, stop, chars, table)
        else:  # a run of ordinary characters at once: captions are long
            run = _ORDINARY[quote].match(text, position, stop)
            run_end = run.end() if run is not None else position + 1
            chars.append(text[position:run_end])
            table.extend(range(position, run_end))
            position = run_end
    return chars, table


def _skip_break(text: str, position: int) -> int:
    return position + 2 if text.startswith("\r\n", position) else position + 1


def _fold(text: str, position: int, stop: int, chars: list[str], table: list[int], escaped: bool = False) -> int:
    """A line break and the indentation after it: one space, or one newline per empty line."""
    at = position
    position = _skip_break(text, position)
    empty = 0
    while True:
        while position < stop and text[position] in " \t":
            position += 1
        if position < stop and text[position] in "\r\n":
            empty += 1
            position = _skip_break(text, position)
            continue
        break
    if empty:
        chars.extend("\n" * empty)
        table.extend([at] * empty)
    elif not escaped:
        chars.append(" ")
        table.append(at)
    return position


def _escape(text: str, position: int, stop: int, chars: list[str], table: list[int]) -> int:
    at = position
    code = text[position + 1 : position + 2]
    if code in ("\r", "\n"):
        return _fold(text, position + 1, stop, chars, table, escaped=True)
    if code in _HEX_LENGTHS:
        digits = text[position + 2 : position + 2 + _HEX_LENGTHS[code]]
        try:
            chars.append(chr(int(digits, 16)))
        except ValueError:
            chars.append("\\")
            table.append(at)
            return position + 1
        table.append(at)
        return position + 2 + len(digits)
    chars.append(_ESCAPES.get(code, code))
    table.append(at)
    return position + 2
