"""The loaded snapshot: :class:`Knowledge` and the values its queries return.

A :class:`Knowledge` reads the snapshot's header at once and each section (human, mouse, rat,
famplex, wikipathways) the first time a query needs it; reverse indexes (entrez to gene, UniProt
to symbols, gene to pathways) are built on first use too. Nothing is mutable from outside.
"""

from __future__ import annotations

import io
import gc
import json
import zipfile
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

FORMAT = 1  # bump when the snapshot's layout changes
SECTIONS = ("human", "mouse", "rat", "famplex", "wikipathways")
SPECIES_WITH_DATA = ("human", "mouse", "rat")
APPROVED = "Approved"


class SnapshotError(Exception):
    """A snapshot file that cannot be read or has another format."""


class Gene(NamedTuple):
    """An approved (human) or official (mouse, rat) gene record."""

    symbol: str
    id: str  # HGNC:5, MGI:87994, RGD:2003
    name: str = ""
    locus_type: str = ""
    entrez: str = ""
    uniprot: tuple[str, ...] = ()
    status: str = APPROVED


class Pathway(NamedTuple):
    index: int
    wpid: str
    name: str


class PathwayOverlap(NamedTuple):
    """How a gene sits among others: ``sharing`` of the ``annotated`` others share a pathway with it."""

    sharing: int
    annotated: int
    pathways: tuple[Pathway, ...]


class Grounding(NamedTuple):
    """What FamPlex grounds a text to: the first grounding, its genes, and every grounding given."""

    text: str
    namespace: str
    identifier: str
    genes: tuple[str, ...]
    groundings: tuple[str, ...]


@dataclass(frozen=True)
class SymbolInfo:
    """Everything known about one symbol in one species.

    ``gene`` is the approved gene bearing the symbol (matched case-insensitively: compare
    ``gene.symbol`` with ``query``, or use :attr:`exact`); ``previous_of``/``alias_of`` list approved
    symbols that carry it as a previous symbol or alias (synonym for mouse and rat); ``withdrawn`` is
    HGNC's withdrawal status and ``replaced_by`` its current replacements.
    """

    query: str
    species: str = "human"
    gene: Gene | None = None
    previous_of: tuple[str, ...] = ()
    alias_of: tuple[str, ...] = ()
    withdrawn: str = ""
    replaced_by: tuple[str, ...] = ()
    source: str = "snapshot"
    genes: tuple[Gene, ...] = ()  # records of previous_of/alias_of/replaced_by targets, when known

    @property
    def status(self) -> str:
        """``approved``, ``previous``, ``alias``, ``withdrawn`` or ``unknown`` (the strongest)."""
        if self.gene is not None:
            return "approved"
        if self.previous_of:
            return "previous"
        if self.alias_of:
            return "alias"
        if self.withdrawn:
            return "withdrawn"
        return "unknown"

    @property
    def exact(self) -> bool:
        return self.gene is not None and self.gene.symbol == self.query

    @property
    def symbols(self) -> tuple[str, ...]:
        """The approved symbols the query stands for, strongest evidence first."""
        if self.gene is not None:
            return (self.gene.symbol,)
        return self.previous_of or self.alias_of or self.replaced_by

    def describe(self) -> str:
        """``approved``; ``previous symbol of X``; ``alias of X, Y``; ``withdrawn, replaced by Z``; ``unknown``."""
        parts = []
        if self.gene is not None:
            parts.append("approved" if self.exact else f"approved as {self.gene.symbol}")
        if self.previous_of:
            parts.append(f"previous symbol of {', '.join(self.previous_of)}")
        if self.alias_of:
            word = "alias" if self.species == "human" else "synonym"
            parts.append(f"{word} of {', '.join(self.alias_of)}")
        if self.withdrawn and self.gene is None:
            parts.append(f"withdrawn, replaced by {', '.join(self.replaced_by)}" if self.replaced_by else "withdrawn")
        return "; ".join(parts) or "unknown"

    def records(self) -> tuple[Gene, ...]:
        """The gene records behind :attr:`symbols` (the approved gene itself when there is one)."""
        return (self.gene,) if self.gene is not None else self.genes


def _split(packed: str | None) -> tuple[str, ...]:
    return tuple(packed.split("|")) if packed else ()


