"""A fast reader for front matter written the way PFOCR's pipeline writes it.

Every record was emitted by libyaml (``yaml.dump(..., sort_keys=False, allow_unicode=True,
width=80)``): block mappings indented by two, sequences at their key's indentation, plain,
single-quoted and literal (``|``, ``|-``) scalars, ``[]`` and ``{}`` for empty collections.
Composing such a record with libyaml builds a node and two marks per scalar, which costs more
than all the rules of a record together; reading its lines directly costs a third of that.

:func:`read` accepts only that subset, and exactly as libyaml reads it. Anything else (comments,
tags, anchors, flow collections with items, double quotes with escapes, tabs, duplicate keys,
folded scalars, a plain scalar holding ``: `` or `` #``, ...) makes it return None, and the
document is composed by libyaml instead, which also reports the errors. Tests compare both
readers, data and positions, on every record of the sample corpus and on generated records.

Positions come back as a tree mirroring the data. A scalar (and an empty ``[]`` or ``{}``) is a
:data:`Marks` tuple; a mapping or sequence is a :class:`Branch`. All offsets, lines and columns
are 0-based and relative to the text read, like libyaml's marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any, NamedTuple

Marks = tuple[int, int, int, int, int, int]
"""(start, line, column, end, end line, end column) of a node's own text."""


class Branch(NamedTuple):
    """A mapping (``children`` maps each key to its key's marks and its value's tree) or a
    sequence (``children`` lists the items' trees); ``start`` and ``end`` as in :data:`Marks`."""

    start: tuple[int, int, int]
    end: tuple[int, int, int]
    children: dict[str, tuple[Marks, Any]] | list[Any]


class NotHouseStyle(Exception):
    """The text uses YAML the fast reader leaves to libyaml."""


# A plain scalar may not start with these (YAML indicators), nor hold ": " or " #".
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_PLAIN_START = _INDICATORS | {" "}
_MAX_KEY = 1024  # characters in a key on one line (quotes included) libyaml accepts
# Characters libyaml's reader rejects, reads as line breaks (NEL, LS, PS) or treats specially
# (BOM); also tabs and carriage returns, whose rules the fast reader does not implement.
# Written as the characters it matches, not as the complement of those allowed
# ("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"), which
# matches the same and takes 10-20 ms to compile, at every start.
_NOT_HOUSE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")

Resolve = Callable[[str], Any]
"""Given a plain scalar, its value under the loader's schema (``"1"`` -> 1, ``"x"`` -> ``"x"``)."""


def read(text: str, resolve: Resolve, resolvable: frozenset[str], max_nodes: int) -> tuple[dict, Branch] | None:
    """The data and position tree of a house-style front matter, or None for libyaml to read it.

    ``resolve`` is asked only about plain scalars starting with one of ``resolvable`` (the
    first characters the schema's implicit types can start with); all others are strings.
    """
    if not text.endswith("\n") or _NOT_HOUSE.search(text):
        return None
    lines = text.split("\n")
    if 2 * len(lines) > max_nodes:  # a node per key and per value at most: libyaml enforces the limit
        return None
    reader = _Reader(lines, resolve, resolvable)
    try:
        data, tree = reader.mapping(0)
        if any(lines[reader.index :]):
            return None
    except (NotHouseStyle, RecursionError):  # libyaml's path reports a nesting too deep
        return None
    return data, tree


