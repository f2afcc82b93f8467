"""Diagnostics, fixes and edits: the values rules produce and the engine consumes."""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected info, warning or error)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """How safe a fix is to apply without a human looking at it (a string, so JSON writes its value)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


class Edit(NamedTuple):
    """Replace the characters ``text[start:end]`` of the whole file (BOM excluded) with ``content``."""

    start: int
    end: int
    content: str


class Fix(NamedTuple):
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]


class Diagnostic(NamedTuple):
    """One finding. Lines and columns are 1-based; ``start``/``end`` are character offsets.

    Rules leave ``code``, ``name`` and ``severity`` empty unless they want a severity
    other than their default; the engine fills them from the rule and the config.
    ``evidence`` is optional structured detail behind the message.

    Diagnostics, fixes and edits are named tuples rather than frozen dataclasses: a corpus run
    makes several per record, in the rules, the engine, the IPC between processes and the cache,
    and a frozen dataclass costs five times as much to build (every field goes through
    ``object.__setattr__``).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    start: int = 0
    end: int = 0
    key_path: tuple = ()
    fix: Fix | None = None
    code: str = ""
    name: str = ""
    severity: Severity | None = None
    # Machine-readable evidence for other tools (the report, JSON output): pairs such as
    # (("cause", "alias"), ("token", "P27")), so nobody has to parse the message.
    evidence: tuple[tuple[str, str], ...] = ()

    def stamped(self, code: str, name: str, severity: Severity) -> Diagnostic:
        """This diagnostic with its rule's code and name and its final severity."""
        return Diagnostic(self.path, self.line, self.column, self.end_line, self.end_column, self.message, self.start,
                          self.end, self.key_path, self.fix, code, name, severity, self.evidence)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)