class Knowledge:
    """The gene knowledge snapshot. Build one with :func:`linter.knowledge.load`."""

    def __init__(self, data: bytes, origin: str = "<memory>") -> None:
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
            header = json.loads(self._archive.read("header.json"))
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise SnapshotError(f"{origin}: not a knowledge snapshot ({error})") from None
        if header.get("format") != FORMAT:
            raise SnapshotError(f"{origin}: snapshot format {header.get('format')!r}, expected {FORMAT}")
        self.header: dict[str, Any] = header
        self.origin = origin
        self.size = len(data)
        self._upper: dict[str, dict[str, tuple[str, ...]]] = {}

    def __repr__(self) -> str:
        return f"Knowledge({self.origin!r}, version={self.version!r})"

    # --- header ---------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """Changes whenever any content changes; for cache keys."""
        return f"{self.header['format']}-{self.header['checksum'][:16]}"

    @property
    def date(self) -> str:
        return self.header["date"]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.header["counts"])

    def _section(self, name: str) -> dict[str, Any]:
        if name not in SECTIONS:
            raise KeyError(name)
        try:
            section = json.loads(self._archive.read(f"{name}.json"))
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise SnapshotError(f"{self.origin}: section {name} unreadable ({error})") from None
        # A section lives as long as the process: keep its million objects out of every later
        # cyclic garbage collection, which would otherwise re-scan them all many times per second.
        gc.freeze()
        return section

    def load_all(self) -> None:
        """Parse every section now (for timing and for long-running processes)."""
        for name in SECTIONS:
            getattr(self, f"_{name}")

    @cached_property
    def _human(self) -> dict[str, Any]:
        return self._section("human")

    @cached_property
    def _mouse(self) -> dict[str, Any]:
        return self._section("mouse")

    @cached_property
    def _rat(self) -> dict[str, Any]:
        return self._section("rat")

    @cached_property
    def _famplex(self) -> dict[str, Any]:
        return self._section("famplex")

    @cached_property
    def _wikipathways(self) -> dict[str, Any]:
        return self._section("wikipathways")

    # --- human (HGNC) ---------------------------------------------------------------------

    def gene(self, symbol: str) -> Gene | None:
        """The approved human gene with exactly this symbol."""
        packed = self._human["genes"].get(symbol)
        if packed is None:
            return None
        hgnc_id, name, locus_type, entrez, uniprot = packed.split("\t")
        return Gene(symbol, hgnc_id, name, locus_type, entrez, tuple(uniprot.split()))

    @cached_property
    def _human_upper(self) -> dict[str, str]:
        return {symbol.upper(): symbol for symbol in self._human["genes"]}

    def approved_symbol(self, symbol: str) -> str | None:
        """The approved human symbol equal to ``symbol`` up to case."""
        if symbol in self._human["genes"]:
            return symbol
        return self._human_upper.get(symbol.upper())

    def is_approved(self, symbol: str) -> bool:
        return symbol in self._human["genes"]

    def alias_of(self, symbol: str) -> tuple[str, ...]:
        """Approved symbols carrying ``symbol`` (any case) as an alias."""
        return _split(self._human["alias"].get(symbol.upper()))

    def previous_of(self, symbol: str) -> tuple[str, ...]:
        """Approved symbols carrying ``symbol`` (any case) as a previous symbol."""
        return _split(self._human["previous"].get(symbol.upper()))

    @cached_property
    def _tokens_by_gene(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for table in ("previous", "alias"):
            for token, packed in self._human[table].items():
                for symbol in packed.split("|"):
                    index.setdefault(symbol, []).append(token)
        return {symbol: tuple(dict.fromkeys(tokens)) for symbol, tokens in index.items()}

    def tokens_of(self, symbol: str) -> tuple[str, ...]:
        """The previous symbols, then the aliases (upper case), of an approved human symbol."""
        return self._tokens_by_gene.get(symbol, ())

    def withdrawn(self, symbol: str) -> tuple[str, tuple[str, ...]] | None:
        """(``Symbol Withdrawn`` or ``Entry Withdrawn``, current replacements) for a withdrawn symbol."""
        packed = self._human["withdrawn"].get(symbol)
        if packed is None:
            return None
        status, _, replacements = packed.partition("\t")
        return status, _split(replacements)

    def entrez(self, symbol: str) -> str | None:
        """The NCBI Gene id of an approved human symbol (any case), or None."""
        approved = self.approved_symbol(symbol)
        gene = self.gene(approved) if approved else None
        return (gene.entrez or None) if gene else None

    @cached_property
    def _by_entrez(self) -> dict[str, str]:
        index = {}
        for symbol, packed in self._human["genes"].items():
            entrez = packed.split("\t", 4)[3]
            if entrez:
                index[entrez] = symbol
        return index

    def gene_by_entrez(self, entrez: str | int) -> Gene | None:
        symbol = self._by_entrez.get(str(entrez))
        return self.gene(symbol) if symbol else None

    @cached_property
    def _by_hgnc_id(self) -> dict[str, str]:
        return {packed.split("\t", 1)[0]: symbol for symbol, packed in self._human["genes"].items()}

    def gene_by_id(self, hgnc_id: str) -> Gene | None:
        symbol = self._by_hgnc_id.get(hgnc_id)
        return self.gene(symbol) if symbol else None

    @cached_property
    def _by_uniprot(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for symbol, packed in self._human["genes"].items():
            for accession in packed.rsplit("\t", 1)[1].split():
                index.setdefault(accession, []).append(symbol)
        return {accession: tuple(sorted(symbols)) for accession, symbols in index.items()}

    def symbols_for_uniprot(self, accession: str) -> tuple[str, ...]:
        return self._by_uniprot.get(accession, ())

    def current_symbol(self, symbol: str) -> str | None:
        """``symbol`` if approved, else the one approved symbol it was renamed to, else None."""
        if symbol in self._human["genes"]:
            return symbol
        targets = self.previous_of(symbol)
        if len(targets) == 1:
            return targets[0]
        withdrawn = self.withdrawn(symbol)
        if withdrawn and len(withdrawn[1]) == 1:
            return withdrawn[1][0]
        return None

    # --- any species ----------------------------------------------------------------------

    def lookup(self, symbol: str, species: str = "human") -> SymbolInfo:
        """What ``symbol`` is in ``species`` (``human``, ``mouse`` or ``rat``)."""
        if species == "human":
            approved = self.approved_symbol(symbol)
            withdrawn = self.withdrawn(symbol)
            previous, aliases = self.previous_of(symbol), self.alias_of(symbol)
            replaced = withdrawn[1] if withdrawn else ()
            return SymbolInfo(
                query=symbol,
                gene=self.gene(approved) if approved else None,
                previous_of=previous,
                alias_of=aliases,
                withdrawn=withdrawn[0] if withdrawn else "",
                replaced_by=replaced,
                genes=tuple(filter(None, map(self.gene, dict.fromkeys((*previous, *aliases, *replaced))))),
            )
        if species in ("mouse", "rat"):
            return self._rodent_lookup(symbol, species)
        raise ValueError(f"no gene database for species {species!r} (expected one of {', '.join(SPECIES_WITH_DATA)})")

    def _rodent(self, species: str) -> dict[str, Any]:
        return self._mouse if species == "mouse" else self._rat

    def _upper_index(self, species: str, table: str) -> dict[str, tuple[str, ...]]:
        key = f"{species}.{table}"
        if key not in self._upper:
            index: dict[str, list[str]] = {}
            for name in self._rodent(species)[table]:
                index.setdefault(name.upper(), []).append(name)
            self._upper[key] = {upper: tuple(sorted(names)) for upper, names in index.items()}
        return self._upper[key]

    def rodent_gene(self, symbol: str, species: str) -> Gene | None:
        """The official MGI (``mouse``) or RGD (``rat``) gene with exactly this symbol."""
        ids = self._rodent(species)["symbols"].get(symbol)
        return Gene(symbol, ids.replace("|", " ")) if ids else None

    def _rodent_lookup(self, symbol: str, species: str) -> SymbolInfo:
        section = self._rodent(species)
        official = symbol if symbol in section["symbols"] else None
        if official is None:
            candidates = self._upper_index(species, "symbols").get(symbol.upper(), ())
            official = candidates[0] if len(candidates) == 1 else None
        synonyms = _split(section["synonyms"].get(symbol))
        if not synonyms:
            found = self._upper_index(species, "synonyms").get(symbol.upper(), ())
            synonyms = tuple(sorted({target for name in found for target in _split(section["synonyms"][name])}))
        return SymbolInfo(
            query=symbol,
            species=species,
            gene=self.rodent_gene(official, species) if official else None,
            alias_of=synonyms,
            genes=tuple(filter(None, (self.rodent_gene(name, species) for name in synonyms))),
        )

    # --- FamPlex --------------------------------------------------------------------------

    @cached_property
    def _entities(self) -> frozenset[str]:
        return frozenset(_split(self._famplex["entities"]))

    @cached_property
    def _complexes(self) -> frozenset[str]:
        return frozenset(_split(self._famplex["complexes"]))

    @property
    def famplex_entities(self) -> frozenset[str]:
        return self._entities

    def is_family(self, name: str) -> bool:
        """Whether ``name`` is a FamPlex family or complex (``ERK``, ``AKT``, ``AMPK``)."""
        return name in self._entities

    def is_complex(self, name: str) -> bool:
        return name in self._complexes

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        members = {}
        for name, packed in self._famplex["members"].items():
            members[name] = tuple(sorted({symbol for item in _split(packed) for symbol in self._gene_symbols(item)}))
        return members

    def _gene_symbols(self, grounding: str) -> tuple[str, ...]:
        namespace, _, identifier = grounding.partition(":")
        if namespace == "HGNC":
            if identifier.isdigit():
                gene = self.gene_by_id(f"HGNC:{identifier}")
                return (gene.symbol,) if gene else ()
            current = self.current_symbol(identifier)
            return (current,) if current else ()
        if namespace == "UP":
            return self.symbols_for_uniprot(identifier)
        if namespace == "FPLX":
            return self.family_members(identifier)
        return ()

    def family_members(self, name: str) -> tuple[str, ...]:
        """Current HGNC symbols of a FamPlex family's or complex's genes, through sub-families."""
        return self._members.get(name, ())

    @cached_property
    def _families_of(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for name, symbols in self._members.items():
            for symbol in symbols:
                index.setdefault(symbol, []).append(name)
        return {symbol: tuple(sorted(names)) for symbol, names in index.items()}

    def families_of(self, symbol: str) -> tuple[str, ...]:
        """FamPlex families and complexes that include the approved symbol, directly or not."""
        return self._families_of.get(symbol, ())

    def ground(self, text: str) -> Grounding | None:
        """FamPlex's grounding for ``text`` (case-sensitive, as FamPlex curates it), else the
        FamPlex entity of that name: ``p27`` -> UP:P46527 (CDKN1B), ``ERK`` -> FPLX:ERK (MAPK1, MAPK3)."""
        packed = self._famplex["grounding"].get(text)
        if packed is None:
            if text not in self._entities:
                return None
            packed = f"FPLX:{text}"
        groundings = _split(packed)
        namespace, _, identifier = groundings[0].partition(":")
        return Grounding(text, namespace, identifier, self._gene_symbols(groundings[0]), groundings)

    # --- WikiPathways ---------------------------------------------------------------------

    @cached_property
    def pathways(self) -> tuple[Pathway, ...]:
        return tuple(
            Pathway(index, wpid, name) for index, (wpid, name, _) in enumerate(self._wikipathways["pathways"])
        )

    @property
    def pathway_release(self) -> str:
        return self._wikipathways["release"]

    @cached_property
    def _pathway_masks(self) -> dict[str, int]:
        masks: dict[str, int] = {}
        for index, (_, _, members) in enumerate(self._wikipathways["pathways"]):
            bit = 1 << index
            for entrez in members.split():
                masks[entrez] = masks.get(entrez, 0) | bit
        return masks

    def pathway_mask(self, entrez: str | int) -> int:
        """A bit set of the pathways (bit ``i`` = ``pathways[i]``) that hold the gene."""
        return self._pathway_masks.get(str(entrez), 0)

    def _from_mask(self, mask: int) -> tuple[Pathway, ...]:
        pathways = self.pathways
        return tuple(pathways[index] for index in range(mask.bit_length()) if mask >> index & 1)

    def pathways_of(self, entrez: str | int) -> tuple[Pathway, ...]:
        return self._from_mask(self.pathway_mask(entrez))

    def shared_pathways(self, entrez_a: str | int, entrez_b: str | int) -> tuple[Pathway, ...]:
        return self._from_mask(self.pathway_mask(entrez_a) & self.pathway_mask(entrez_b))

    def pathway_overlap(self, entrez: str | int, others: Any) -> PathwayOverlap:
        """How many of ``others`` (entrez ids; the gene itself and duplicates are skipped) are in
        some pathway, how many of those share a pathway with ``entrez``, and which pathways."""
        own = str(entrez)
        mask = self.pathway_mask(own)
        sharing = annotated = 0
        union = 0
        for other in {str(other) for other in others} - {own}:
            other_mask = self.pathway_mask(other)
            if other_mask:
                annotated += 1
                if other_mask & mask:
                    sharing += 1
                    union |= other_mask & mask
        return PathwayOverlap(sharing, annotated, self._from_mask(union))
