"""The loaded snapshot: :class:`Knowledge` and the values its queries return.

A snapshot file is ``MAGIC``, the length of its directory (4 bytes, big-endian), the directory
(JSON: the header, and where each member's deflated blocks lie) and the blocks. A member is either
a table (a map of strings, sorted by key and cut into blocks of about ``BLOCK_BYTES`` of
``key<TAB>value`` lines, each deflated on its own) or a JSON value. Opening a snapshot reads the
directory only; a query inflates the one block of a table that can hold its key, so linting one
record inflates about a hundred of the 2,800 blocks, not the whole database. The reverse indexes
that linting reads (upper-case symbols, gene to its aliases and previous symbols, UniProt to genes,
FamPlex family to its current genes and back, gene to pathways) are tables computed when the
snapshot is built (:func:`indexes`), not when a process starts.
Nothing is mutable from outside.
"""

from __future__ import annotations

import json
import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

FORMAT = 2  # bump when the snapshot's layout changes
MAGIC = b"curate knowledge snapshot\n"
BLOCK_BYTES = 4_096  # smaller blocks inflate less per query; larger ones compress better
SECTIONS = ("human", "mouse", "rat", "famplex", "wikipathways")
# Tables derived from the sections at build time (see :func:`indexes`), by member name.
# Only what linting reads: the indexes of other queries (entrez or HGNC id to gene, rodent symbols
# in any case) are built from their table on first use, which keeps the file small.
INDEXES = (
    "human.by_upper", "human.tokens", "human.by_uniprot", "famplex.genes", "famplex.families_of", "wikipathways.masks",
)
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


