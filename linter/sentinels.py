"""What counts as an NA sentinel: shared by the N, D, O and G rules and by the report.

R's yaml writer spells a missing value ``.na.character`` (``.na``, ``.na.integer``, ``.na.real``,
``.na.logical`` for other vectors); data frames and spreadsheets add ``NA``, ``NaN``, ``NULL``,
``N/A`` and friends. The match is exact and case-sensitive on the whole value (surrounding
whitespace ignored): lower-case ``na`` and ``nan`` are Drosophila gene symbols (narrow abdomen,
nanchung) and occur as keywords in real records.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

DEFAULT_SENTINELS = (
    ".na.character", ".na", ".na.integer", ".na.real", ".na.logical",
    "NA", "NaN", "N/A", "#N/A", "<NA>", "NA_character_", "NULL", "null", "Null", "None",
)


@cache
def sentinel_set(sentinels: tuple[str, ...] = DEFAULT_SENTINELS) -> frozenset[str]:
    return frozenset(sentinels)


_DEFAULT_SET = frozenset(DEFAULT_SENTINELS)


def is_sentinel(value: Any, sentinels: tuple[str, ...] | frozenset[str] = _DEFAULT_SET) -> bool:
    """True for a sentinel string or a float NaN (YAML ``.nan``)."""
    if type(value) is str:
        return value.strip() in (sentinels if type(sentinels) is frozenset else sentinel_set(sentinels))
    return type(value) is float and math.isnan(value)


def shown(value: Any) -> str:
    """The sentinel as the record spells it."""
    return ".nan" if isinstance(value, float) else repr(value)
