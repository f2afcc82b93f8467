"""Compiling reference data into the gene knowledge snapshot (``snapshot.bin``).

Sources (``../shared/data`` by default): the HGNC custom download, MGI and RGD entries, FamPlex
relations, grounding map and entities, and the WikiPathways human GMT. Each section is a few maps
of packed strings (``"HGNC:5\\tname\\tlocus type\\tentrez\\tuniprot ..."``, ``"SYM1|SYM2"``);
:func:`encode` adds the reverse indexes (:func:`linter.knowledge.model.indexes`) and writes every
map as a table of deflated blocks that a query reads one at a time (the layout is described in
:mod:`linter.knowledge.model`), and the header: format, date, each source's path, size, sha256
and release date where known, counts, and a checksum of every member.

The same sources give the same bytes: keys are sorted, blocks are cut at fixed sizes, and the date
is ``--date`` or the HGNC file's release date, never the clock or a file's modification time.
Release dates come from the sources themselves where they carry one (the WikiPathways GMT names
its release) and otherwise from ``releases.json`` beside this module, which lists source files by
sha256 with the release their publisher announced. ``curate hgnc update`` reuses
:func:`human_rows_from_complete_set` to replace the human section with HGNC's current complete set.

``curate data build`` also rebuilds ``species.tsv``, the table of species names PFOCR uses
(:func:`build_species`), from a corpus of real records and sidecars: the ``organisms`` and
``organisms_ner`` lists of the records (legacy records hold a comma-joined string) and the
``organism_id``/``organism_name`` columns of the sidecars, which give the NCBI taxon ids. NCBI
Taxonomy itself cannot be fetched here, so the common names, and the taxon ids of the few model
organisms whose sidecar rows are not in the corpus, come from the short table :data:`COMMON`; the
build fails if a sidecar ever contradicts one of those ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import struct
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from curate.linter.files import write_atomically
from curate.linter.knowledge.model import APPROVED, BLOCK_BYTES, FORMAT, MAGIC, SECTIONS, Knowledge, SnapshotError, indexes

SOURCES = {
    "hgnc": "hgnc/hgnc_custom_download.tsv",
    "mgi": "mgi/mgi_entries.tsv",
    "rgd": "rgd/rgd_entries.tsv",
    "famplex_relations": "famplex/relations.csv",
    "famplex_grounding_map": "famplex/grounding_map.csv",
    "famplex_entities": "famplex/entities.csv",
    "wikipathways": "wikipathways/*-gmt-Homo_sapiens.gmt",
}
SYMBOL_WITHDRAWN = "Symbol Withdrawn"
ENTRY_WITHDRAWN = "Entry Withdrawn"
_HGNC_ID = re.compile(r"HGNC:\s*([0-9]+)")
_WP_NAME = re.compile(r"^(?P<name>.*)%WikiPathways_(?P<release>[0-9]+)%(?P<wpid>WP[0-9]+)%Homo sapiens$")
_SPACE = re.compile(r"\s")
_RELEASE_DAY = re.compile(r"[0-9]{8}")
# Release dates of source files that do not carry one (the HGNC custom download), by content.
RELEASES = Path(__file__).with_name("releases.json")


class BuildError(Exception):
    """A source that is missing or cannot be parsed; the CLI exits 1 with this message."""


class HumanRow(NamedTuple):
    """One HGNC entry, whatever file it came from."""

    hgnc_id: str
    symbol: str
    name: str
    status: str
    locus_type: str
    entrez: str
    uniprot: tuple[str, ...]
    aliases: tuple[str, ...]
    previous: tuple[str, ...]
    replaced_by: tuple[str, ...]  # HGNC ids


def _split(value: str, separator: str) -> tuple[str, ...]:
    value = value.strip().strip('"')
    return tuple(part.strip() for part in value.split(separator) if part.strip())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _hgnc_ids(text: str) -> tuple[str, ...]:
    return tuple(_unique(f"HGNC:{number}" for number in _HGNC_ID.findall(text)))


# --- HGNC --------------------------------------------------------------------------------------


def _table(text: str, columns: tuple[str, ...], source: str) -> list[dict[str, str]]:
    """The named columns of every non-blank row of a tab-separated table with a header line."""
    lines = text.splitlines()
    if not lines:
        raise BuildError(f"{source} is empty")
    header = [cell.strip() for cell in lines[0].split("\t")]
    try:
        positions = {name: header.index(name) for name in columns}
    except ValueError as error:
        raise BuildError(f"{source}: missing column ({error})") from None
    rows = []
    for line in lines[1:]:
        if line.strip():
            cells = line.split("\t")
            cells += [""] * (len(header) - len(cells))
            rows.append({name: cells[position] for name, position in positions.items()})
    return rows


def human_rows_from_custom_download(text: str) -> list[HumanRow]:
    """Rows of HGNC's custom download (the columns listed in ``../shared/README.md``)."""
    columns = ("HGNC ID", "Approved symbol", "Approved name", "Status", "Alias symbols", "Previous symbols",
               "NCBI Gene ID(supplied by NCBI)", "UniProt ID(supplied by UniProt)", "Locus type")
    rows = []
    for cells in _table(text, columns, "HGNC custom download"):
        name, status = cells["Approved name"], cells["Status"]
        rows.append(HumanRow(
            hgnc_id=cells["HGNC ID"],
            symbol=cells["Approved symbol"],
            name=name if status == APPROVED else "",
            status=status,
            locus_type=cells["Locus type"],
            entrez=cells["NCBI Gene ID(supplied by NCBI)"].strip(),
            uniprot=_split(cells["UniProt ID(supplied by UniProt)"], ","),
            aliases=_split(cells["Alias symbols"], ","),
            previous=_split(cells["Previous symbols"], ","),
            replaced_by=_hgnc_ids(name) if status == SYMBOL_WITHDRAWN else (),
        ))
    return rows


