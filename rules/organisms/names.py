"""Shared by the O rules: organism lists in both shapes, and the table of species PFOCR uses.

Current records hold ``organisms`` and ``organisms_ner`` as lists; older ones hold ``organisms``
as one string, sometimes several names joined by commas. :func:`entries` reads both shapes into
the same :class:`Entry` values so the rules compare species, not layouts (the ``S`` family
reports the legacy layout itself).
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from curate.linter.sentinels import is_sentinel

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

FIELDS = ("organisms", "organisms_ner")


@dataclass(frozen=True, slots=True)
class Entry:
    """One name of an organism field: the item's key path, or the whole field for a legacy string."""

    name: str
    raw: str
    key_path: tuple
    part: int | None = None  # index into the comma-joined legacy string, None for a list item

    @property
    def na(self) -> bool:
        return is_na(self.name)


def is_na(name: str) -> bool:
    """An organism name that stands for no organism; unlike gene words, any case (no species is ``na``)."""
    return not name.strip() or is_sentinel(name) or name.strip().casefold() in ("na", "n/a", "nan", "none")


def entries(doc: Document, field: str) -> list[Entry] | None:
    """The names of ``field``, or None when it is missing or neither a list nor a string.

    Read once per document (the O rules, G106 and the gene evidence all ask): the list is shared,
    so callers must not change it."""
    memo = doc.memo.get(f"organisms:{field}", _UNREAD)
    if memo is _UNREAD:
        memo = doc.memo[f"organisms:{field}"] = _read_entries(doc, field)
    return memo


_UNREAD = object()


def _read_entries(doc: Document, field: str) -> list[Entry] | None:
    value = doc.get((field,))
    if isinstance(value, str):
        return [Entry(raw.strip(), raw, (field,), index) for index, raw in enumerate(value.split(","))]
    if isinstance(value, list):
        return [Entry(item.strip(), item, (field, index)) for index, item in enumerate(value) if isinstance(item, str)]
    return None


def species(doc: Document, field: str) -> list[Entry]:
    """The entries of ``field`` that name something (NA placeholders left out)."""
    return [entry for entry in entries(doc, field) or [] if not entry.na]


def all_na(value: object) -> bool:
    """True for an organism field that names nothing: NA, empty, or a list of NA placeholders."""
    if value is None:
        return True
    if isinstance(value, str):
        return all(is_na(part) for part in value.split(","))
    if isinstance(value, list):
        return all(isinstance(item, str) and is_na(item) for item in value)
    return False


def replaced_part(value: str, part: int, new: str | None) -> str:
    """A legacy comma-joined string with name ``part`` replaced by ``new`` (or dropped when None)."""
    parts = value.split(",")
    if new is None:
        del parts[part]
        if part == 0 and parts:
            parts[0] = parts[0].lstrip()
        return ",".join(parts)
    old = parts[part]
    lead = old[: len(old) - len(old.lstrip())]
    trail = old[len(old.rstrip()) :]
    parts[part] = lead + new + trail
    return ",".join(parts)


def same_species(a: str, b: str) -> bool:
    """Equal names, or one is the other's strain or subspecies (``Escherichia coli str. K-12``)."""
    a, b = a.casefold(), b.casefold()
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


@dataclass(frozen=True)
class SpeciesTable:
    names: frozenset[str]
    by_folded: dict[str, str]
    common: dict[str, str]
    with_taxon: tuple[str, ...]
    genera: frozenset[str]


@cache
def table() -> SpeciesTable:
    """``species.tsv``: every name the corpus uses, with NCBI taxon ids and common names."""
    text = files(__package__).joinpath("species.tsv").read_text(encoding="utf-8")
    names, by_folded, common, with_taxon = set(), {}, {}, []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        name = row["scientific_name"]
        names.add(name)
        by_folded[name.casefold()] = name
        if row["taxon_id"]:
            with_taxon.append(name)
        for alias in filter(None, row["common_names"].split("|")):
            common[alias.casefold()] = name
    genera = frozenset(name.split()[0] for name in with_taxon)
    return SpeciesTable(frozenset(names), by_folded, common, tuple(with_taxon), genera)


def likely_typo(name: str) -> str | None:
    """A table species (one with a taxon id) that ``name`` misspells by a letter or two."""
    words = name.casefold().split()
    for candidate in difflib.get_close_matches(name.casefold(), _taxon_names(), n=3, cutoff=0.8):
        other = candidate.split()
        if len(other) != len(words):
            continue
        changed = [(a, b) for a, b in zip(words, other) if a != b]
        if len(changed) == 1 and _letter_typo(*changed[0]):
            return table().by_folded[candidate]
    return None


def _letter_typo(a: str, b: str) -> bool:
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 6:
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")
    return edits <= (2 if min(len(a), len(b)) >= 9 else 1) or sorted(a) == sorted(b)


@cache
def _taxon_names() -> tuple[str, ...]:
    return tuple(name.casefold() for name in table().with_taxon)
