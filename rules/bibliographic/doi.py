"""Shared by the D rules: what a DOI looks like, its normal form, and when it is missing."""

from __future__ import annotations

import re
from typing import Any

from curate.linter.sentinels import is_sentinel, shown

DOI_PATTERN = re.compile(r"^10\.[0-9]{4,9}/\S+$")
DOI_SHAPE = "10.<4-9 digits>/<suffix>"
_RESOLVER = re.compile(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
_DOI_LABEL = re.compile(r"^doi:\s*", re.IGNORECASE)
_TRAILING = ".,;: \t"


def missing_reason(data: dict) -> str | None:
    """Why the record has no DOI (absent, null, empty, an NA sentinel), or None when it has one."""
    if "doi" not in data:
        return "no doi key"
    value = data["doi"]
    if value is None:
        return "doi is null"
    if isinstance(value, str) and not value.strip():
        return "doi is empty"
    if is_sentinel(value):
        return f"doi is the NA sentinel {shown(value)}"
    return None


def normalize(text: str) -> tuple[str, list[str]]:
    """The DOI without resolver or ``doi:`` prefix, whitespace and trailing punctuation, and what was removed."""
    removed = []
    normal = text.strip()
    if normal != text:
        removed.append("surrounding whitespace")
    while True:
        for pattern, what in ((_RESOLVER, "resolver prefix"), (_DOI_LABEL, "doi: prefix")):
            match = pattern.match(normal)
            if match:
                normal = normal[match.end() :].strip()
                if what not in removed:
                    removed.append(what)
                break
        else:
            break
    stripped = normal.rstrip(_TRAILING)
    if stripped != normal:
        removed.append("trailing punctuation")
    return stripped, removed


def present_doi(data: dict) -> Any:
    """The doi value when it is there (not missing in any of D001's senses), else None."""
    return None if missing_reason(data) else data["doi"]
