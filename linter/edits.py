"""Text edits for fixes, written the way libyaml would write them.

The records were emitted by PyYAML (``yaml.dump(data, sort_keys=False, allow_unicode=True,
width=80)``). A fix replaces only the span of the value it changes, and the replacement text is
what that emitter writes for the new value at the same indentation, so a fixed record still looks
as if the pipeline had written it and every other byte stays as it was.
"""

from __future__ import annotations

from typing import Any

import yaml

from curate.linter.diagnostic import Applicability, Edit, Fix
from curate.linter.document import Document

_WRAPPER_KEY = "w"


def dump(data: Any) -> str:
    """PFOCR's own emission settings."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=80)


def render_entry(key: str, value: Any, indent: int) -> str:
    """``key: value`` as libyaml writes it when ``key`` starts at column ``indent`` (0-based).

    The entry is nested inside wrapper mappings so that line wrapping sees the real column; the
    first line comes back without its indentation because an edit starts at the key itself.
    """
    depth, odd = divmod(indent, 2)
    if odd:
        raise ValueError(f"cannot render at odd indentation {indent}")
    data: Any = {key: value}
    for _ in range(depth):
        data = {_WRAPPER_KEY: data}
    lines = dump(data).splitlines(keepends=True)[depth:]
    return "".join(lines)[indent:]


def render_item(value: Any, indent: int) -> str:
    """A sequence item's value as libyaml writes it after ``- `` at column ``indent``."""
    text = render_entry(_WRAPPER_KEY, [value], indent)
    first_break = text.index("\n")
    return text[first_break + 1 + indent + 2 :]


def _line_start(doc: Document, offset: int) -> int:
    return doc.text.rfind("\n", 0, offset) + 1


def _line_end(doc: Document, offset: int) -> int:
    """The offset just past the line break that ends the line holding ``offset - 1``."""
    if offset > 0 and doc.text[offset - 1] == "\n":
        return offset
    newline = doc.text.find("\n", offset)
    return len(doc.text) if newline == -1 else newline + 1


def _native(doc: Document, text: str) -> str:
    return text.replace("\n", doc.newline) if doc.newline != "\n" else text


def replace_value(doc: Document, key_path: tuple, value: Any) -> Edit:
    """Set the value at ``key_path`` (a mapping key or a sequence index) to ``value``."""
    location = doc.locations[key_path]
    old_end = location.value.end
    keeps_break = doc.text[old_end - 1 : old_end] == "\n"
    if location.key is None:
        text = render_item(value, location.indent - 2 if key_path and isinstance(key_path[-1], int) else 0)
        start = location.value.start
    else:
        text = render_entry(key_path[-1], value, location.indent)
        start = location.key.start
    if not keeps_break:
        text = text.removesuffix("\n")
    return Edit(start, old_end, _native(doc, text))


def _in_flow_collection(doc: Document, key_path: tuple) -> bool:
    """True when ``key_path`` sits inside ``[...]`` or ``{...}``, where whole lines are not its own."""
    parent = doc.locations.get(key_path[:-1])
    return parent is not None and doc.text[parent.value.start : parent.value.start + 1] in ("[", "{")


def remove_key(doc: Document, key_path: tuple) -> Edit:
    """Delete a mapping entry: its whole lines, from the key to the end of its value."""
    if key_path[:-1] and _in_flow_collection(doc, key_path):
        parent = doc.get(key_path[:-1])
        return replace_value(doc, key_path[:-1], {k: v for k, v in parent.items() if k != key_path[-1]})
    location = doc.locations[key_path]
    start = location.key.start if location.key else location.value.start
    return Edit(_line_start(doc, start), _line_end(doc, location.value.end), "")


def remove_item(doc: Document, key_path: tuple) -> Edit:
    """Delete one item of a sequence; an emptied sequence becomes ``[]`` as libyaml writes it.

    A block item goes with its whole lines; an item of a flow sequence (``[a, b]``) is removed by
    rewriting the sequence, since its line holds the other items too.
    """
    parent = doc.get(key_path[:-1])
    if isinstance(parent, list) and (len(parent) == 1 or _in_flow_collection(doc, key_path)):
        return replace_value(doc, key_path[:-1], [item for i, item in enumerate(parent) if i != key_path[-1]])
    location = doc.locations[key_path]
    return Edit(_line_start(doc, location.value.start), _line_end(doc, location.value.end), "")


def fix(title: str, *edits: Edit, unsafe: bool = False) -> Fix:
    return Fix(title, Applicability.UNSAFE if unsafe else Applicability.SAFE, tuple(edits))


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text
