"""The gene knowledge snapshot: build (determinism, parsing quirks), loading, queries, `curate data`."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curate_run import curate
from curate.linter import knowledge, symbol_lookup
from curate.linter.knowledge import build
from curate.linter.knowledge.nomenclature import (
    is_human_style,
    is_rodent_style,
    is_zebrafish_style,
    matches_nomenclature,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
PACKAGED = ROOT / "linter" / "knowledge" / knowledge.SNAPSHOT_NAME

HGNC_HEADER = (
    "HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID(supplied by NCBI)\t"
    "UniProt ID(supplied by UniProt)\tMouse genome database ID(supplied by MGI)\t"
    "Rat genome database ID(supplied by RGD)\tPrevious symbols\tEnsembl gene ID\tLocus type\tEnzyme IDs"
)


def _hgnc(hgnc_id, symbol, name, status="Approved", aliases="", entrez="", uniprot="", previous="",
          locus="gene with protein product"):
    return "\t".join([hgnc_id, symbol, name, status, aliases, entrez, uniprot, "", "", previous, "", locus, ""])


def _see(*ids):
    links = [f"[HGNC:{number}](/data/gene-symbol-report/#!/hgnc_id/HGNC:{number})" for number in ids]
    return "symbol withdrawn, see " + " and ".join(links)


HGNC_ROWS = [
    _hgnc("HGNC:1785", "CDKN1B", "cyclin dependent kinase inhibitor 1B", aliases="KIP1, P27KIP1", entrez="1027",
          uniprot="P46527"),
    _hgnc("HGNC:1771", "CDK2", "cyclin dependent kinase 2", aliases="CDKN2", entrez="1017", uniprot="P24941"),
    _hgnc("HGNC:6871", "MAPK1", "mitogen-activated protein kinase 1", aliases="ERK, ERK2", entrez="5594",
          uniprot="P28482", previous="PRKM2, PRKM1"),
    _hgnc("HGNC:6877", "MAPK3", "mitogen-activated protein kinase 3", aliases="ERK1", entrez="5595",
          uniprot="P27361, Q7Z3H5"),
    _hgnc("HGNC:391", "AKT1", "AKT serine/threonine kinase 1", aliases="PKB", entrez="207", uniprot="P31749"),
    _hgnc("HGNC:4741", "H2AZ1", "H2A.Z variant histone 1", entrez="3015", previous="H2AFZ"),
    _hgnc("HGNC:10498", "S100A8", "S100 calcium binding protein A8", entrez="6279", previous="CFAG"),
    _hgnc("HGNC:10499", "S100A9", "S100 calcium binding protein A9", entrez="6280", previous="CFAG"),
    _hgnc("HGNC:100", "C1orf112", "chromosome 1 open reading frame 112", entrez="55732"),
    _hgnc("HGNC:4744", "H2AZ", "symbol withdrawn, see [HGNC: 4741](/data/gene-symbol-report/#!/hgnc_id/HGNC: 4741)",
          status="Symbol Withdrawn", locus="unknown"),
    _hgnc("HGNC:1871", "CFAG", _see(10498, 10499), status="Symbol Withdrawn", locus="unknown"),
    _hgnc("HGNC:500", "OLDER", _see(501), status="Symbol Withdrawn", locus="unknown"),
    _hgnc("HGNC:501", "OLD", _see(6871), status="Symbol Withdrawn", locus="unknown"),
    _hgnc("HGNC:1", "A12M1", "adenovirus-12 chromosome modification site 1C", status="Entry Withdrawn",
          locus="unknown"),
    _hgnc("HGNC:366", "CDK2", _see(1785), status="Symbol Withdrawn", locus="unknown"),
]
MGI = (
    "ID\tsymbol\tsynonyms\tensembl\n"
    "104565\tCdkn1b\tp27|Kip1|p27Kip1\tENSMUSG1\n"
    "104565\tCdkn1b\tp27|Kip1|p27Kip1\tENSMUSG2\n"
)
RGD = "ID\tsymbol\tsynonyms\tensembl\n2029\tCdkn1b\tp27;cyclin-dependent kinase inhibitor 1B\tENSRNOG1\n"
RELATIONS = "\n".join([
    "HGNC,MAPK1,isa,FPLX,ERK", "HGNC,MAPK3,isa,FPLX,ERK", "FPLX,ERK,isa,FPLX,MAPK", "HGNC,AKT1,isa,FPLX,AKT",
    "UP,P24941,partof,FPLX,CDK2_complex", "HGNC,CDKN1B,partof,FPLX,CDK2_complex", "HGNC,PRKM1,isa,FPLX,OLDFAM", "",
])
GROUNDING = "\n".join([
    "p27,UP,P46527,,,,", "ERK,FPLX,ERK,,,,", "PKB,FPLX,AKT,,,,", '"AMPK (alpha 1, beta 1)",FPLX,AMPK,,,,',
    "ALIX,HGNC,PDCD6IP,UP,Q8WUM4,,", "apoptosis,GO,GO:0006915,MESH,D017209,,", "",
])
ENTITIES = "AKT\nAMPK\nCDK2_complex\nERK\nMAPK\n"
GMT = "\n".join([
    "Cell Cycle%WikiPathways_20200210%WP179%Homo sapiens\thttp://www.wikipathways.org/instance/WP179_r1\t1027\t1017",
    "MAPK Signaling%WikiPathways_20200210%WP382%Homo sapiens\thttp://www.wikipathways.org/instance/WP382\t5594\t5595",
    "G1 to S%WikiPathways_20200210%WP45%Homo sapiens\thttp://www.wikipathways.org/instance/WP45_r1\t1017\t1027\t1027",
    "",
])


@pytest.fixture
def sources(tmp_path):
    root = tmp_path / "data"
    files = {
        "hgnc/hgnc_custom_download.tsv": "\n".join([HGNC_HEADER, *HGNC_ROWS, ""]),
        "mgi/mgi_entries.tsv": MGI,
        "rgd/rgd_entries.tsv": RGD,
        "famplex/relations.csv": RELATIONS,
        "famplex/grounding_map.csv": GROUNDING,
        "famplex/entities.csv": ENTITIES,
        "wikipathways/wikipathways-20200210-gmt-Homo_sapiens.gmt": GMT,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small(sources, tmp_path):
    output = tmp_path / "snapshot.bin"
    build.build(sources, output, date="2024-07-01")
    return knowledge.open_snapshot(output)


@pytest.fixture
def real():
    return knowledge.open_snapshot(PACKAGED)



# --- build -------------------------------------------------------------------------------------


def test_building_twice_gives_identical_bytes(sources, tmp_path):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    build.build(sources, first, date="2024-07-01")
    build.build(sources, second, date="2024-07-01")
    assert first.read_bytes() == second.read_bytes()
    build.build(sources, second, date="2024-07-02")
    assert first.read_bytes() != second.read_bytes()


def test_header_records_sources_date_and_checksum(sources, small):
    header = small.header
    assert header["date"] == "2024-07-01" and header["format"] == build.FORMAT
    hgnc = header["sources"]["hgnc"]
    data = (sources / "hgnc/hgnc_custom_download.tsv").read_bytes()
    assert hgnc == {"path": "hgnc/hgnc_custom_download.tsv", "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest()}
    assert header["sources"]["wikipathways"]["path"].endswith("-gmt-Homo_sapiens.gmt")
    assert header["counts"]["human_genes"] == 9 and header["counts"]["pathways"] == 3
    assert small.version == f"{build.FORMAT}-{header['checksum'][:16]}"


def test_checksum_follows_content_not_date(sources, tmp_path):
    one, two = tmp_path / "one.bin", tmp_path / "two.bin"
    first = build.build(sources, one, date="2024-07-01")
    second = build.build(sources, two, date="2025-01-01")
    assert first["checksum"] == second["checksum"]
    with (sources / "mgi/mgi_entries.tsv").open("a") as stream:
        stream.write("87994\tAldoa\tAldo1\tENSMUSG3\n")
    assert build.build(sources, two, date="2024-07-01")["checksum"] != first["checksum"]


def test_an_hgnc_file_of_unknown_release_needs_a_date(sources):
    with pytest.raises(build.BuildError, match=r"hgnc_custom_download.tsv: release date unknown .*; pass --date"):
        build.build_snapshot(sources)


def test_release_dates_come_from_the_sources_not_file_times(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip("no ../shared/data")
    header = knowledge.open_snapshot(PACKAGED).header
    assert header["date"] == "2024-07"  # ../shared/README.md: HGNC snapshot of July 2024 (releases.json)
    assert header["sources"]["hgnc"]["released"] == "2024-07"
    assert header["sources"]["wikipathways"]["released"] == "2020-02-10"  # from the GMT's own names
    assert "released" not in header["sources"]["mgi"]  # MGI's file states no release


def test_missing_source_is_a_build_error(sources):
    (sources / "rgd/rgd_entries.tsv").unlink()
    with pytest.raises(build.BuildError, match="rgd_entries.tsv: source file not found"):
        build.build_snapshot(sources)


def test_packaged_snapshot_is_small_and_current():
    assert PACKAGED.stat().st_size < 5_000_000
    if not SHARED_DATA.is_dir():
        pytest.skip("no ../shared/data")
    packaged = knowledge.open_snapshot(PACKAGED)
    for name, source in packaged.header["sources"].items():
        data = (SHARED_DATA / source["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"], f"{name} changed: run `curate data build`"


def test_rebuilding_from_shared_data_reproduces_the_packaged_bytes(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip("no ../shared/data")
    date = knowledge.open_snapshot(PACKAGED).date
    build.build(SHARED_DATA, tmp_path / "rebuilt.bin", date=date)
    assert (tmp_path / "rebuilt.bin").read_bytes() == PACKAGED.read_bytes()


# --- human -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "described", "symbols"),
    [
        ("CDKN1B", "approved", ("CDKN1B",)),
        ("cdkn1b", "approved as CDKN1B", ("CDKN1B",)),
        ("KIP1", "alias of CDKN1B", ("CDKN1B",)),
        ("Kip1", "alias of CDKN1B", ("CDKN1B",)),
        ("PRKM1", "previous symbol of MAPK1", ("MAPK1",)),
        ("H2AZ", "withdrawn, replaced by H2AZ1", ("H2AZ1",)),  # "[HGNC: 4741]" with a space
        ("CFAG", "previous symbol of S100A8, S100A9; withdrawn, replaced by S100A8, S100A9", ("S100A8", "S100A9")),
        ("OLDER", "withdrawn, replaced by MAPK1", ("MAPK1",)),  # through the withdrawn OLD
        ("A12M1", "withdrawn", ()),
        ("CDK2", "approved", ("CDK2",)),  # an approved symbol that an older entry also used
        ("NOSUCH", "unknown", ()),
    ],
)
def test_human_lookup(small, symbol, described, symbols):
    info = small.lookup(symbol)
    assert info.describe() == described
    assert info.symbols == symbols


def test_human_records(small):
    gene = small.gene("MAPK3")
    assert gene == knowledge.Gene("MAPK3", "HGNC:6877", "mitogen-activated protein kinase 3",
                                  "gene with protein product", "5595", ("P27361", "Q7Z3H5"))
    assert small.gene("mapk3") is None and small.approved_symbol("mapk3") == "MAPK3"
    assert small.entrez("cdkn1b") == "1027" and small.entrez("KIP1") is None
    assert small.gene_by_entrez(1027).symbol == "CDKN1B"
    assert small.gene_by_id("HGNC:1785").symbol == "CDKN1B"
    assert small.symbols_for_uniprot("Q7Z3H5") == ("MAPK3",)
    assert small.withdrawn("CFAG") == ("Symbol Withdrawn", ("S100A8", "S100A9"))
    assert small.current_symbol("PRKM1") == "MAPK1" and small.current_symbol("CFAG") is None
    assert [gene.symbol for gene in small.lookup("CFAG").records()] == ["S100A8", "S100A9"]


def test_real_hgnc_spot_checks(real):
    assert real.lookup("TP53").gene.id == "HGNC:11998"
    assert real.lookup("KIP1").symbols == ("CDKN1B",)
    assert real.lookup("H2AZ").replaced_by == ("H2AZ1",)
    assert real.lookup("CFAG").replaced_by == ("S100A8", "S100A9")
    assert real.lookup("A12M1").describe() == "withdrawn"
    assert real.lookup("C1orf112").describe() == "previous symbol of FIRRM"
    counts = real.counts
    assert (counts["human_genes"], counts["human_withdrawn"]) == (43_837, 1_795 + 3_381)


# --- mouse and rat -----------------------------------------------------------------------------


def test_rodent_lookup(small, real):
    assert small.lookup("Cdkn1b", "mouse").gene == knowledge.Gene("Cdkn1b", "MGI:104565")
    assert small.lookup("CDKN1B", "mouse").describe() == "approved as Cdkn1b"
    assert small.lookup("Kip1", "mouse").describe() == "synonym of Cdkn1b"
    assert small.lookup("KIP1", "mouse").alias_of == ("Cdkn1b",)
    assert small.lookup("p27", "rat").alias_of == ("Cdkn1b",)
    assert small.lookup("cyclin-dependent", "rat").status == "unknown"  # names are not synonyms
    assert real.lookup("Trp53", "mouse").gene.id == "MGI:98834"
    assert real.lookup("Cdkn1b", "rat").status == "approved"
    with pytest.raises(ValueError, match="no gene database for species 'zebrafish'"):
        real.lookup("her4.1", "zebrafish")


# --- FamPlex -----------------------------------------------------------------------------------


def test_famplex(small):
    assert small.ground("p27") == knowledge.Grounding("p27", "UP", "P46527", ("CDKN1B",), ("UP:P46527",))
    assert small.ground("ERK").genes == ("MAPK1", "MAPK3")
    assert small.ground("PKB")[1:4] == ("FPLX", "AKT", ("AKT1",))
    assert small.ground("AMPK (alpha 1, beta 1)").identifier == "AMPK"
    assert small.ground("ALIX").groundings == ("HGNC:PDCD6IP", "UP:Q8WUM4")
    assert small.ground("apoptosis").genes == ()
    assert small.ground("MAPK").genes == ("MAPK1", "MAPK3")  # an entity name, through ERK
    assert small.ground("erk") is None
    assert small.family_members("CDK2_complex") == ("CDK2", "CDKN1B")  # UP member through UniProt
    assert small.family_members("OLDFAM") == ("MAPK1",)  # FamPlex's outdated symbol renamed
    assert small.is_family("ERK") and small.is_complex("CDK2_complex") and not small.is_complex("ERK")
    assert small.families_of("MAPK1") == ("ERK", "MAPK", "OLDFAM")


def test_real_famplex(real):
    assert real.ground("p27").genes == ("CDKN1B",)
    assert real.ground("ERK")[1:4] == ("FPLX", "ERK", ("MAPK1", "MAPK3"))
    assert set(real.ground("PKB").genes) == {"AKT1", "AKT2", "AKT3"}


# --- WikiPathways ------------------------------------------------------------------------------


def test_pathways(small):
    assert [pathway.wpid for pathway in small.pathways] == ["WP45", "WP179", "WP382"]
    assert small.pathway_release == "20200210"
    assert [pathway.name for pathway in small.shared_pathways("1027", 1017)] == ["G1 to S", "Cell Cycle"]
    assert small.shared_pathways("1027", "5594") == ()
    assert small.pathway_mask("999") == 0
    overlap = small.pathway_overlap("1027", ["1017", "5594", "5595", "999", "1027", "1017"])
    assert (overlap.sharing, overlap.annotated) == (1, 3)
    assert [pathway.wpid for pathway in overlap.pathways] == ["WP45", "WP179"]


def test_real_pathways(real):
    assert len(real.pathways) == 568
    cdkn1b, cdk2 = real.entrez("CDKN1B"), real.entrez("CDK2")
    assert any(pathway.name == "Cell Cycle" for pathway in real.shared_pathways(cdkn1b, cdk2))


# --- loading -----------------------------------------------------------------------------------


def test_load_time_is_well_under_a_second(real):
    started = time.process_time()
    snapshot = knowledge.open_snapshot(PACKAGED)
    snapshot.lookup("TP53")
    snapshot.ground("ERK")
    snapshot.pathway_overlap("7157", ["1027"])
    assert time.process_time() - started < 0.5
    started = time.process_time()
    snapshot.load_all()
    assert time.process_time() - started < 1.0


def test_load_is_cached_and_prefers_the_user_snapshot(cache_env, small, capsys):
    packaged = knowledge.load()
    assert knowledge.load() is packaged and packaged.origin.endswith(knowledge.SNAPSHOT_NAME)
    user = knowledge.user_snapshot_path()
    assert user == cache_env / "knowledge" / knowledge.SNAPSHOT_NAME
    user.parent.mkdir(parents=True)
    user.write_bytes(Path(small.origin).read_bytes())
    knowledge.load.cache_clear()
    assert knowledge.load().origin == str(user)
    assert knowledge.version() == small.version
    user.write_bytes(b"not a zip")
    knowledge.load.cache_clear()
    assert knowledge.load().version == packaged.version
    assert capsys.readouterr().err.startswith(f"curate: warning: {user}: not a knowledge snapshot")


def test_lookup_symbol_offline(cache_env):
    info = symbol_lookup.lookup_symbol("KIP1")
    assert info.symbols == ("CDKN1B",) and info.source == "snapshot"
    assert symbol_lookup.lookup_symbol("p27Kip1", species="mouse").describe() == "synonym of Cdkn1b"


def test_symbol_info_status_order():
    gene = knowledge.Gene("AK6", "HGNC:49151")
    both = knowledge.SymbolInfo("AK6", gene=gene, previous_of=("AK3",))
    assert (both.status, both.describe(), both.symbols) == ("approved", "approved; previous symbol of AK3", ("AK6",))
    alias = knowledge.SymbolInfo("X", alias_of=("A", "B"), withdrawn="Entry Withdrawn")
    assert (alias.status, alias.describe()) == ("alias", "alias of A, B; withdrawn")


# --- nomenclature ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "human", "rodent", "zebrafish"),
    [
        ("TP53", True, False, False), ("HLA-DRB1", True, False, False), ("C1orf112", True, False, False),
        ("MT-CO1", True, False, False), ("Cdkn1b", False, True, False), ("Trp53", False, True, False),
        ("0610005C13Rik", False, True, False), ("Il6", False, True, False), ("her4.1", False, False, True),
        ("si:dkey-222f8.3", False, False, True), ("zgc:110239", False, False, True), ("tp53", False, False, True),
        ("p27Kip1", False, False, False), ("", False, False, False), ("IL-6 ", False, False, False),
    ],
)
def test_nomenclature(symbol, human, rodent, zebrafish):
    assert (is_human_style(symbol), is_rodent_style(symbol), is_zebrafish_style(symbol)) == (human, rodent, zebrafish)


@given(st.text(alphabet="ABCKPTabcfknoprt0123456789-.:", max_size=12))
def test_nomenclature_styles_exclude_each_other(symbol):
    assert is_human_style(symbol) + is_rodent_style(symbol) + is_zebrafish_style(symbol) <= 1


def test_matches_nomenclature_by_organism():
    assert matches_nomenclature("Cdkn1b", "Mus musculus") is True
    assert matches_nomenclature("CDKN1B", "10116") is False
    assert matches_nomenclature("her4.1", "Danio rerio") is True
    assert matches_nomenclature("TP53", 9606) is True
    assert matches_nomenclature("Gaq", "Drosophila melanogaster") is None


# --- curate data -------------------------------------------------------------------------------


def test_cli_data_build_and_info(sources, tmp_path, cache_env):
    output = tmp_path / "out.bin"
    built = curate("data", "build", "--source", sources, "--output", output, "--date", "2024-07-01")
    assert built.code == 0 and built.out.startswith(f"wrote {output} (")
    assert "human_genes" in built.out
    info = curate("data", "info", "--snapshot", output)
    assert info.code == 0
    assert f"snapshot:  {output} (file," in info.out
    assert "date:      2024-07-01" in info.out and "load time:" in info.out
    as_json = json.loads(curate("data", "info", "--snapshot", output, "--json").out)
    assert as_json["counts"]["human_genes"] == 9 and as_json["sources"]["mgi"]["path"] == "mgi/mgi_entries.tsv"
    packaged = curate("data", "info")
    assert "(packaged, " in packaged.out and "\ndate:      2024-07\n" in packaged.out
    assert re.search(r"^  hgnc +hgnc/hgnc_custom_download.tsv .* released 2024-07$", packaged.out, re.MULTILINE)
    assert re.search(r"^  human_genes +43,837$", packaged.out, re.MULTILINE)


def test_cli_data_errors(sources, tmp_path):
    bad_date = curate("data", "build", "--source", sources, "--output", tmp_path / "x.bin", "--date", "July")
    assert bad_date.code == 2 and bad_date.err == "curate: error: --date 'July' is not YYYY-MM or YYYY-MM-DD\n"
    missing = curate("data", "build", "--source", tmp_path / "nowhere", "--output", tmp_path / "x.bin")
    assert missing.code == 1 and missing.err.endswith("nowhere: source directory not found\n")
    (tmp_path / "junk.bin").write_bytes(b"junk")
    junk = curate("data", "info", "--snapshot", tmp_path / "junk.bin")
    assert junk.code == 1 and len(junk.err.splitlines()) == 1 and "not a knowledge snapshot" in junk.err
    assert curate("data").code == 2


def test_cli_data_build_rebuilds_the_species_table(sources, tmp_path):
    sample = ROOT.parent / "shared" / "corpus" / "pfocr-sample"
    if not sample.is_dir():
        pytest.skip("sample corpus not found")
    output = tmp_path / "out.bin"
    built = curate("data", "build", "--source", sources, "--output", output, "--corpus", sample, "--date", "2024-07")
    assert built.code == 0, built.err
    assert built.out.endswith(f"wrote {tmp_path / 'species.tsv'} (200 species names) from {sample}\n")
    packaged = ROOT / "rules" / "organisms" / "species.tsv"
    assert (tmp_path / "species.tsv").read_bytes() == packaged.read_bytes()
    without = curate("data", "build", "--source", sources, "--output", output, "--date", "2024-07")  # no corpus beside
    assert without.code == 0 and "species table not rebuilt: no corpus at " in without.out
    missing = curate("data", "build", "--source", sources, "--output", output, "--date", "2024-07",
                     "--corpus", tmp_path / "nowhere")
    assert missing.code == 1 and missing.err.endswith("nowhere: no _figures folder, not a PFOCR corpus\n")


def test_a_query_spanning_the_stored_separators_finds_nothing(real):
    assert real.gene("TP53") is not None
    assert real.gene("TP53\tHGNC:11998") is None and real.gene("TP53\n") is None
    assert real.lookup("TP53\tHGNC:11998").status == "unknown"


def test_a_lookup_reads_only_the_blocks_it_needs(tmp_path):
    data = PACKAGED.read_bytes()
    damaged = bytearray(data)
    damaged[-200:] = bytes(200)  # the last members written (WikiPathways') are garbage
    snapshot = knowledge.Knowledge(bytes(damaged), origin="damaged.bin")
    assert snapshot.lookup("TP53").gene.id == "HGNC:11998"
    with pytest.raises(knowledge.SnapshotError, match=r"damaged.bin: member wikipathways\.\w+ unreadable"):
        snapshot.load_all()


@pytest.mark.parametrize("directory", [
    b"{}", b"[1]", b'{"header": {}, "tables": {"human.genes": [["A", 0]]}, "values": {}}',
    b'{"header": {}, "tables": {"human.genes": [[1, 0, 5]]}, "values": {}}',
    b'{"header": {}, "tables": [], "values": {"famplex.entities": ["0", 5]}}', b"not json",
    b'{"header": [], "tables": {}, "values": {}}',
])
def test_a_damaged_directory_is_not_a_snapshot(directory):
    data = build.MAGIC + len(directory).to_bytes(4, "big") + directory
    with pytest.raises(knowledge.SnapshotError, match="^bad.bin: not a knowledge snapshot"):
        knowledge.Knowledge(data, origin="bad.bin")
