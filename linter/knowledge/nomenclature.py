"""Gene-symbol nomenclature by species: what a symbol looks like, not whether it exists.

HGNC (human) symbols are upper case (``CDKN1B``, ``HLA-DRB1``, ``C1orf112``); MGI and RGD (mouse,
rat) symbols are title case (``Cdkn1b``, ``Trp53``, ``0610005C13Rik``); ZFIN (zebrafish) symbols
are lower case (``her4.1``, ``si:dkey-222f8.3``). Species without a database in the snapshot are
recognised by these conventions only.
"""

from __future__ import annotations

import re

_HUMAN = re.compile(r"[A-Z][A-Z0-9]*(?:orf[0-9]+)?(?:[-.][A-Z0-9]+)*(?:orf[0-9]+)?")
_RODENT = re.compile(
    r"(?![A-Z][A-Z0-9]*orf[0-9]+(?:[-.][A-Z0-9]+)*$)"  # C1orf112 is human
    r"(?:[A-Z][a-z0-9]*[a-z][a-z0-9]*|[0-9]{7}[A-Z][0-9]{2}Rik)(?:[-.][A-Za-z0-9]+)*"
)
_ZEBRAFISH = re.compile(r"(?:[a-z][a-z0-9]*:[a-z0-9]|[a-z])[a-z0-9]*(?:[-._][a-z0-9]+)*")

HUMAN, MOUSE, RAT, ZEBRAFISH = "human", "mouse", "rat", "zebrafish"
_SPECIES = {
    "human": HUMAN, "homo sapiens": HUMAN, "9606": HUMAN,
    "mouse": MOUSE, "mus musculus": MOUSE, "10090": MOUSE,
    "rat": RAT, "rattus norvegicus": RAT, "10116": RAT,
    "zebrafish": ZEBRAFISH, "danio rerio": ZEBRAFISH, "7955": ZEBRAFISH,
}


def is_human_style(symbol: str) -> bool:
    """Upper-case HGNC style: ``TP53``, ``HLA-DRB1``, ``C1orf112``, ``MT-CO1``."""
    return _HUMAN.fullmatch(symbol) is not None


def is_rodent_style(symbol: str) -> bool:
    """Title-case MGI/RGD style: ``Cdkn1b``, ``Il6``, ``0610005C13Rik``. Style only: ``H2-K1`` (an MGI
    symbol without a lower-case letter) looks human, and ``Apoptosis`` looks like a rodent gene."""
    return _RODENT.fullmatch(symbol) is not None


def is_zebrafish_style(symbol: str) -> bool:
    """Lower-case ZFIN style: ``her4.1``, ``tp53``, ``si:dkey-222f8.3``, ``zgc:110239`` (and any
    lower-case word: style only)."""
    return _ZEBRAFISH.fullmatch(symbol) is not None


def species_key(organism: str | int) -> str | None:
    """``human``, ``mouse``, ``rat`` or ``zebrafish`` for a name, common name or NCBI taxon id."""
    return _SPECIES.get(str(organism).strip().lower())


def matches_nomenclature(symbol: str, organism: str | int) -> bool | None:
    """Whether ``symbol`` follows the species' convention; ``None`` for a species without one here."""
    species = species_key(organism)
    if species == HUMAN:
        return is_human_style(symbol)
    if species in (MOUSE, RAT):
        return is_rodent_style(symbol)
    if species == ZEBRAFISH:
        return is_zebrafish_style(symbol)
    return None