def human_rows_from_complete_set(text: str, withdrawn: str | None = None) -> list[HumanRow]:
    """Rows of HGNC's bulk ``hgnc_complete_set.txt`` and, when given, ``withdrawn.txt``."""
    columns = ("hgnc_id", "symbol", "name", "status", "locus_type", "alias_symbol", "prev_symbol", "entrez_id",
               "uniprot_ids")
    rows = []
    for cells in _table(text, columns, "HGNC complete set"):
        rows.append(HumanRow(
            hgnc_id=cells["hgnc_id"].strip(),
            symbol=cells["symbol"].strip(),
            name=cells["name"].strip().strip('"'),
            status=cells["status"].strip() or APPROVED,
            locus_type=cells["locus_type"].strip(),
            entrez=cells["entrez_id"].strip().strip('"'),
            uniprot=_split(cells["uniprot_ids"], "|"),
            aliases=_split(cells["alias_symbol"], "|"),
            previous=_split(cells["prev_symbol"], "|"),
            replaced_by=(),
        ))
    if withdrawn:
        rows.extend(_withdrawn_rows(withdrawn))
    return rows


def _withdrawn_rows(text: str) -> list[HumanRow]:
    """``withdrawn.txt``: HGNC_ID, STATUS (``Merged/Split``, ``Entry Withdrawn``), WITHDRAWN_SYMBOL,
    MERGED_INTO_REPORT(S) as ``HGNC:1|KLF1|Approved, HGNC:5|AMBIB|Approved``."""
    rows = []
    for line in text.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 3 or not cells[0].strip():
            continue
        merged = cells[3] if len(cells) > 3 else ""
        targets = tuple(_unique(part.split("|")[0].strip() for part in merged.split(",") if part.strip()))
        status = ENTRY_WITHDRAWN if cells[1].strip() == ENTRY_WITHDRAWN else SYMBOL_WITHDRAWN
        rows.append(HumanRow(cells[0].strip(), cells[2].strip(), "", status, "", "", (), (), (), targets))
    return rows