class _PackedStore:
    """The members of a snapshot file, inflated block by block as lookups reach them."""

    def __init__(self, data: bytes, origin: str) -> None:
        if not data.startswith(MAGIC):
            raise SnapshotError(f"{origin}: not a knowledge snapshot (no {MAGIC.strip().decode()!r} signature)")
        start = len(MAGIC) + 4
        try:
            (length,) = struct.unpack(">I", data[len(MAGIC):start])
            directory = json.loads(data[start:start + length])
            self.header: dict[str, Any] = directory["header"]
            self._tables: dict[str, list[list[Any]]] = directory["tables"]
            self._values: dict[str, list[int]] = directory["values"]
            self._first_keys = {name: [first for first, _, _ in blocks] for name, blocks in self._tables.items()}
            places = [place for blocks in self._tables.values() for _, *place in blocks] + list(self._values.values())
            if not isinstance(self.header, dict):
                raise ValueError("the header is not a mapping")
            if not all(isinstance(key, str) for keys in self._first_keys.values() for key in keys) or not all(
                    isinstance(offset, int) and isinstance(size, int) for offset, size in places):
                raise ValueError("a block's first key or place has the wrong type")
        except (struct.error, ValueError, KeyError, TypeError, AttributeError) as error:
            raise SnapshotError(f"{origin}: not a knowledge snapshot ({error})") from None
        self._data, self._base, self._origin = data, start + length, origin
        self._blocks: dict[tuple[str, int], str] = {}
        self._found: dict[tuple[str, str], str | None] = {}

    def _inflate(self, name: str, offset: int, length: int) -> str:
        start = self._base + offset
        try:
            return zlib.decompress(self._data[start:start + length]).decode("utf-8")
        except (zlib.error, UnicodeDecodeError) as error:
            raise SnapshotError(f"{self._origin}: member {name} unreadable ({error})") from None

    def _block(self, name: str, index: int) -> str:
        """A block's lines, between line breaks (a key is found as ``\\n<key>\\t``)."""
        block = self._blocks.get((name, index))
        if block is None:
            _, offset, length = self._tables[name][index]
            block = self._blocks[name, index] = f"\n{self._inflate(name, offset, length)}\n"
        return block

    def get(self, name: str, key: str) -> str | None:
        # Searching the block's text costs less than splitting its ~150 lines into a dict for the
        # few keys one record asks; answers are kept, so a long run pays each search once.
        try:
            return self._found[name, key]
        except KeyError:
            pass
        found = None
        index = bisect_right(self._first_keys[name], key) - 1
        if index >= 0 and "\t" not in key and "\n" not in key:  # no key holds either
            block = self._block(name, index)
            needle = f"\n{key}\t"
            at = block.find(needle)
            if at >= 0:
                start = at + len(needle)
                found = block[start:block.index("\n", start)]
        self._found[name, key] = found
        return found

    def table(self, name: str) -> Iterator[tuple[str, str]]:
        for index in range(len(self._tables[name])):
            for line in self._block(name, index).strip("\n").split("\n"):
                key, _, value = line.partition("\t")
                yield key, value

    def value(self, name: str) -> Any:
        try:
            return json.loads(self._inflate(name, *self._values[name]))
        except ValueError as error:
            raise SnapshotError(f"{self._origin}: member {name} unreadable ({error})") from None

    def sections(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
        for name in (*self._tables, *self._values):
            if name not in INDEXES:
                section, _, part = name.partition(".")
                found[section][part] = dict(self.table(name)) if name in self._tables else self.value(name)
        return found

    def load_all(self) -> None:
        for name, blocks in self._tables.items():
            for index in range(len(blocks)):
                self._block(name, index)
        for name in self._values:
            self.value(name)


class _MemoryStore:
    """Members held as Python values (``{"human.genes": {...}, ...}``): the build uses it to derive
    the indexes through the same queries a loaded snapshot answers."""

    def __init__(self, members: Mapping[str, Any]) -> None:
        self._members = members

    def get(self, name: str, key: str) -> str | None:
        return self._members[name].get(key)

    def table(self, name: str) -> Iterator[tuple[str, str]]:
        table = self._members[name]
        return ((key, table[key]) for key in sorted(table))

    def value(self, name: str) -> Any:
        return self._members[name]


class Knowledge:
    """The gene knowledge snapshot. Build one with :func:`linter.knowledge.load`."""

    def __init__(self, data: bytes, origin: str = "<memory>") -> None:
        self._store: _PackedStore | _MemoryStore = _PackedStore(data, origin)
        header = self._store.header
        if header.get("format") != FORMAT:
            raise SnapshotError(f"{origin}: snapshot format {header.get('format')!r}, expected {FORMAT}")
        self.header: dict[str, Any] = header
        self.origin = origin
        self.size = len(data)
        self._upper: dict[str, dict[str, tuple[str, ...]]] = {}

    @classmethod
    def from_members(cls, members: Mapping[str, Any]) -> Knowledge:
        """A knowledge over in-memory members (the build's, before the indexes exist)."""
        knowledge = cls.__new__(cls)
        knowledge._store = _MemoryStore(members)
        knowledge.header, knowledge.origin, knowledge.size, knowledge._upper = {}, "<memory>", 0, {}
        return knowledge

    def __repr__(self) -> str:
        return f"Knowledge({self.origin!r}, version={self.version!r})"

    # --- header ---------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """Changes whenever any content changes; for cache keys."""
        return f"{self.header['format']}-{self.header['checksum'][:16]}"

    @property
    def date(self) -> str:
        """When the human (HGNC) data was released: ``2024-07``, or a day for ``curate hgnc update``."""
        return self.header["date"]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.header["counts"])

    def load_all(self) -> None:
        """Inflate every member now (for timing and for long-running processes)."""
        self._store.load_all()

    def sections(self) -> dict[str, dict[str, Any]]:
        """Every section as the build made it (``{"human": {"genes": {...}, ...}, ...}``), without the indexes."""
        return self._store.sections()

    # --- human (HGNC) ---------------------------------------------------------------------

    def _get(self, name: str, key: str) -> str | None:
        return self._store.get(name, key)

    def gene(self, symbol: str) -> Gene | None:
        """The approved human gene with exactly this symbol."""
        packed = self._get("human.genes", symbol)
        if packed is None:
            return None
        hgnc_id, name, locus_type, entrez, uniprot = packed.split("\t")
        return Gene(symbol, hgnc_id, name, locus_type, entrez, tuple(uniprot.split()))

    def approved_symbol(self, symbol: str) -> str | None:
        """The approved human symbol equal to ``symbol`` up to case."""
        if self.is_approved(symbol):
            return symbol
        upper = symbol.upper()
        # by_upper holds only the upper-case forms that are not themselves the approved symbol
        return self._get("human.by_upper", upper) or (upper if self.is_approved(upper) else None)

    def is_approved(self, symbol: str) -> bool:
        return self._get("human.genes", symbol) is not None

    def alias_of(self, symbol: str) -> tuple[str, ...]:
        """Approved symbols carrying ``symbol`` (any case) as an alias."""
        return _split(self._get("human.alias", symbol.upper()))

    def previous_of(self, symbol: str) -> tuple[str, ...]:
        """Approved symbols carrying ``symbol`` (any case) as a previous symbol."""
        return _split(self._get("human.previous", symbol.upper()))

    def tokens_of(self, symbol: str) -> tuple[str, ...]:
        """The previous symbols, then the aliases (upper case), of an approved human symbol."""
        return _split(self._get("human.tokens", symbol))

    def withdrawn(self, symbol: str) -> tuple[str, tuple[str, ...]] | None:
        """(``Symbol Withdrawn`` or ``Entry Withdrawn``, current replacements) for a withdrawn symbol."""
        packed = self._get("human.withdrawn", symbol)
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
        for symbol, packed in self._store.table("human.genes"):
            entrez = packed.split("\t", 4)[3]
            if entrez:
                index[entrez] = symbol
        return index

    def gene_by_entrez(self, entrez: str | int) -> Gene | None:
        symbol = self._by_entrez.get(str(entrez))
        return self.gene(symbol) if symbol else None

    @cached_property
    def _by_hgnc_id(self) -> dict[str, str]:
        return {packed.split("\t", 1)[0]: symbol for symbol, packed in self._store.table("human.genes")}

    def gene_by_id(self, hgnc_id: str) -> Gene | None:
        symbol = self._by_hgnc_id.get(hgnc_id)
        return self.gene(symbol) if symbol else None

    def symbols_for_uniprot(self, accession: str) -> tuple[str, ...]:
        return _split(self._get("human.by_uniprot", accession))

    def current_symbol(self, symbol: str) -> str | None:
        """``symbol`` if approved, else the one approved symbol it was renamed to, else None."""
        if self.is_approved(symbol):
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

    def _upper_index(self, species: str, table: str) -> dict[str, tuple[str, ...]]:
        key = f"{species}.{table}"
        if key not in self._upper:
            index: dict[str, list[str]] = {}
            for name, _ in self._store.table(key):
                index.setdefault(name.upper(), []).append(name)
            self._upper[key] = {upper: tuple(sorted(names)) for upper, names in index.items()}
        return self._upper[key]

    def rodent_gene(self, symbol: str, species: str) -> Gene | None:
        """The official MGI (``mouse``) or RGD (``rat``) gene with exactly this symbol."""
        ids = self._get(f"{species}.symbols", symbol)
        return Gene(symbol, ids.replace("|", " ")) if ids else None

    def _rodent_lookup(self, symbol: str, species: str) -> SymbolInfo:
        official = symbol if self._get(f"{species}.symbols", symbol) else None
        if official is None:
            candidates = self._upper_index(species, "symbols").get(symbol.upper(), ())
            official = candidates[0] if len(candidates) == 1 else None
        synonyms = _split(self._get(f"{species}.synonyms", symbol))
        if not synonyms:
            found = self._upper_index(species, "synonyms").get(symbol.upper(), ())
            synonyms = tuple(sorted({target for name in found for target in _split(self._get(f"{species}.synonyms", name))}))
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
        return frozenset(_split(self._store.value("famplex.entities")))

    @cached_property
    def _complexes(self) -> frozenset[str]:
        return frozenset(_split(self._store.value("famplex.complexes")))

    @property
    def famplex_entities(self) -> frozenset[str]:
        return self._entities

    def is_family(self, name: str) -> bool:
        """Whether ``name`` is a FamPlex family or complex (``ERK``, ``AKT``, ``AMPK``)."""
        return name in self._entities

    def is_complex(self, name: str) -> bool:
        return name in self._complexes

    def gene_symbols(self, grounding: str) -> tuple[str, ...]:
        """Current HGNC symbols of a grounding (``HGNC:5``, ``HGNC:SYMBOL``, ``UP:P46527``, ``FPLX:ERK``)."""
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
        return _split(self._get("famplex.genes", name))

    def families_of(self, symbol: str) -> tuple[str, ...]:
        """FamPlex families and complexes that include the approved symbol, directly or not."""
        return _split(self._get("famplex.families_of", symbol))

    def ground(self, text: str) -> Grounding | None:
        """FamPlex's grounding for ``text`` (case-sensitive, as FamPlex curates it), else the
        FamPlex entity of that name: ``p27`` -> UP:P46527 (CDKN1B), ``ERK`` -> FPLX:ERK (MAPK1, MAPK3)."""
        packed = self._get("famplex.grounding", text)
        if packed is None:
            if text not in self._entities:
                return None
            packed = f"FPLX:{text}"
        groundings = _split(packed)
        namespace, _, identifier = groundings[0].partition(":")
        return Grounding(text, namespace, identifier, self.gene_symbols(groundings[0]), groundings)

    # --- WikiPathways ---------------------------------------------------------------------

    @cached_property
    def pathways(self) -> tuple[Pathway, ...]:
        return tuple(
            Pathway(index, wpid, name)
            for index, (wpid, name, _) in enumerate(self._store.value("wikipathways.pathways"))
        )

    @property
    def pathway_release(self) -> str:
        return self._store.value("wikipathways.release")

    def pathway_mask(self, entrez: str | int) -> int:
        """A bit set of the pathways (bit ``i`` = ``pathways[i]``) that hold the gene."""
        mask = 0
        for index in (self._get("wikipathways.masks", str(entrez)) or "").split():
            mask |= 1 << int(index)
        return mask

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


