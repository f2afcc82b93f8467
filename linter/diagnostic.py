"""Diagnostics, fixes and edits: the values rules produce and the engine consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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


class Applicability(enum.Enum):
    """How safe a fix is to apply without a human looking at it."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``text[start:end]`` of the whole file (BOM excluded) with ``content``."""

    start: int
    end: int
    content: str

    def __reduce__(self) -> tuple:
        return Edit, (self.start, self.end, self.content)


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    def __reduce__(self) -> tuple:
        return Fix, (self.title, self.applicability, self.edits)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based; ``start``/``end`` are character offsets.

    Rules leave ``code``, ``name`` and ``severity`` empty unless they want a severity
    other than their default; the engine fills them from the rule and the config.
    ``evidence`` is optional structured detail behind the message.
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

    def __reduce__(self) -> tuple:
        # Workers send every diagnostic to the main process. Pickle's default for a frozen, slotted
        # dataclass sets each field through object.__setattr__; calling the constructor with the
        # fields in order takes half the time at both ends.
        return Diagnostic, (self.path, self.line, self.column, self.end_line, self.end_column, self.message,
                            self.start, self.end, self.key_path, self.fix, self.code, self.name, self.severity,
                            self.evidence)

    def stamped(self, code: str, name: str, severity: Severity) -> Diagnostic:
        """This diagnostic with its rule's code and name and its final severity (the engine calls
        this for every diagnostic: building it directly costs a fifth of ``dataclasses.replace``)."""
        return Diagnostic(self.path, self.line, self.column, self.end_line, self.end_column, self.message, self.start,
                          self.end, self.key_path, self.fix, code, name, severity, self.evidence)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)