def human_section(rows: list[HumanRow]) -> dict[str, Any]:
    """Approved genes, alias and previous-symbol indexes (upper-cased keys), withdrawn symbols."""
    approved = {row.hgnc_id: row for row in rows if row.status == APPROVED and row.symbol}
    withdrawn_by_id = {row.hgnc_id: row for row in rows if row.status != APPROVED and row.symbol}

    def current(ids: Iterable[str], seen: frozenset[str]) -> list[str]:
        found: list[str] = []
        for hgnc_id in ids:
            if hgnc_id in approved:
                found.append(approved[hgnc_id].symbol)
            elif hgnc_id in withdrawn_by_id and hgnc_id not in seen:
                found.extend(current(withdrawn_by_id[hgnc_id].replaced_by, seen | {hgnc_id}))
        return _unique(found)

    genes: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    previous: dict[str, set[str]] = defaultdict(set)
    for row in approved.values():
        genes[row.symbol] = "\t".join(
            (row.hgnc_id, _one_line(row.name), row.locus_type, row.entrez, " ".join(row.uniprot))
        )
        for alias in row.aliases:
            aliases[alias.upper()].add(row.symbol)
        for symbol in row.previous:
            previous[symbol.upper()].add(row.symbol)
    replaced: dict[str, tuple[str, list[str]]] = {}
    for row in sorted(withdrawn_by_id.values(), key=lambda row: _id_number(row.hgnc_id)):
        status, replacements = replaced.get(row.symbol, (ENTRY_WITHDRAWN, []))
        targets = current(row.replaced_by, frozenset({row.hgnc_id}))
        if row.status == SYMBOL_WITHDRAWN:
            status = SYMBOL_WITHDRAWN
        replaced[row.symbol] = (status, _unique([*replacements, *targets]))
    return {
        "genes": genes,
        "alias": {key: "|".join(sorted(values)) for key, values in aliases.items()},
        "previous": {key: "|".join(sorted(values)) for key, values in previous.items()},
        "withdrawn": {symbol: f"{status}\t{'|'.join(targets)}" for symbol, (status, targets) in replaced.items()},
    }


def _id_number(hgnc_id: str) -> int:
    digits = hgnc_id.rpartition(":")[2]
    return int(digits) if digits.isdigit() else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- MGI, RGD ----------------------------------------------------------------------------------


def rodent_section(text: str, prefix: str, separator: str) -> dict[str, Any]:
    """Symbols (to their ids) and symbol-like synonyms (to symbols) of MGI or RGD entries."""
    ids: dict[str, list[str]] = defaultdict(list)
    synonyms: dict[str, set[str]] = defaultdict(set)
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    header = next(reader, None)
    if header is None or header[:3] != ["ID", "symbol", "synonyms"]:
        raise BuildError(f"{prefix} entries: expected columns ID, symbol, synonyms, got {header}")
    for cells in reader:
        if len(cells) < 3 or not cells[1]:
            continue
        entry_id, symbol = f"{prefix}:{cells[0]}", cells[1]
        if entry_id not in ids[symbol]:
            ids[symbol].append(entry_id)
        for synonym in cells[2].split(separator):
            synonym = synonym.strip()
            if synonym and synonym != symbol and not _SPACE.search(synonym):
                synonyms[synonym].add(symbol)
    return {
        "symbols": {symbol: "|".join(entry_ids) for symbol, entry_ids in ids.items()},
        "synonyms": {synonym: "|".join(sorted(symbols)) for synonym, symbols in synonyms.items()},
    }


# --- FamPlex -----------------------------------------------------------------------------------