def _joined(values: Any) -> str:
    return "|".join(values)


def indexes(members: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The reverse indexes (:data:`INDEXES`) of the sections' members (``"human.genes"``, ...),
    each iterated in sorted key order as a loaded snapshot would be, so ties resolve the same way."""
    genes = members["human.genes"]
    derived: dict[str, dict[str, str]] = {name: {} for name in INDEXES}
    upper = derived["human.by_upper"]
    uniprot: dict[str, list[str]] = {}
    for symbol in sorted(genes):
        upper[symbol.upper()] = symbol
        for accession in genes[symbol].rsplit("\t", 1)[1].split():
            uniprot.setdefault(accession, []).append(symbol)
    for key in [key for key, symbol in upper.items() if key == symbol]:
        del upper[key]
    derived["human.by_uniprot"] = {accession: _joined(sorted(symbols)) for accession, symbols in uniprot.items()}
    tokens: dict[str, list[str]] = {}
    for table in ("human.previous", "human.alias"):
        for token in sorted(members[table]):
            for symbol in members[table][token].split("|"):
                tokens.setdefault(symbol, []).append(token)
    derived["human.tokens"] = {symbol: _joined(dict.fromkeys(found)) for symbol, found in tokens.items()}
    resolver = Knowledge.from_members({**members, **derived})
    family_genes = {
        name: sorted({symbol for item in _split(packed) for symbol in resolver.gene_symbols(item)})
        for name, packed in sorted(members["famplex.members"].items())
    }
    derived["famplex.genes"] = {name: _joined(symbols) for name, symbols in family_genes.items() if symbols}
    families: dict[str, list[str]] = {}
    for name, symbols in family_genes.items():
        for symbol in symbols:
            families.setdefault(symbol, []).append(name)
    derived["famplex.families_of"] = {symbol: _joined(sorted(names)) for symbol, names in families.items()}
    masks: dict[str, list[str]] = {}
    for index, (_, _, entrez_ids) in enumerate(members["wikipathways.pathways"]):
        for entrez in entrez_ids.split():
            masks.setdefault(entrez, []).append(str(index))
    derived["wikipathways.masks"] = {entrez: " ".join(dict.fromkeys(found)) for entrez, found in masks.items()}
    return derived