class _Reader:
    def __init__(self, lines: list[str], resolve: Resolve, resolvable: frozenset[str]) -> None:
        self.lines = lines
        self.resolve = resolve
        self.resolvable = resolvable
        self.index = 0  # the line being read
        self.count = len(lines)
        # where each line starts, and the text's end last
        self.starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))
        self.starts[-1] -= 1

    # ------------------------------------------------------------------ collections
    def mapping(self, indent: int, in_item: bool = False) -> tuple[dict, Branch]:
        """The block mapping whose keys sit at ``indent``; ``in_item``: its first key follows a
        sequence item's ``- `` on the current line."""
        lines, starts, count = self.lines, self.starts, self.count
        data: dict = {}
        children: dict[str, tuple[Marks, Any]] = {}
        last: Any = None
        pad, deeper = " " * indent, " " * (indent + 1)
        while self.index < count:
            number = self.index
            line = lines[number]
            if not line:
                break  # only the text's end may be empty (checked by the caller)
            if not line.strip(" "):
                raise NotHouseStyle  # a line of spaces: libyaml's rules for those are its own
            if in_item:
                column, in_item = indent, False
            else:
                if not line.startswith(pad):
                    break  # a line of an enclosing block
                column = indent
                if line.startswith(deeper) or (not indent and line.startswith(("---", "..."))):
                    raise NotHouseStyle
            key, key_end, after = self._key(line, column)
            if key in data:
                raise NotHouseStyle  # duplicate keys: libyaml's path reports them
            start = starts[number]
            key_marks = (start + column, number, column, start + key_end, number, key_end)
            if after == len(line):  # a block value on the next lines
                self.index = number + 1
                value, tree = self._block_value(indent)
            elif self._one_line_plain(line, after, number, indent):  # most values
                value, tree = self._inline_plain(line, number, after)
            else:
                value, tree = self.scalar(number, after, indent)
            data[key] = value
            children[key] = (key_marks, tree)
            last = tree
        if last is None:
            raise NotHouseStyle
        first = next(iter(children.values()))[0]
        return data, Branch(first[:3], _content_end(last), children)

    def _block_value(self, indent: int) -> tuple[Any, Any]:
        if self.index >= self.count:
            raise NotHouseStyle
        line = self.lines[self.index]
        if not line.strip(" "):
            raise NotHouseStyle  # an empty value (null) or a line of spaces
        if line.startswith("- ", indent) and len(line) - len(line.lstrip(" ")) == indent:
            return self.sequence(indent)
        column = len(line) - len(line.lstrip(" "))
        if line and column > indent:
            return self.mapping(column)
        raise NotHouseStyle  # an empty value (null): libyaml places its marks

    def sequence(self, indent: int) -> tuple[list, Branch]:
        lines, starts = self.lines, self.starts
        prefix = " " * indent + "- "
        first = self.index
        start = (starts[first] + indent, first, indent)
        simple = self._simple_items(prefix)
        if simple is not None:
            data, children = simple
            return data, Branch(start, children[-1][3:], children)
        data: list = []
        children: list[Any] = []
        while self.index < self.count and lines[self.index].startswith(prefix):
            line = lines[self.index]
            if len(line) == indent + 2 or line[indent + 2] == " ":
                raise NotHouseStyle  # an empty item (null), or more spaces after the dash
            number = self.index
            if self._one_line_plain(line, indent + 2, number, indent):
                value, tree = self._inline_plain(line, number, indent + 2)
            elif _starts_key(line, indent + 2):
                value, tree = self.mapping(indent + 2, in_item=True)
            else:
                value, tree = self.scalar(number, indent + 2, indent)
            data.append(value)
            children.append(tree)
        return data, Branch(start, _content_end(children[-1]), children)

    def _simple_items(self, prefix: str) -> tuple[list, list[Marks]] | None:
        """A sequence whose items are all one-line plain scalars (a keyword list), read in bulk;
        None (nothing consumed) when any item is not."""
        lines, first = self.lines, self.index
        end = first
        while end < self.count and lines[end].startswith(prefix):
            end += 1
        column = len(prefix)
        values = [line[column:] for line in lines[first:end]]
        joined = "\n".join(values)  # _is_plain_text and the first-character test on every value at once
        if ("" in values or ": " in joined or " #" in joined or ":\n" in joined or " \n" in joined
                or joined[-1] in ": " or not _NOT_PLAIN_START.isdisjoint([value[0] for value in values])
                or (end < self.count and lines[end].startswith(" " * (column - 1)))):  # a continuation line
            return None
        resolvable, resolve = self.resolvable, self.resolve
        data = [resolve(value) if value[0] in resolvable else value for value in values]
        starts = self.starts
        children = [(starts[number] + column, number, column, starts[number + 1] - 1, number, len(lines[number]))
                    for number in range(first, end)]
        self.index = end
        return data, children

    def _inline_plain(self, line: str, number: int, column: int) -> tuple[Any, Marks]:
        """The plain scalar that is the rest of line ``number`` from ``column`` (see _one_line_plain)."""
        value = line[column:]
        if value[0] in self.resolvable:
            value = self.resolve(value)
        offset = self.starts[number]
        self.index = number + 1
        return value, (offset + column, number, column, offset + len(line), number, len(line))

    def _one_line_plain(self, line: str, column: int, number: int, indent: int) -> bool:
        """Whether the rest of the line from ``column`` is a whole plain scalar that is not a key:
        no indicator first, no ``: `` or `` #`` inside, and no continuation on the next line."""
        following = number + 1
        return (line[column] not in _NOT_PLAIN_START and _is_plain_text(line[column:])
                and not (following < self.count and self.lines[following].startswith(" " * (indent + 1))))

    # ------------------------------------------------------------------ keys and scalars
    def _key(self, line: str, column: int) -> tuple[str, int, int]:
        """The key at ``column``, where its text ends, and where its value starts (the line's
        length when the value is a block on the next lines)."""
        if line[column] == "'":
            close = column + 1
            while True:
                close = line.find("'", close)
                if close == -1:
                    raise NotHouseStyle
                if line.startswith("''", close):
                    close += 2
                    continue
                break
            key = line[column + 1 : close].replace("''", "'")
            end = close + 1
            if not line.startswith(":", end):
                raise NotHouseStyle
        else:
            end = line.find(": ", column)
            if end == -1:
                if not line.endswith(":"):
                    raise NotHouseStyle
                end = len(line) - 1
            key = line[column:end]
            if (line[column] in _NOT_PLAIN_START or ":" in key or " #" in key or key.endswith(" ")
                    or (key[0] in self.resolvable and type(self.resolve(key)) is not str)):
                raise NotHouseStyle
        if end - column > _MAX_KEY:
            raise NotHouseStyle  # libyaml reports a key this long as an error
        after = end + 1
        if after == len(line):
            return key, end, after
        if line[after] != " " or after + 1 == len(line) or line[after + 1] == " ":
            raise NotHouseStyle
        return key, end, after + 1

    def scalar(self, number: int, column: int, indent: int) -> tuple[Any, Marks]:
        """The scalar starting at ``column`` of line ``number``, in a block whose parent sits at
        ``indent`` (its continuation lines are indented further); moves past it."""
        line = self.lines[number]
        first = line[column]
        if first == "'":
            return self._single_quoted(number, column, indent)
        if first == "|":
            return self._literal(number, column, indent)
        if first == "[" or first == "{":
            rest = line[column:]
            if rest != "[]" and rest != "{}":
                raise NotHouseStyle
            self.index = number + 1
            start = self.starts[number]
            return ([] if first == "[" else {}), (start + column, number, column, start + column + 2, number, column + 2)
        if first == '"':
            rest = line[column:]
            if len(rest) < 2 or not rest.endswith('"') or '"' in rest[1:-1] or "\\" in rest:
                raise NotHouseStyle
            self.index = number + 1
            start = self.starts[number]
            return rest[1:-1], (start + column, number, column, start + len(line), number, len(line))
        if (first in _INDICATORS or first == " ") and not (first == "-" and line[column + 1 : column + 2] not in ("", " ")):
            raise NotHouseStyle  # a plain scalar may start with "-" when a non-space follows (-TLR-4)
        return self._plain(number, column, indent)

    def _plain(self, number: int, column: int, indent: int) -> tuple[Any, Marks]:
        lines = self.lines
        piece = lines[number][column:]
        _check_plain(piece)
        pieces = [piece]
        last = number
        while last + 1 < len(lines):
            following = lines[last + 1]
            stripped = following.lstrip(" ")
            if not stripped or len(following) - len(stripped) <= indent:
                break
            if stripped[0] in "#-?:":
                raise NotHouseStyle
            _check_plain(stripped)
            pieces.append(stripped)
            last += 1
        self.index = last + 1
        text = pieces[0] if len(pieces) == 1 else " ".join(pieces)
        end_column = len(lines[last])
        value = self.resolve(text) if text[0] in self.resolvable else text
        return value, (self.starts[number] + column, number, column, self.starts[last] + end_column, last, end_column)

    def _single_quoted(self, number: int, column: int, indent: int) -> tuple[str, Marks]:
        lines = self.lines
        parts: list[str] = []
        line, position, current = lines[number], column + 1, number
        while True:
            close = line.find("'", position)
            if close == -1:  # the scalar goes on: fold the line break
                piece = line[position:].rstrip(" ")
                if not piece and not parts:
                    raise NotHouseStyle
                parts.append(piece)
                breaks = 0
                while True:
                    current += 1
                    if current >= len(lines):
                        raise NotHouseStyle
                    line = lines[current]
                    stripped = line.lstrip(" ")
                    if stripped:
                        break
                    breaks += 1
                if len(line) - len(stripped) <= indent:
                    raise NotHouseStyle
                parts.append("\n" * breaks if breaks else " ")
                position = len(line) - len(stripped)
                continue
            if line.startswith("''", close):
                parts.append(line[position : close + 1])
                position = close + 2
                continue
            parts.append(line[position:close])
            if close + 1 != len(line):
                raise NotHouseStyle  # something after the closing quote
            break
        self.index = current + 1
        start = self.starts[number] + column
        return "".join(parts), (start, number, column, self.starts[current] + close + 1, current, close + 1)

    def _literal(self, number: int, column: int, indent: int) -> tuple[str, Marks]:
        header = self.lines[number][column:]
        if header != "|" and header != "|-":
            raise NotHouseStyle
        lines = self.lines
        current = number + 1
        if current >= len(lines) or not lines[current].strip(" "):
            raise NotHouseStyle  # libyaml takes the indentation from leading blank lines too
        content_indent = len(lines[current]) - len(lines[current].lstrip(" "))
        if content_indent <= indent:
            raise NotHouseStyle
        body: list[str] = []
        prefix = " " * content_indent
        while current < len(lines):
            line = lines[current]
            if line.startswith(prefix):
                body.append(line[content_indent:])
            elif not line.strip(" "):
                if line:
                    raise NotHouseStyle  # spaces-only lines between content lines: leave them to libyaml
                body.append("")
            else:
                break
            current += 1
        while body and not body[-1]:
            body.pop()
        text = "\n".join(body) + ("\n" if header == "|" else "")
        self.index = current
        start = self.starts[number] + column
        if current < len(lines):
            end: tuple[int, int, int] = (self.starts[current], current, 0)
        else:  # the block runs to the end of the text
            end = (self.starts[-1], len(lines) - 1, 0)
        return text, (start, number, column, *end)


def _starts_key(line: str, column: int) -> bool:
    """Whether a mapping key starts at ``column`` (a plain scalar never holds ``: ``; a quoted
    one is a key when a colon follows its closing quote)."""
    if line[column] == "'":
        close = column + 1
        while (close := line.find("'", close)) != -1 and line.startswith("''", close):
            close += 2
        return close != -1 and line.startswith(":", close + 1)
    return line.find(": ", column) != -1 or line.endswith(":")


def _is_plain_text(piece: str) -> bool:
    """Whether a line's piece of a plain scalar is one libyaml reads as written: no ``: `` or `` #``
    inside (a key, a comment), no ``:`` or space at its end."""
    return not (": " in piece or " #" in piece or piece.endswith((":", " ")))


def _check_plain(piece: str) -> None:
    if not _is_plain_text(piece):
        raise NotHouseStyle


def _content_end(tree: Any) -> tuple[int, int, int]:
    """Where a node's own text ends: a collection ends with its last item's text."""
    if isinstance(tree, Branch):
        return tree.end
    return tree[3:]
