"""Text edits for fixes, written the way libyaml would write them, each stating what it does to the data.

The records were emitted by PyYAML (``yaml.dump(data, sort_keys=False, allow_unicode=True,
width=80)``). A fix replaces only the span of the value it changes, and the replacement text is
what that emitter writes for the new value at the same place, so a fixed record still looks as if
the pipeline had written it and every other byte stays as it was.

"The same place" covers any valid layout, not only the house style:

- in block context at any column (odd indentation too), the value is rendered at column 0 with
  the line width left at its real column, then its continuation lines are moved to that column
  (byte for byte what libyaml writes for a key nested at that column);
- inside a flow collection (``{...}`` or ``[...]``, anywhere up the key path), a value is written in
  flow style on one line, quoted as libyaml quotes inside a flow collection (``'a, b'``), with
  multi-line text double-quoted so no line break can land where the flow collection's
  indentation rules apply;
- a flow collection that is rewritten (an item or key removed from it) stays a flow collection.

Every edit made here is a :class:`DataEdit`: it also carries the :class:`Change` it makes to the
loaded data, so the fixer can check that the re-parsed record holds exactly that data.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from curate.linter.diagnostic import Applicability, Edit, Fix

if TYPE_CHECKING:  # annotations only: rule modules import this one, and listing rules must not load YAML
    import yaml

    from curate.linter.document import Document

WIDTH = 80
_MIN_WIDTH = 5  # libyaml falls back to 80 at or below twice its indentation step (2)
# where libyaml starts a new line and indents it: after each of its line breaks that is not
# followed by another (it writes empty lines without indentation)
_LINE_STARTS = re.compile("(?<=[\n\x85\u2028\u2029])(?=[^\n\x85\u2028\u2029])")
_BREAKS = frozenset("\n\x85\u2028\u2029")


class Change(NamedTuple):
    """What an edit does to the data: the value at ``key_path`` becomes ``value``, or (``removed``)
    the key or item at ``key_path`` goes."""

    key_path: tuple
    value: Any = None
    removed: bool = False


class DataEdit(Edit):
    """An :class:`Edit` that also states the :class:`Change` it makes (``change``)."""

    change: Change


class CommentEdit(Edit):
    """An :class:`Edit` of comments only (a suppression directive, say): the data must read back
    unchanged, and the comments it removes are what it is for."""


def _data_edit(start: int, end: int, content: str, change: Change) -> DataEdit:
    edit = DataEdit(start, end, content)
    edit.change = change
    return edit


def _emit(data: Any, width: int, flow: bool = False, adjust: Callable[[yaml.Node], None] | None = None) -> str:
    """libyaml's text for ``data`` (``adjust`` may restyle its node graph before it is written)."""
    import yaml  # here, not at the top: see the TYPE_CHECKING import

    stream = io.StringIO()
    dumper = yaml.CSafeDumper(stream, default_flow_style=flow, sort_keys=False, allow_unicode=True, width=width)
    dumper.open()
    node = dumper.represent_data(data)
    if adjust is not None:
        adjust(node)
    dumper.serialize(node)
    dumper.close()
    return stream.getvalue()


def dump(data: Any) -> str:
    """PFOCR's own emission settings."""
    return _emit(data, WIDTH)


def _at_column(text: str, column: int) -> str:
    """Block text rendered at column 0, its continuation lines moved to ``column``."""
    return _LINE_STARTS.sub(" " * column, text) if column else text


def _width(column: int) -> int:
    return max(WIDTH - column, _MIN_WIDTH)


def render_entry(key: Any, value: Any, indent: int, keep_flow: bool = False) -> str:
    """``key: value`` as libyaml writes it in a block mapping whose keys start at column ``indent``.

    The first line comes back without its indentation, because an edit starts at the key itself.
    ``keep_flow`` writes a collection value in flow style (``[a, b]``), as it was.
    """
    adjust = (lambda node: _set_flow(node.value[0][1])) if keep_flow else None
    return _at_column(_emit({key: value}, _width(indent), adjust=adjust), indent)


def render_item(value: Any, column: int, keep_flow: bool = False) -> str:
    """A block sequence item's value as libyaml writes it when it starts at ``column`` (after ``- ``)."""
    adjust = (lambda node: _set_flow(node.value[0])) if keep_flow else None
    dash = max(column - 2, 0)
    return _at_column(_emit([value], _width(dash), adjust=adjust), dash).removeprefix("- ")


def _render_value(value: Any, column: int, keep_flow: bool) -> str:
    """A value that is not a mapping entry or sequence item (the whole front matter), at ``column``."""
    return _at_column(_emit(value, _width(column), flow=keep_flow), column)


def _set_flow(node: yaml.Node) -> None:
    if node.id in ("sequence", "mapping"):
        node.flow_style = True


