"""The :class:`Rule` contract every rule plugin fulfils."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from curate.linter.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:  # a rule module imports this contract; listing rules must not load the YAML parser
    from curate.linter.document import Document

CODE_PATTERN = re.compile(r"^[A-Z][0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_HEADINGS = ("## What it finds", "## Why it matters", "## Example", "## Fix")


class FixAvailability(enum.Enum):
    NEVER = "never"
    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the document: run-wide settings, never the CLI itself."""

    online: bool = False
    hgnc_url: str | None = None
    cache_dir: str | None = None
    # The probability of being wrong a judgement must reach to be reported (``--min-confidence``);
    # None leaves each rule its own default.
    min_confidence: float | None = None
    extras: dict[str, Any] = field(default_factory=dict)


Check = Callable[["Document", Any, Context], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """One check. Defined once per module in ``rules/<family>/`` as ``RULE = Rule(...)``.

    ``doc`` is filled from the module docstring by the registry. ``version`` goes into cache
    keys: bump it whenever the rule's verdicts change; ``data_version``, when given, names the
    reference data the rule reads (a knowledge snapshot's checksum) and goes into cache keys too. ``on_unreadable`` rules also see
    documents whose front matter could not be loaded (the ``E`` family); all others only
    see loaded documents.
    """

    code: str
    name: str
    summary: str
    severity: Severity
    fix: FixAvailability
    check: Check
    options: type = NoOptions
    version: int = 1
    on_unreadable: bool = False
    enabled_by_default: bool = True
    data_version: Callable[[], str] | None = None
    doc: str = ""

    @property
    def family(self) -> str:
        return self.code[0]

    def option_defaults(self) -> dict[str, Any]:
        return {
            f.name.replace("_", "-"): (f.default if f.default is not dataclasses.MISSING else f.default_factory())
            for f in dataclasses.fields(self.options)
        }
