"""Reading a record once into a :class:`Document`.

A record is a Jekyll file (YAML front matter between ``---`` lines, then a body kept byte for
byte) or a plain ``.yaml``/``.yml`` file holding one mapping. The front matter is composed and
constructed with libyaml (``yaml.CSafeLoader``); the node graph is checked before anything is
constructed, so hostile input (unknown tags, alias bombs) never reaches the constructor.

Problems that make a file unusable are recorded as :class:`InputProblem` values with a stable
``kind``; the ``E`` rules turn them into diagnostics. The engine itself never names a rule.
"""

from __future__ import annotations

import os
import re
import stat
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from curate.linter import house_style
from curate.linter.diagnostic import Diagnostic, Fix, Severity

YAML_SUFFIXES = (".yaml", ".yml")
RECORD_SUFFIXES = (".md", *YAML_SUFFIXES)
SIDECAR_SUFFIX = "-genes.tsv"
_OPENING = re.compile(r"---[ \t]*(\r?\n|\Z)")
# the line break before the closing line, then the line: a pattern that starts with a literal
# character is searched for quickly, where one anchored by ^ is tried at every position
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*\r?(?=\n|\Z)")
_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SAFE = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:int": _SAFE.construct_yaml_int,
    "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SAFE.construct_yaml_null,
}