def render_in_flow(value: Any, key: Any = None, keyed: bool = True) -> str:
    """A mapping entry (``key: value``) or, without ``keyed``, a sequence item, as libyaml writes it
    inside a flow collection, on one line."""
    return _emit({key: value} if keyed else [value], -1, flow=True, adjust=_quote_multiline).rstrip("\n")[1:-1]


def _quote_multiline(node: yaml.Node) -> None:
    """Double-quote text holding a line break: its escapes keep the whole value on one line."""
    pending = [node]
    while pending:
        current = pending.pop()
        if current.id == "scalar":
            if not _BREAKS.isdisjoint(current.value):
                current.style = '"'
        elif current.id == "sequence":
            pending.extend(current.value)
        else:
            for pair in current.value:
                pending.extend(pair)


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


def _is_flow(doc: Document, key_path: tuple) -> bool:
    """Whether the value at ``key_path`` is written as a flow collection (``[...]`` or ``{...}``)."""
    location = doc.locations.get(key_path)
    return location is not None and doc.text[location.value.start : location.value.start + 1] in ("[", "{")


def in_flow_context(doc: Document, key_path: tuple) -> bool:
    """Whether ``key_path`` sits inside a flow collection, at any depth."""
    return any(_is_flow(doc, key_path[:depth]) for depth in range(len(key_path)))


def replace_value(doc: Document, key_path: tuple, value: Any) -> DataEdit:
    """Set the value at ``key_path`` (a mapping key or a sequence index) to ``value``."""
    location = doc.locations[key_path]
    old_end = location.value.end
    keep_flow = _is_flow(doc, key_path)
    item = bool(key_path) and isinstance(key_path[-1], int)
    start = location.value.start if location.key is None else location.key.start
    if in_flow_context(doc, key_path):
        text = render_in_flow(value, key_path[-1], keyed=location.key is not None)
    else:
        if location.key is not None:
            text = render_entry(key_path[-1], value, location.indent, keep_flow)
        elif item:
            text = render_item(value, location.indent, keep_flow)
        else:
            text = _render_value(value, location.indent, keep_flow)
        if doc.text[old_end - 1 : old_end] != "\n":
            text = text.removesuffix("\n")
    return _data_edit(start, old_end, _native(doc, text), Change(key_path, value))


def remove_key(doc: Document, key_path: tuple) -> DataEdit:
    """Delete a mapping entry: its whole lines, from the key to the end of its value; in a flow
    mapping (whose line holds other entries), the entry and the comma that joins it to another."""
    if _is_flow(doc, key_path[:-1]):
        parent = doc.get(key_path[:-1])
        return _remove_from_flow(doc, key_path, [(*key_path[:-1], key) for key in parent])
    location = doc.locations[key_path]
    start = location.key.start if location.key else location.value.start
    return _data_edit(_line_start(doc, start), _line_end(doc, location.value.end), "", Change(key_path, removed=True))


def remove_item(doc: Document, key_path: tuple) -> DataEdit:
    """Delete one item of a sequence; an emptied sequence becomes ``[]`` as libyaml writes it.

    A block item goes with its whole lines; an item of a flow sequence (``[a, b]``) goes with the
    comma that joins it to another, since its line holds the other items too.
    """
    parent = doc.get(key_path[:-1])
    if isinstance(parent, list) and len(parent) == 1:
        return replace_value(doc, key_path[:-1], [])
    if isinstance(parent, list) and _is_flow(doc, key_path[:-1]):
        return _remove_from_flow(doc, key_path, [(*key_path[:-1], index) for index in range(len(parent))])
    location = doc.locations[key_path]
    return _data_edit(_line_start(doc, location.value.start), _line_end(doc, location.value.end), "",
                      Change(key_path, removed=True))


def _remove_from_flow(doc: Document, key_path: tuple, siblings: list[tuple]) -> DataEdit:
    """Remove an entry of a flow collection with its siblings in order: from the end of the one
    before it to its own end (``, b``), or, for the first, from its start to the next one's start
    (``a, ``). Removing several entries of one collection this way keeps the edits apart (all but
    the first two), so a pass can take them together."""
    index = siblings.index(key_path)
    if len(siblings) == 1:
        return replace_value(doc, key_path[:-1], {} if isinstance(doc.get(key_path[:-1]), dict) else [])
    own = doc.locations[key_path]
    if index == 0:
        following = doc.locations[siblings[1]]
        start, end = _entry_start(own), _entry_start(following)
    else:
        start, end = doc.locations[siblings[index - 1]].value.end, own.value.end
    return _data_edit(start, end, "", Change(key_path, removed=True))


def _entry_start(location: Any) -> int:
    return location.key.start if location.key is not None else location.value.start


def fix(title: str, *edits: Edit, unsafe: bool = False) -> Fix:
    return Fix(title, Applicability.UNSAFE if unsafe else Applicability.SAFE, tuple(edits))


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``, in one pass over it."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