def famplex_section(relations: str, grounding_map: str, entities: str) -> dict[str, Any]:
    """Entity names, each family's or complex's member genes (transitively, as FamPlex names them:
    ``HGNC:SYMBOL`` or ``UP:ACCESSION``) and the grounding map (text to ``NS:ID`` groundings)."""
    children: dict[str, set[str]] = defaultdict(set)
    complexes: set[str] = set()
    for cells in csv.reader(io.StringIO(relations)):
        if len(cells) < 5 or cells[3] != "FPLX":
            continue
        child = cells[1] if cells[0] == "FPLX" else f"{cells[0]}:{cells[1]}"
        children[cells[4]].add(child)
        if cells[2] == "partof":
            complexes.add(cells[4])

    def genes(entity: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for child in children.get(entity, ()):
            if ":" in child:
                found.add(child)
            elif child not in seen:
                found |= genes(child, seen | {child})
        return found

    names = sorted({line.strip() for line in entities.splitlines() if line.strip()} | set(children))
    grounding: dict[str, str] = {}
    for cells in csv.reader(io.StringIO(grounding_map)):
        if not cells or not cells[0]:
            continue
        pairs = [f"{ns}:{value}" for ns, value in zip(cells[1::2], cells[2::2]) if ns.strip() and value.strip()]
        if pairs and cells[0] not in grounding:
            grounding[cells[0]] = "|".join(pairs)
    return {
        "entities": "|".join(names),
        "complexes": "|".join(sorted(complexes)),
        "members": {name: "|".join(sorted(genes(name, frozenset({name})))) for name in sorted(children)},
        "grounding": grounding,
    }


# --- WikiPathways ------------------------------------------------------------------------------


def wikipathways_section(gmt: str) -> dict[str, Any]:
    """Pathways as ``[WP id, name, "entrez entrez ..."]``, ordered by WP number."""
    pathways = []
    release = ""
    for line in gmt.splitlines():
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 2:
            continue
        match = _WP_NAME.match(cells[0])
        if match is None:
            raise BuildError(f"WikiPathways GMT: unexpected pathway name {cells[0]!r}")
        release = match["release"]
        members = sorted(set(cell.strip() for cell in cells[2:] if cell.strip()), key=_entrez_order)
        pathways.append([match["wpid"], match["name"], " ".join(members)])
    pathways.sort(key=lambda pathway: int(pathway[0][2:]))
    return {"release": release, "pathways": pathways}


def _entrez_order(entrez: str) -> tuple[int, str]:
    return (int(entrez), "") if entrez.isdigit() else (0, entrez)


# --- the snapshot ------------------------------------------------------------------------------


def find_source(source: Path, pattern: str) -> Path:
    matches = sorted(source.glob(pattern))
    if not matches:
        raise BuildError(f"{source / pattern}: source file not found")
    return matches[-1]


def source_record(path: Path, data: bytes, name: str) -> dict[str, Any]:
    return {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def build_snapshot(source: Path, date: str | None = None) -> dict[str, Any]:
    """Read every source under ``source`` and return the snapshot document (header included).

    The snapshot's date is ``date``, else the HGNC file's release date from :data:`RELEASES`."""
    source = Path(source)
    if not source.is_dir():
        raise BuildError(f"{source}: source directory not found")
    texts: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    releases = known_releases()
    for key, pattern in SOURCES.items():
        path = find_source(source, pattern)
        data = path.read_bytes()
        records[key] = source_record(path, data, path.relative_to(source).as_posix())
        released = releases.get(records[key]["sha256"])
        if released:
            records[key]["released"] = released
        texts[key] = data.decode("utf-8-sig")
    sections = {
        "human": human_section(human_rows_from_custom_download(texts["hgnc"])),
        "mouse": rodent_section(texts["mgi"], "MGI", "|"),
        "rat": rodent_section(texts["rgd"], "RGD", ";"),
        "famplex": famplex_section(
            texts["famplex_relations"], texts["famplex_grounding_map"], texts["famplex_entities"]
        ),
        "wikipathways": wikipathways_section(texts["wikipathways"]),
    }
    release = sections["wikipathways"]["release"]
    if _RELEASE_DAY.fullmatch(release):
        records["wikipathways"]["released"] = f"{release[:4]}-{release[4:6]}-{release[6:]}"
    date = date or records["hgnc"].get("released")
    if not date:
        raise BuildError(f"{source / records['hgnc']['path']}: release date unknown (sha256 {records['hgnc']['sha256']} "
                         f"is not in {RELEASES.name}); pass --date")
    return assemble(sections, records, date)


def known_releases() -> dict[str, str]:
    """sha256 of a source file -> the date its publisher released it (:data:`RELEASES`)."""
    try:
        manifest = json.loads(RELEASES.read_text(encoding="utf-8"))
        return {entry["sha256"]: entry["released"] for entry in manifest["files"].values()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BuildError(f"{RELEASES}: unreadable ({error})") from None


def assemble(sections: Mapping[str, Any], sources: Mapping[str, Any], date: str) -> dict[str, Any]:
    """Sections plus a header with format, date, sources and counts (:func:`encode` adds the checksum)."""
    body = {name: sections[name] for name in SECTIONS}
    header = {"format": FORMAT, "date": date, "sources": dict(sources), "counts": counts(body)}
    return {"header": header, **body}


def counts(body: Mapping[str, Any]) -> dict[str, int]:
    human, famplex = body["human"], body["famplex"]
    pathways = body["wikipathways"]["pathways"]
    return {
        "human_genes": len(human["genes"]),
        "human_aliases": len(human["alias"]),
        "human_previous": len(human["previous"]),
        "human_withdrawn": len(human["withdrawn"]),
        "mouse_symbols": len(body["mouse"]["symbols"]),
        "mouse_synonyms": len(body["mouse"]["synonyms"]),
        "rat_symbols": len(body["rat"]["symbols"]),
        "rat_synonyms": len(body["rat"]["synonyms"]),
        "famplex_entities": len(famplex["entities"].split("|")) if famplex["entities"] else 0,
        "famplex_groundings": len(famplex["grounding"]),
        "pathways": len(pathways),
        "pathway_genes": len({gene for pathway in pathways for gene in pathway[2].split()}),
    }


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def members(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The sections' parts by member name (``"human.genes"``), plus the indexes derived from them."""
    parts = {f"{section}.{part}": value for section in SECTIONS for part, value in snapshot[section].items()}
    return {**parts, **indexes(parts)}


def _table_blocks(name: str, table: Mapping[str, str]) -> list[tuple[str, bytes]]:
    """``key<TAB>value`` lines in key order, cut into blocks of about BLOCK_BYTES: (first key, text)."""
    blocks: list[tuple[str, bytes]] = []
    lines: list[str] = []
    size = 0
    for key in sorted(table):
        value = table[key]
        if not key or "\t" in key or "\n" in key or "\n" in value:
            raise BuildError(f"{name}: key {key!r} or its value holds a tab or a line break")
        lines.append(f"{key}\t{value}")
        size += len(lines[-1]) + 1
        if size >= BLOCK_BYTES:
            blocks.append((lines[0].partition("\t")[0], "\n".join(lines).encode("utf-8")))
            lines, size = [], 0
    if lines:
        blocks.append((lines[0].partition("\t")[0], "\n".join(lines).encode("utf-8")))
    return blocks


def encode(snapshot: Mapping[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """Deterministic bytes (see :mod:`linter.knowledge.model` for the layout) and the header
    written, whose ``checksum`` is the sha256 of every member's name and uncompressed content."""
    digest = hashlib.sha256()
    blob = io.BytesIO()
    tables: dict[str, list[list[Any]]] = {}
    values: dict[str, list[int]] = {}

    def append(text: bytes) -> list[int]:
        compressed = zlib.compress(text, 9)
        place = [blob.tell(), len(compressed)]
        blob.write(compressed)
        digest.update(text + b"\n")
        return place

    for name, value in sorted(members(snapshot).items()):
        digest.update(f"{name}\n".encode())
        if isinstance(value, dict):
            tables[name] = [[first, *append(text)] for first, text in _table_blocks(name, value)]
        else:
            values[name] = append(_canonical(value))
    header = {**snapshot["header"], "checksum": digest.hexdigest()}
    directory = _canonical({"header": header, "tables": tables, "values": values})
    return MAGIC + struct.pack(">I", len(directory)) + directory + blob.getvalue(), header


def write(snapshot: Mapping[str, Any], output: Path) -> dict[str, Any]:
    """Write ``snapshot`` to ``output`` atomically; returns the header written."""
    data, header = encode(snapshot)
    write_atomically(data, Path(output))
    return header


def build(source: Path, output: Path, date: str | None = None) -> dict[str, Any]:
    """``curate data build``: compile ``source`` into ``output``; returns the header."""
    return write(build_snapshot(source, date), output)


def read(data: bytes) -> dict[str, Any]:
    """A serialized snapshot back as a document (header and every section, without the indexes)."""
    try:
        knowledge = Knowledge(data)
    except SnapshotError as error:
        raise BuildError(str(error)) from None
    return {"header": knowledge.header, **knowledge.sections()}


def updated(
    snapshot: Mapping[str, Any],
    complete_set: str,
    withdrawn: str | None,
    sources: Mapping[str, Any],
    date: str,
) -> dict[str, Any]:
    """``snapshot`` with its human section rebuilt from HGNC's complete set (``curate hgnc update``).

    Without ``withdrawn.txt`` the withdrawn symbols are carried over from ``snapshot``, their
    replacements renamed where the complete set renamed them."""
    human = human_section(human_rows_from_complete_set(complete_set, withdrawn))
    if withdrawn is None:
        human["withdrawn"] = _carry_withdrawn(snapshot["human"]["withdrawn"], human)
    sections = {name: snapshot[name] for name in SECTIONS}
    sections["human"] = human
    merged = {key: value for key, value in snapshot["header"]["sources"].items() if not key.startswith("hgnc")}
    merged.update(sources)
    return assemble(sections, merged, date)


def _carry_withdrawn(old: Mapping[str, str], human: Mapping[str, Any]) -> dict[str, str]:
    def current(symbol: str) -> str:
        if symbol in human["genes"]:
            return symbol
        renamed = human["previous"].get(symbol.upper(), "")
        return renamed if renamed and "|" not in renamed else symbol

    carried = {}
    for symbol, packed in old.items():
        status, _, replacements = packed.partition("\t")
        targets = _unique(current(target) for target in replacements.split("|") if target)
        carried[symbol] = f"{status}\t{'|'.join(targets)}"
    return carried


# --- the species table -------------------------------------------------------------------------

SPECIES_HEADER = "scientific_name\ttaxon_id\tcommon_names\tsources\n"
_NA = frozenset({"NA", ""})
# scientific name -> (NCBI taxon id, common names). Model organisms and the usual lab species only.
COMMON: dict[str, tuple[str, tuple[str, ...]]] = {
    "Homo sapiens": ("9606", ("human", "humans")),
    "Mus musculus": ("10090", ("mouse", "house mouse", "mice")),
    "Rattus norvegicus": ("10116", ("rat", "Norway rat", "brown rat", "rats")),
    "Danio rerio": ("7955", ("zebrafish",)),
    "Drosophila melanogaster": ("7227", ("fruit fly", "fruitfly", "fly")),
    "Caenorhabditis elegans": ("6239", ("C. elegans", "nematode", "worm")),
    "Saccharomyces cerevisiae": ("4932", ("baker's yeast", "brewer's yeast", "budding yeast", "yeast")),
    "Arabidopsis thaliana": ("3702", ("thale cress", "mouse-ear cress")),
    "Xenopus laevis": ("8355", ("African clawed frog",)),
    "Xenopus tropicalis": ("8364", ("western clawed frog", "tropical clawed frog")),
    "Gallus gallus": ("9031", ("chicken",)),
    "Bos taurus": ("9913", ("cattle", "cow", "bovine")),
    "Sus scrofa": ("9823", ("pig", "wild boar", "swine")),
    "Canis lupus familiaris": ("9615", ("dog",)),
    "Oryctolagus cuniculus": ("9986", ("rabbit",)),
    "Macaca mulatta": ("9544", ("rhesus monkey", "rhesus macaque")),
    "Oryza sativa": ("4530", ("rice",)),
    "Zea mays": ("4577", ("maize", "corn")),
    "Escherichia coli": ("562", ("E. coli",)),
}


def _organism_names(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [name.strip() for name in value if isinstance(name, str) and name.strip() not in _NA]


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    try:
        data = yaml.load(text.split("\n---", 1)[0].removeprefix("---\n"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise BuildError(f"{path}: front matter unreadable ({error})") from None
    return data if isinstance(data, dict) else {}


def species_table(corpora: Iterable[Path]) -> dict[str, dict[str, set[str]]]:
    """Scientific name -> its taxon ids and where the name was seen (records, sidecars, curated)."""
    table: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"ids": set(), "sources": set()})
    for corpus in corpora:
        if not (corpus / "_figures").is_dir():
            raise BuildError(f"{corpus}: no _figures folder, not a PFOCR corpus")
        for record in sorted((corpus / "_figures").glob("*.md")):
            data = _front_matter(record)
            for key in ("organisms", "organisms_ner"):
                for name in _organism_names(data.get(key)):
                    table[name]["sources"].add("records")
        for sidecar in sorted((corpus / "_data").glob("*-genes.tsv")):
            with open(sidecar, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    name, taxon = (row.get("organism_name") or "").strip(), (row.get("organism_id") or "").strip()
                    if name and name not in _NA:
                        table[name]["sources"].add("sidecars")
                        if taxon:
                            table[name]["ids"].add(taxon)
    for name, (taxon, _) in COMMON.items():
        entry = table[name]
        if entry["ids"] and entry["ids"] != {taxon}:
            raise BuildError(f"sidecars give {name} taxon {sorted(entry['ids'])}, COMMON says {taxon}")
        entry["ids"].add(taxon)
        entry["sources"].add("curated")
    for name, entry in table.items():
        if len(entry["ids"]) > 1:
            raise BuildError(f"{name} has several taxon ids: {sorted(entry['ids'])}")
    return table


def species_text(table: Mapping[str, Mapping[str, set[str]]]) -> str:
    lines = [SPECIES_HEADER]
    for name in sorted(table, key=str.casefold):
        entry = table[name]
        common = "|".join(COMMON.get(name, ("", ()))[1])
        lines.append(f"{name}\t{''.join(entry['ids'])}\t{common}\t{','.join(sorted(entry['sources']))}\n")
    return "".join(lines)


def build_species(corpora: Iterable[Path], output: Path) -> int:
    """``curate data build``: write the species table of ``corpora`` to ``output``; returns its names."""
    table = species_table([Path(corpus) for corpus in corpora])
    write_atomically(species_text(table).encode("utf-8"), Path(output))
    return len(table)