_IMPLICIT = {
    first: tuple((tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp")
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


_RESOLVABLE = frozenset(_IMPLICIT)  # first characters a plain scalar of another type than str can have


def plain_tag(value: str) -> str:
    """The tag of a plain (unquoted) scalar under the record schema: safe, without timestamps."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


@lru_cache(maxsize=65536)
def plain_value(value: str) -> Any:
    """A plain scalar's value under the record schema (``1`` -> 1, ``~`` -> None), for the
    house-style reader; a tag outside the core schema is left to libyaml's path, which reports it."""
    tag = plain_tag(value)
    if tag == _STR:
        return value
    if tag not in _SCALARS:
        raise house_style.NotHouseStyle
    return _SCALARS[tag](yaml.ScalarNode(tag, value))


class RecordLoader(yaml.CSafeLoader):
    """libyaml's safe loader, resolving tags without implicit timestamps (PFOCR keeps dates as text).

    The composer asks the resolver about every node; PyYAML's general resolver (path resolvers,
    wildcard lists) costs more than libyaml's parse, so this one does only what the safe schema needs.
    """

    yaml_implicit_resolvers = {first: list(resolvers) for first, resolvers in _IMPLICIT.items()}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return plain_tag(value) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path-dependent resolvers in the safe schema."""

    def ascend_resolver(self) -> None:
        """No path-dependent resolvers in the safe schema."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a hostile or accidental input from exhausting the machine."""

    max_file_size: int = 2_000_000
    max_yaml_nodes: int = 100_000


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Why a file could not be read as a record (or lost data while being read)."""

    kind: str
    message: str
    line: int = 1
    column: int = 1
    start: int = 0
    end: int = 0
    fatal: bool = True


class Span(NamedTuple):  # a named tuple, like Diagnostic: several are made per record
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class Location(NamedTuple):
    """Where a key path sits: its key (None for sequence items and the root) and its value."""

    key: Span | None
    value: Span
    indent: int


class Document:
    """One record: its text, the front-matter span, the loaded data and every node's position."""

    def __init__(self, path: str, fs_path: Path | None = None) -> None:
        self.path = path
        self.fs_path = fs_path if fs_path is not None else Path(path)
        self.limits = Limits()  # those it was read with; they bound the sidecar's read too
        self.text = ""
        self.bom = False
        self.newline = "\n"
        self.fm_start = 0
        self.fm_end = 0
        self.fm_line = 1
        self.data: Any = None
        self.problems: list[InputProblem] = []
        # where the front matter's nodes are: libyaml's node graph, or the house-style reader's tree
        self._root: yaml.Node | None = None
        self._tree: house_style.Branch | None = None
        # what a rule family computes once per document and shares between its rules (keyed by the
        # family's own name); it lives exactly as long as the document
        self.memo: dict[str, Any] = {}
        self._line_starts: list[int] | None = None

    # ---------------------------------------------------------------- reading
    @classmethod
    def from_path(cls, path: str | Path, limits: Limits = Limits(), display: str | None = None) -> Document:
        fs_path = Path(path)
        raw = read_record_bytes(fs_path, limits)
        if isinstance(raw, InputProblem):
            doc = cls(display or str(path), fs_path)
            doc.problems.append(raw)
            return doc
        return cls.from_bytes(display or str(path), raw, limits, fs_path)

    @classmethod
    def from_bytes(cls, path: str, raw: bytes, limits: Limits = Limits(), fs_path: Path | None = None) -> Document:
        doc = cls(path, fs_path)
        doc.limits = limits
        if len(raw) > limits.max_file_size:
            doc._problem("file-too-large", f"file is {len(raw)} bytes, over the limit of {limits.max_file_size}")
            return doc
        doc._load(raw, limits)
        return doc

    def _load(self, raw: bytes, limits: Limits) -> None:
        if raw.startswith(b"\xef\xbb\xbf"):
            self.bom = True
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            offset = error.start + (3 if self.bom else 0)
            line = raw.count(b"\n", 0, error.start) + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            self._problem(
                "not-utf8",
                f"file is not valid UTF-8: byte 0x{raw[error.start]:02x} at byte offset {offset}",
                line,
                column,
            )
            return
        self.text = text
        if "\r\n" in text[: text.find("\n") + 1 or len(text)]:
            self.newline = "\r\n"
        if not text.strip():
            self._problem("empty-file", "file is empty")
            return
        if not self._find_front_matter():
            return
        self._parse_front_matter(limits)

    def _find_front_matter(self) -> bool:
        text = self.text
        if self.plain_yaml:
            self.fm_start, self.fm_end, self.fm_line = 0, len(text), 1
            return True
        opening = _OPENING.match(text)
        if opening is None:
            self._problem("no-front-matter", "no front matter: the first line must be '---'")
            return False
        closing = _CLOSING.search(text, opening.end() - 1)
        if closing is None:
            self._problem("unterminated-front-matter", "front matter opened on line 1 is never closed by '---'")
            return False
        self.fm_start, self.fm_end, self.fm_line = opening.end(), closing.start() + 1, 2
        return True

    def _parse_front_matter(self, limits: Limits) -> None:
        source = self.text[self.fm_start : self.fm_end]
        house = house_style.read(source, plain_value, _RESOLVABLE, limits.max_yaml_nodes)
        if house is not None:
            self.data, self._tree = house
            return
        loader = RecordLoader(source)
        try:
            root = loader.get_single_node()
            if root is None:
                self._problem("not-a-mapping", "front matter is empty: expected a mapping of keys", self.fm_line, 1)
                return
            data = self._construct(root, limits, shared="&" in source)
            if data is None:
                return
            if not isinstance(root, yaml.MappingNode):
                self._problem_at("not-a-mapping", f"front matter is a {_node_kind(root)}, expected a mapping of keys",
                                 root)
                return
            self.data = data
            self._root = root
        except yaml.reader.ReaderError as error:
            line, column = self.position(self.fm_start + error.position)
            self._problem("yaml-syntax", f"YAML syntax error: control character U+{error.character:04X} is not "
                          "allowed", line, column)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = self.fm_line + (mark.line if mark else 0)
            column = (mark.column + 1) if mark else 1
            reason = error.problem or error.context or "invalid YAML"
            if error.problem and error.context and error.context_mark:
                reason += f" ({error.context} started on line {self.fm_line + error.context_mark.line})"
            self._problem("yaml-syntax", f"YAML syntax error: {reason}", line, column)
        except yaml.YAMLError as error:
            self._problem("yaml-syntax", f"YAML syntax error: {error}", self.fm_line, 1)
        finally:
            loader.dispose()

    def _construct(self, root: yaml.Node, limits: Limits, shared: bool) -> Any:
        """Build the data from the node graph in one walk that also guards it.

        Non-core tags are reported and never constructed; duplicate keys are reported (libyaml would
        keep the last one silently); the expanded node count is bounded so an alias bomb stops
        early. Nodes reached through aliases (only possible when ``shared``) are built once.
        Returns None when the data must not be used.
        """
        limit = limits.max_yaml_nodes
        memo: dict[int, tuple[Any, int]] = {}
        building: set[int] = set()
        count = 0
        usable = True

        def build(node: yaml.Node) -> Any:
            nonlocal count, usable
            if shared:
                if id(node) in building:
                    raise _SelfReference(node)
                known = memo.get(id(node))
                if known is not None:
                    count += known[1]
                    if count > limit:
                        raise _TooManyNodes(node)
                    return known[0]
            before = count
            count += 1
            if count > limit:
                raise _TooManyNodes(node)
            tag = node.tag
            kind = node.__class__
            if tag not in _CORE_TAGS:
                self._problem_at("disallowed-tag",
                                 f"tag {_short_tag(tag)!r} is not a YAML core type; it is not loaded", node)
                usable = False
                value: Any = None
            elif kind is yaml.ScalarNode:
                value = node.value if tag == _STR else _SCALARS[tag](node)
            elif kind is yaml.SequenceNode:
                building.add(id(node))
                value = [build(item) for item in node.value]
                building.discard(id(node))
            else:
                building.add(id(node))
                value = {}
                first_lines: dict[Any, int] = {}
                for key_node, value_node in node.value:
                    key = build(key_node)
                    try:
                        if key in value:
                            self._problem_at(
                                "duplicate-key",
                                f"duplicate key {key!r} (first on line {first_lines[key]}); "
                                "the earlier value is silently lost",
                                key_node,
                                fatal=False,
                            )
                        first_lines[key] = self.fm_line + key_node.start_mark.line
                        value[key] = build(value_node)
                    except TypeError:
                        self._problem_at("yaml-syntax", "YAML syntax error: a mapping key must be a scalar", key_node)
                        usable = False
            if shared:
                building.discard(id(node))
                memo[id(node)] = (value, count - before)
            return value

        try:
            data = build(root)
        except _TooManyNodes as error:
            self._problem_at("too-many-nodes",
                             f"front matter expands to more than {limit} nodes (alias explosion?)", error.node)
            return None
        except _SelfReference as error:
            self._problem_at("too-many-nodes", "an alias refers to the collection that contains it (a cycle)",
                             error.node)
            return None
        except RecursionError:
            self._problem("too-many-nodes", "front matter nests too deeply", self.fm_line, 1)
            return None
        finally:
            # `build` refers to itself through its closure, and to the document: left as it is, that
            # cycle would keep every document alive until the cyclic garbage collector found it
            build = None
        return data if usable else None

    def _problem_at(self, kind: str, message: str, node: yaml.Node, fatal: bool = True) -> None:
        span = self._span(node)
        self._problem(kind, message, span.line, span.column, span.start, span.end, fatal)

    def _problem(self, kind: str, message: str, line: int = 1, column: int = 1, start: int = 0, end: int = 0,
                 fatal: bool = True) -> None:
        self.problems.append(InputProblem(kind, message, line, column, start, end, fatal))

    # ---------------------------------------------------------------- queries
    @property
    def ok(self) -> bool:
        """True when the data loaded and nothing was lost on the way."""
        return self.data is not None and not self.problems

    @property
    def loaded(self) -> bool:
        return self.data is not None

    @property
    def plain_yaml(self) -> bool:
        """A ``.yaml`` or ``.yml`` file: all of it is the front matter, with no ``---`` lines around it."""
        return self.fs_path.suffix.lower() in YAML_SUFFIXES

    @property
    def figid(self) -> str:
        data = self.data if isinstance(self.data, dict) else {}
        figid = data.get("figid")
        return figid if isinstance(figid, str) and figid else self.fs_path.stem

    def _span(self, node: yaml.Node) -> Span:
        end_mark = _content_end(node)
        start = self.fm_start + node.start_mark.index
        end = self.fm_start + end_mark.index
        return Span(
            start,
            end,
            self.fm_line + node.start_mark.line,
            node.start_mark.column + 1,
            self.fm_line + end_mark.line,
            end_mark.column + 1,
        )

    @cached_property
    def locations(self) -> Locations:
        """Every key path of the front matter mapped to where its key and value are (found on demand)."""
        return Locations(self)

    def locate(self, key_path: tuple) -> Location | None:
        """The location of ``key_path``, or of its nearest ancestor that exists."""
        table = self.locations
        while key_path not in table and key_path:
            key_path = key_path[:-1]
        return table.get(key_path)

    def _location(self, node: yaml.Node, key: yaml.Node | None) -> Location:
        indent = (key or node).start_mark.column
        return Location(self._span(key) if key is not None else None, self._span(node), indent)

    def _find(self, key_path: tuple) -> Location | None:
        """Descend the node graph along ``key_path``; the last of duplicate keys wins, as in the data."""
        if self._tree is not None:
            return self._find_in_tree(key_path)
        node, key = self._root, None
        if node is None:
            return None
        for part in key_path:
            if isinstance(node, yaml.MappingNode):
                for candidate_key, candidate in reversed(node.value):
                    if isinstance(candidate_key, yaml.ScalarNode) and candidate_key.value == part:
                        node, key = candidate, candidate_key
                        break
                else:
                    return None
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node, key = node.value[part], None
            else:
                return None
        return self._location(node, key)

    def _find_in_tree(self, key_path: tuple) -> Location | None:
        tree: Any = self._tree
        key = None
        for part in key_path:
            if not isinstance(tree, house_style.Branch):
                return None
            children = tree.children
            if isinstance(children, dict):
                entry = children.get(part) if isinstance(part, str) else None
                if entry is None:
                    return None
                key, tree = entry
            elif isinstance(part, int) and 0 <= part < len(children):
                key, tree = None, children[part]
            else:
                return None
        return self._tree_location(tree, key)

    def _tree_location(self, tree: Any, key: house_style.Marks | None) -> Location:
        if isinstance(tree, house_style.Branch):
            value = self._marks_span((*tree.start, *tree.end))
            indent = tree.start[2]
        else:
            value = self._marks_span(tree)
            indent = tree[2]
        if key is None:
            return Location(None, value, indent)
        return Location(self._marks_span(key), value, key[2])

    def _marks_span(self, marks: house_style.Marks) -> Span:
        start, line, column, end, end_line, end_column = marks
        return Span(self.fm_start + start, self.fm_start + end, self.fm_line + line, column + 1,
                    self.fm_line + end_line, end_column + 1)

    def _walk_locations(self) -> dict[tuple, Location]:
        table: dict[tuple, Location] = {}
        if self._tree is not None:
            self._walk_tree(self._tree, (), None, table)
            return table
        if self._root is None:
            return table
        visited: set[int] = set()

        def walk(node: yaml.Node, path: tuple, key: yaml.Node | None) -> None:
            table[path] = self._location(node, key)
            if id(node) in visited:
                return
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for child_key, child in node.value:
                    if isinstance(child_key, yaml.ScalarNode):
                        walk(child, (*path, child_key.value), child_key)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    walk(item, (*path, index), None)

        walk(self._root, (), None)
        return table

    def _walk_tree(self, tree: Any, path: tuple, key: house_style.Marks | None, table: dict) -> None:
        table[path] = self._tree_location(tree, key)
        if isinstance(tree, house_style.Branch):
            if isinstance(tree.children, dict):
                for name, (child_key, child) in tree.children.items():
                    self._walk_tree(child, (*path, name), child_key, table)
            else:
                for index, child in enumerate(tree.children):
                    self._walk_tree(child, (*path, index), None, table)

    def get(self, key_path: tuple, default: Any = None) -> Any:
        return value_at(self.data, key_path, default)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        import bisect

        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def diagnostic(
        self,
        key_path: tuple,
        message: str,
        *,
        at: str = "value",
        fix: Fix | None = None,
        severity: Severity | None = None,
        evidence: tuple[tuple[str, str], ...] = (),
    ) -> Diagnostic:
        """A diagnostic pointing at ``key_path``'s value (``at="value"``) or key (``at="key"``).

        A path that does not exist points at its nearest existing ancestor's key, so a missing
        key is reported where it belongs rather than at the top of the file.
        """
        location = self.locations.get(key_path)
        exact = location is not None
        if not exact:
            location = self.locate(key_path)
            if location is None:
                line = self.fm_line
                return Diagnostic(self.path, line, 1, line, 1, message, self.fm_start, self.fm_start, key_path, fix,
                                  severity=severity, evidence=evidence)
        span = location.key if (at == "key" or not exact) and location.key is not None else location.value
        return Diagnostic(
            self.path, span.line, span.column, span.end_line, span.end_column, message, span.start, span.end,
            key_path, fix, severity=severity, evidence=evidence,
        )

    def diagnostic_at(self, start: int, end: int, message: str, *, key_path: tuple = (),
                      fix: Fix | None = None, severity: Severity | None = None,
                      evidence: tuple[tuple[str, str], ...] = ()) -> Diagnostic:
        """A diagnostic on an exact character span (for findings inside a value)."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Diagnostic(self.path, line, column, end_line, end_column, message, start, end, key_path, fix,
                          severity=severity, evidence=evidence)

    # ---------------------------------------------------------------- sidecar
    @property
    def sidecar_path(self) -> str | None:
        return sidecar_path_for(self.fs_path, self.figid)

    @cached_property
    def _sidecar_read(self) -> SidecarRead:
        path = self.sidecar_path
        return read_sidecar(path, self.limits.max_file_size) if path is not None else SidecarRead(None)

    @property
    def sidecar_refused(self) -> str | None:
        """Why a sidecar that is there was not read (the gene rules then judge the keywords alone)."""
        return self._sidecar_read.refused

    @cached_property
    def sidecar(self) -> list[dict[str, str]] | None:
        """Rows of ``_data/<figid>-genes.tsv`` next to the ``_figures`` folder, or None."""
        text = self._sidecar_read.text
        if text is None:
            return None
        lines = text.splitlines()
        if not lines:
            return []
        # PFOCR writes plain tab-separated text without quoting; splitting is several times faster
        # than the csv module, and this runs for every record that has a sidecar
        header = lines[0].split("\t")
        return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular one is (a named pipe, a device, ...), or None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class _Refused(Exception):
    """A file that must not be read, and why (an :class:`InputProblem` kind and message)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind, self.message = kind, message


def value_at(data: Any, key_path: tuple, default: Any = None) -> Any:
    """The value at ``key_path`` in loaded data (keys and list positions), or ``default``."""
    for part in key_path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return default
    return data


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises :class:`_Refused` or OSError.

    Only regular files are read: a named pipe would block until someone writes to it and a device
    such as ``/dev/zero`` never ends. The type is checked before opening (opening some devices
    acts on them) and again on the open file (the name may have changed in between); the open is
    non-blocking, so a pipe put in its place cannot hang the run. The read stops after ``limit``
    bytes whatever the file's size said, since a file can grow while it is read.
    """
    kind = _not_regular(os.stat(path).st_mode)
    if kind is not None:
        raise _Refused("unreadable-file", f"not read: it is {kind}, not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    with open(os.open(path, flags), "rb", closefd=True) as handle:
        info = os.fstat(handle.fileno())
        kind = _not_regular(info.st_mode)
        if kind is not None:
            raise _Refused("unreadable-file", f"not read: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise _Refused("file-too-large", f"file is {info.st_size} bytes, over the limit of {limit}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _Refused("file-too-large", f"file is more than {limit} bytes, over the limit of {limit}")
    return data


def read_record_bytes(fs_path: str | Path, limits: Limits = Limits()) -> bytes | InputProblem:
    """A record's bytes, or the problem that stops them being read (see :func:`read_bounded`)."""
    try:
        return read_bounded(fs_path, limits.max_file_size)
    except _Refused as refusal:
        return InputProblem(refusal.kind, refusal.message)
    except FileNotFoundError:
        if os.path.islink(fs_path):
            return InputProblem("dangling-symlink", f"symbolic link points to a missing file ({os.readlink(fs_path)})")
        return InputProblem("unreadable-file", "file does not exist")
    except OSError as error:
        return InputProblem("unreadable-file", f"cannot read file: {error.strerror or error}")


def _plain_file_name(name: str | None) -> bool:
    """Whether ``name`` names a file in a folder, not a path (``/etc/passwd``, ``../x``, ``.``)."""
    return bool(name) and name not in (".", "..") and not any(sep in name for sep in ("/", "\\", "\0"))


def sidecar_path_for(fs_path: str | Path, figid: str | None = None) -> str | None:
    """Where the genes sidecar of a record in ``<root>/_figures/`` lives: ``<root>/_data/<figid>-genes.tsv``.

    Only a ``figid`` that is a plain file name is used (the record is untrusted: a figid holding a
    path must not lead the linter to a file elsewhere); otherwise the record's own name is.
    """
    # strings and os.path, not Path objects: this runs for every record of a corpus, twice
    folder, name = os.path.split(fs_path)
    root, folder_name = os.path.split(folder)
    if folder_name != "_figures":
        return None
    if not _plain_file_name(figid):
        figid = os.path.splitext(name)[0]
    return os.path.join(root, "_data", figid + SIDECAR_SUFFIX)


def records_of_sidecar(path: Path) -> list[Path]:
    """The record paths a genes sidecar belongs to (the inverse of :func:`sidecar_path_for`)."""
    if path.parent.name != "_data" or not path.name.endswith(SIDECAR_SUFFIX):
        return []
    figid = path.name.removesuffix(SIDECAR_SUFFIX)
    return [path.parent.parent / "_figures" / f"{figid}{suffix}" for suffix in RECORD_SUFFIXES]


@lru_cache(maxsize=64)
def _real_folder(folder: str) -> str:
    return os.path.join(os.path.realpath(folder), "")


class SidecarRead(NamedTuple):
    """A sidecar's text, or why a sidecar that is there was not read (``text`` and ``refused`` both
    None: there is none)."""

    text: str | None
    refused: str | None = None


def read_sidecar(path: str, limit: int) -> SidecarRead:
    """A sidecar's text; it is refused when unreadable, too large, not a regular file, not UTF-8 or,
    through a symbolic link, outside its record's tree (the folder holding ``_data``)."""
    data_folder, name = os.path.split(path)
    try:
        real = os.path.realpath(path) if os.path.islink(path) else _real_folder(data_folder) + name
        if not real.startswith(_real_folder(os.path.dirname(data_folder))):
            return SidecarRead(None, "a symbolic link to a file outside the records' tree")
        return SidecarRead(read_bounded(path, limit).decode("utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # no sidecar (or no _data folder) is no refusal
        return SidecarRead(None)
    except _Refused as refused:
        return SidecarRead(None, refused.message.removeprefix("not read: "))
    except UnicodeDecodeError as error:
        return SidecarRead(None, f"not valid UTF-8: byte 0x{error.object[error.start]:02x} at byte offset {error.start}")
    except OSError as error:
        return SidecarRead(None, error.strerror or type(error).__name__)


class Locations(Mapping):
    """A read-only mapping from key paths to locations that finds each path only when asked.

    Most records need a handful of positions (those of their diagnostics); walking every node of
    every record would cost more than the parse itself.
    """

    def __init__(self, doc: Document) -> None:
        # a weak reference: a cycle between the document and this table would keep every parsed
        # record (hundreds of nodes and marks) alive until a full garbage collection
        self._doc = weakref.ref(doc)
        self._found: dict[tuple, Location | None] = {}
        self._all: dict[tuple, Location] | None = None

    # get and __contains__ are written out rather than inherited from Mapping (which goes through
    # __getitem__ and an exception for every miss): rules ask tens of times per record.
    def get(self, key_path: tuple, default: Any = None) -> Any:
        try:
            location = self._found[key_path]
        except KeyError:
            location = self._found[key_path] = self._doc()._find(tuple(key_path))
        return default if location is None else location

    def __getitem__(self, key_path: tuple) -> Location:
        location = self.get(key_path)
        if location is None:
            raise KeyError(key_path)
        return location

    def __contains__(self, key_path: object) -> bool:
        return type(key_path) is tuple and self.get(key_path) is not None

    def _table(self) -> dict[tuple, Location]:
        if self._all is None:
            self._all = self._doc()._walk_locations()
        return self._all

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


class _TooManyNodes(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _SelfReference(_TooManyNodes):
    """An alias inside the collection it names: the data would be infinite to any walker."""


def _content_end(node: yaml.Node) -> yaml.Mark:
    """Where a node's own text ends.

    libyaml ends a block collection at the next token, past line breaks and comments that do
    not belong to it; the last scalar inside ends where the collection's text really ends.
    """
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "sequence"
    if isinstance(node, yaml.ScalarNode):
        return "scalar"
    return "mapping"
