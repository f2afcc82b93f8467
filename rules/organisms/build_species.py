"""Build ``species.tsv``, the table of species names PFOCR uses, from real records and sidecars.

Run from the repository root (the corpus defaults to ``../shared/corpus/pfocr-sample``)::

    python -m rules.organisms.build_species [CORPUS ...]

Every name comes from the corpus: the ``organisms`` and ``organisms_ner`` lists of the records
(legacy records hold a comma-joined string) and the ``organism_id``/``organism_name`` columns of
the gene sidecars, which give the NCBI taxon ids. NCBI Taxonomy itself cannot be fetched here,
so the common names, and the taxon ids of the few model organisms whose sidecar rows are not in
the corpus, come from the short table ``COMMON`` below; the build fails if a sidecar ever
contradicts one of those ids.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1].parent / "shared" / "corpus" / "pfocr-sample"
NA = frozenset({"NA", ""})

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


def names_in(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [name.strip() for name in value if isinstance(name, str) and name.strip() not in NA]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    data = yaml.load(text.split("\n---", 1)[0].removeprefix("---\n"), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else {}


def collect(corpora: list[Path]) -> dict[str, dict]:
    table: dict[str, dict] = defaultdict(lambda: {"ids": set(), "sources": set()})
    for corpus in corpora:
        for record in sorted((corpus / "_figures").glob("*.md")):
            data = front_matter(record)
            for key in ("organisms", "organisms_ner"):
                for name in names_in(data.get(key)):
                    table[name]["sources"].add("records")
        for sidecar in sorted((corpus / "_data").glob("*-genes.tsv")):
            with open(sidecar, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    name, taxon = (row.get("organism_name") or "").strip(), (row.get("organism_id") or "").strip()
                    if name and name not in NA:
                        table[name]["sources"].add("sidecars")
                        if taxon:
                            table[name]["ids"].add(taxon)
    for name, (taxon, _) in COMMON.items():
        entry = table[name]
        if entry["ids"] and entry["ids"] != {taxon}:
            raise SystemExit(f"sidecars give {name} taxon {sorted(entry['ids'])}, COMMON says {taxon}")
        entry["ids"].add(taxon)
        entry["sources"].add("curated")
    for name, entry in table.items():
        if len(entry["ids"]) > 1:
            raise SystemExit(f"{name} has several taxon ids: {sorted(entry['ids'])}")
    return table


def write(table: dict[str, dict], target: Path) -> None:
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write("scientific_name\ttaxon_id\tcommon_names\tsources\n")
        for name in sorted(table, key=str.casefold):
            entry = table[name]
            common = "|".join(COMMON.get(name, ("", ()))[1])
            handle.write(f"{name}\t{''.join(entry['ids'])}\t{common}\t{','.join(sorted(entry['sources']))}\n")


def main(argv: list[str] | None = None) -> int:
    corpora = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])] or [DEFAULT_CORPUS]
    table = collect(corpora)
    write(table, HERE / "species.tsv")
    print(f"wrote {len(table)} names to {HERE / 'species.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
