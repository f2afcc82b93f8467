"""Make a benchmark corpus of N PFOCR records from the real sample.

    python bench/make_corpus.py 50000 /tmp/curate-bench/50000 [--defect-rate 0.05] [--seed 1]

Every record is a real sample record (a "seed") with a new identity and small variations:

- ids: a new ``pmcid`` (``PMC20000000`` + index) replaces the seed's everywhere it appears
  (``figid``, ``figlink``, ``figid_alias``, ``redirect_from``, ``schema-jsonld.@id``); the file is
  ``_figures/<figid>.md``, so the consistency rules see a real record;
- texts: the caption's sentences after the first are reordered (the description follows the
  caption); the year moves by up to two years together with the year in ``reftext``; the DOI's last
  digits change;
- genes: some keywords are dropped, with their ``genes:`` entries and their human sidecar rows.

Before that, each seed goes through curate's own safe fixes (in memory), so that the only records a
safe fix changes are those with an injected defect (``--raw-seeds`` keeps the seeds as they are).
A share of the records (``--defect-rate``) then gets exactly one injected defect; the kinds cover
every rule family and take turns. ``OUT/manifest.json`` lists each injected defect with the line
of the value it changed and the rules expected to report it.

Records are written as libyaml writes them: ``yaml.dump(data, sort_keys=False,
allow_unicode=True, width=80)`` between ``---`` lines (with the C dumper, checked against the pure
Python one on the first records). The corpus is streamed to disk by two processes; nothing holds it
all in memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.append(str(REPO))  # after PYTHONPATH: bench/run.py may point it at a snapshot of the code

from curate.linter.document import Document, RecordLoader  # noqa: E402

GENERATOR_VERSION = 1
SHARED = REPO.parent / "shared"
DEFAULT_SAMPLE = SHARED / "corpus" / "pfocr-sample"
HGNC_TABLE = SHARED / "data" / "hgnc" / "hgnc_custom_download.tsv"
DEVSET = REPO / "tests" / "data" / "gene_devset" / "labels.tsv"
PMC_BASE = 20_000_000
HUMAN = "9606"
CHECKED_DUMPS = 200  # records whose C dump is compared with the pure Python dump

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_LAST_DIGITS = re.compile(r"(\d+)(?=\D*$)")
_NUMBER = re.compile(r"^([A-Z]{1,3})(\d+)$")


# ------------------------------------------------------------------ seeds
@dataclass
class Seed:
    """A sample record, cleaned, with what the generator needs to vary it."""

    figid: str
    data: dict[str, Any]
    sidecar_header: str | None = None
    sidecar_rows: list[list[str]] = field(default_factory=list)
    previous: dict[int, str] = field(default_factory=dict)  # keyword index -> a previous HGNC symbol
    fixed: dict[str, int] = field(default_factory=dict)

    @property
    def keywords(self) -> list:
        keywords = self.data.get("schema-jsonld", {}).get("keywords")
        return keywords if isinstance(keywords, list) else []

    @property
    def human_rows(self) -> list[list[str]]:
        return [row for row in self.sidecar_rows if row and row[0] == HUMAN]


def split_front_matter(text: str) -> tuple[str, str]:
    """The front matter (without its ``---`` lines) and the body of a Jekyll record."""
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 3)
    return text[4 : end + 1], text[end + 5 :]


def read_sidecar(path: Path) -> tuple[str | None, list[list[str]]]:
    if not path.is_file():
        return None, []
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    return lines[0], [line.split("\t") for line in lines[1:] if line]


def clean_texts(sample: Path) -> dict[str, tuple[str, dict[str, int]]]:
    """Each sample record's text after curate's safe fixes, and the fixes applied."""
    from curate.linter.config import load_config
    from curate.linter.fixer import fix_text
    from curate.linter.rule import Context

    config = load_config(sample)
    cleaned = {}
    for path in sorted((sample / "_figures").glob("*.md")):
        doc = Document.from_path(path)
        outcome = fix_text(doc, config, Context(), unsafe=False)
        cleaned[path.stem] = (outcome.text, dict(outcome.fixed))
    return cleaned


def load_seeds(sample: Path, raw: bool) -> list[Seed]:
    cleaned = {} if raw else clean_texts(sample)
    previous = previous_symbols()
    seeds = []
    for path in sorted((sample / "_figures").glob("*.md")):
        text, fixed = cleaned.get(path.stem) or (path.read_text(encoding="utf-8"), {})
        front, body = split_front_matter(text)
        if body.strip():
            raise ValueError(f"{path}: records with a body are not supported")
        data = yaml.load(front, Loader=RecordLoader)
        header, rows = read_sidecar(sample / "_data" / f"{path.stem}-genes.tsv")
        seed = Seed(path.stem, data, header, rows, fixed=fixed)
        for index, keyword in enumerate(seed.keywords):
            if isinstance(keyword, str) and keyword in previous:
                seed.previous[index] = previous[keyword]
        seeds.append(seed)
    return seeds


def previous_symbols() -> dict[str, str]:
    """Approved symbol -> one of its previous symbols that names no other gene in any way."""
    if not HGNC_TABLE.is_file():
        return {}
    with open(HGNC_TABLE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    used: Counter = Counter()
    for row in rows:
        names = {row["Approved symbol"]}
        for column in ("Alias symbols", "Previous symbols"):
            names.update(part.strip() for part in row[column].split(",") if part.strip())
        used.update(names)
    found = {}
    for row in rows:
        if row["Status"] != "Approved":
            continue
        for symbol in (part.strip() for part in row["Previous symbols"].split(",")):
            if symbol and used[symbol] == 1 and re.fullmatch(r"[A-Z][A-Z0-9-]+", symbol):
                found[row["Approved symbol"]] = symbol
                break
    return found


@dataclass(frozen=True)
class Suspect:
    """A keyword that came from a suspect alias match, with the sidecar rows behind it."""

    keyword: str
    rows: tuple[tuple[str, ...], ...]


def suspect_aliases(seeds: list[Seed]) -> list[Suspect]:
    """Hand-labelled suspect keywords matched through an NCBI synonym (tests/data/gene_devset)."""
    if not DEVSET.is_file():
        return []
    by_figid = {seed.figid: seed for seed in seeds}
    found: dict[str, Suspect] = {}
    with open(DEVSET, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            seed = by_figid.get(row["figid"])
            if row["label"] != "suspect" or seed is None or row["keyword"] in found:
                continue
            rows = tuple(
                tuple(r) for r in seed.human_rows
                if len(r) > 7 and r[5] == row["keyword"] and r[7] == "ncbigene_synonym"
            )
            if rows:
                found[row["keyword"]] = Suspect(row["keyword"], rows)
    return [found[key] for key in sorted(found)]


# ------------------------------------------------------------------ variation
def _replace_strings(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_strings(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: _replace_strings(item, replace) for key, item in value.items()}
    return value


@dataclass
class Record:
    data: dict[str, Any]
    sidecar_header: str | None
    sidecar_rows: list[list[str]]
    pmcid: str
    moved: dict[int, int] | None = None  # seed keyword index -> index in this record, once some are dropped

    @property
    def figid(self) -> str:
        return self.data["figid"]

    @property
    def jsonld(self) -> dict:
        return self.data["schema-jsonld"]


def vary(seed: Seed, index: int, rng: random.Random, keep: frozenset[int] = frozenset()) -> Record:
    """A new record from ``seed``: new ids, year, DOI digits, sentence order and fewer keywords.

    ``keep`` lists keyword indexes that must survive (an injected defect needs them).
    """
    old_pmcid = seed.data["pmcid"]
    pmcid = f"PMC{PMC_BASE + index}"
    pattern = re.compile(re.escape(old_pmcid) + r"(?!\d)")
    data = _replace_strings(seed.data, lambda text: pattern.sub(pmcid, text))
    record = Record(data, seed.sidecar_header, [list(row) for row in seed.sidecar_rows], pmcid)
    _vary_year(data, rng)
    _vary_doi(data, rng)
    _vary_caption(data, rng)
    _drop_keywords(record, rng, keep)
    return record


def _vary_year(data: dict, rng: random.Random) -> None:
    year, reftext = data.get("year"), data.get("reftext")
    if not (isinstance(year, str) and year.isdigit() and isinstance(reftext, str)):
        return
    found = re.findall(rf"\b{year}\b", reftext)
    if len(found) != 1:
        return
    new = str(min(2024, max(1990, int(year) + rng.choice((-2, -1, 0, 0, 1, 2)))))
    data["year"] = new
    data["reftext"] = re.sub(rf"\b{year}\b", new, reftext)


def _vary_doi(data: dict, rng: random.Random) -> None:
    doi = data.get("doi")
    if not (isinstance(doi, str) and doi.startswith("10.")):
        return
    match = _LAST_DIGITS.search(doi)
    if match and match.start() > doi.index("/"):
        digits = "".join(rng.choice("0123456789") for _ in match.group(1))
        data["doi"] = doi[: match.start()] + digits + doi[match.end() :]


def _vary_caption(data: dict, rng: random.Random) -> None:
    caption = data.get("caption")
    jsonld = data.get("schema-jsonld")
    if not isinstance(caption, str) or not isinstance(jsonld, dict) or jsonld.get("description") != caption:
        return
    sentences = _SENTENCE_BREAK.split(caption)
    if len(sentences) < 3 or any("  " in s or "\n" in s for s in sentences):
        return
    rest = sentences[1:]
    rng.shuffle(rest)
    caption = " ".join([sentences[0], *rest])
    data["caption"] = caption
    jsonld["description"] = caption


def _drop_keywords(record: Record, rng: random.Random, keep: frozenset[int]) -> None:
    keywords = record.jsonld.get("keywords")
    if not isinstance(keywords, list) or len(keywords) < 4:
        return
    indexes = [i for i in range(len(keywords)) if i in keep or rng.random() >= 0.15]
    kept = [keywords[i] for i in indexes]
    dropped = {kw for kw in keywords if isinstance(kw, str)} - {kw for kw in kept if isinstance(kw, str)}
    if not dropped:
        return
    record.moved = {old: new for new, old in enumerate(indexes)}
    record.jsonld["keywords"] = kept
    genes = record.data.get("genes")
    if isinstance(genes, list):
        record.data["genes"] = [g for g in genes if not (isinstance(g, dict) and g.get("hgnc_symbol") in dropped)]
    record.sidecar_rows = [
        row for row in record.sidecar_rows if not (row[0] == HUMAN and len(row) > 5 and row[5] in dropped)
    ]


# ------------------------------------------------------------------ defects
@dataclass(frozen=True)
class DefectKind:
    """One kind of injected defect: the rules (by name) and family expected to report it."""

    name: str
    family: str
    rules: tuple[str, ...]
    eligible: Callable[[Seed], bool]
    inject: Callable[[Record, Seed, random.Random, dict], tuple]  # returns the key path it changed


def _non_empty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _species(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_non_empty(v) and v != "NA" for v in value)


def _set_na(key: str) -> Callable:
    def inject(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
        record.data[key] = ".na.character"
        return (key,)

    return inject


def _organisms_na(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    record.data["organisms"] = ["NA"]
    return ("organisms",)


def _doi_prefix(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    record.data["doi"] = rng.choice(("https://doi.org/", "http://dx.doi.org/", "doi:")) + record.data["doi"]
    return ("doi",)


def _year_mismatch(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    record.data["year"] = str(int(record.data["year"]) + rng.choice((-3, -2, -1, 1)))
    return ("year",)


def _description_drift(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    caption = record.data["caption"]
    spaces = [i for i, ch in enumerate(caption) if ch == " "]
    at = rng.choice(spaces)
    record.jsonld["description"] = caption[:at] + "  " + caption[at:].lstrip(" ")
    return ("schema-jsonld", "description")


def _duplicate_keyword(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    keywords = record.jsonld["keywords"]
    keywords.append(rng.choice([kw for kw in keywords if isinstance(kw, str)]))
    return ("schema-jsonld", "keywords", len(keywords) - 1)


def _previous_symbol(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    index = extra["keyword_index"]
    keywords = record.jsonld["keywords"]
    new_index = record.moved[index] if record.moved is not None else index
    extra["was"] = keywords[new_index]
    keywords[new_index] = seed.previous[index]
    extra["symbol"] = keywords[new_index]
    return ("schema-jsonld", "keywords", new_index)


def _suspect_alias(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    suspects = [s for s in extra.pop("pool") if s.keyword not in record.jsonld["keywords"]]
    suspect = rng.choice(suspects)
    keywords = record.jsonld["keywords"]
    keywords.append(suspect.keyword)
    counts = record.sidecar_rows[0][8:] if record.sidecar_rows and len(record.sidecar_rows[0]) > 8 else []
    for row in suspect.rows:
        record.sidecar_rows.append([*row[:8], *(counts or row[8:])])
    extra["symbol"], extra["word"] = suspect.keyword, suspect.rows[0][3]
    return ("schema-jsonld", "keywords", len(keywords) - 1)


def _figtype(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    record.data["figtype"] = record.data["figtype"].lower() + "s"
    return ("figtype",)


def _alias_mismatch(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    prefix, digits = _NUMBER.match(record.data["number"]).groups()
    record.data["figid_alias"] = f"{record.pmcid}__{prefix}{int(digits) + 1}"
    return ("figid_alias",)


def _yaml_syntax(record: Record, seed: Seed, rng: random.Random, extra: dict) -> tuple:
    extra["text_edit"] = ("\nseo: CreativeWork\n", "\nseo: CreativeWork: Dataset\n")
    return ("seo",)


KINDS: tuple[DefectKind, ...] = (
    DefectKind("yaml-syntax", "E", ("yaml-syntax",),
               lambda s: s.data.get("seo") == "CreativeWork", _yaml_syntax),
    DefectKind("schema-figtype", "S", ("schema-violation",),
               lambda s: s.data.get("figtype") == "Figure", _figtype),
    DefectKind("figid-alias-mismatch", "C", ("derived-field-mismatch",),
               lambda s: isinstance(s.data.get("number"), str) and bool(_NUMBER.match(s.data["number"]))
               and s.data.get("figid_alias") == f"{s.data['pmcid']}__{s.data['number']}", _alias_mismatch),
    DefectKind("duplicate-keyword", "C", ("duplicate-keyword",),
               lambda s: any(isinstance(kw, str) for kw in s.keywords), _duplicate_keyword),
    DefectKind("na-doi", "N", ("na-sentinel",), lambda s: _non_empty(s.data.get("doi")), _set_na("doi")),
    DefectKind("na-journal-title", "N", ("na-sentinel",),
               lambda s: _non_empty(s.data.get("journal_title")), _set_na("journal_title")),
    DefectKind("doi-resolver-prefix", "D", ("doi-not-normalized",),
               lambda s: _non_empty(s.data.get("doi")) and s.data["doi"].startswith("10."), _doi_prefix),
    DefectKind("year-reftext-mismatch", "D", ("year-mismatch",),
               lambda s: isinstance(s.data.get("year"), str) and s.data["year"].isdigit()
               and s.data["year"] in str(s.data.get("reftext", "")), _year_mismatch),
    DefectKind("organisms-na", "O", ("organisms-missing",),
               lambda s: _species(s.data.get("organisms_ner")) and _species(s.data.get("organisms")),
               _organisms_na),
    DefectKind("description-drift", "T", ("description-caption-drift",),
               lambda s: _non_empty(s.data.get("caption")) and " " in s.data["caption"].strip()
               and s.data.get("schema-jsonld", {}).get("description") == s.data["caption"], _description_drift),
    DefectKind("previous-hgnc-symbol", "G", ("previous-symbol", "outdated-symbol"),
               lambda s: bool(s.previous), _previous_symbol),
    DefectKind("suspect-alias-gene", "G", ("suspect-alias", "ambiguous-alias-cluster"),
               lambda s: bool(s.human_rows) and bool(s.keywords), _suspect_alias),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


# ------------------------------------------------------------------ writing
def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=80)


@dataclass(frozen=True)
class Plan:
    out: Path
    seed: int
    seeds: list[Seed]
    eligible: dict[str, list[int]]
    suspects: list[Suspect]
    defects: dict[int, str]


_plan: Plan | None = None


def _init(plan: Plan) -> None:
    global _plan
    _plan = plan


def make_record(index: int, plan: Plan) -> dict | None:
    """Write record ``index`` (and its sidecar); return its manifest entry when it has a defect."""
    rng = random.Random(plan.seed * 1_000_003 + index)
    kind = KIND_BY_NAME.get(plan.defects.get(index, ""))
    pool = plan.eligible[kind.name] if kind else range(len(plan.seeds))
    seed = plan.seeds[pool[rng.randrange(len(pool))]]
    extra: dict[str, Any] = {}
    keep: frozenset[int] = frozenset()
    if kind is not None and kind.name == "previous-hgnc-symbol":
        extra["keyword_index"] = rng.choice(sorted(seed.previous))
        keep = frozenset({extra["keyword_index"]})
    if kind is not None and kind.name == "suspect-alias-gene":
        extra["pool"] = plan.suspects
    record = vary(seed, index, rng, keep)
    key_path = kind.inject(record, seed, rng, extra) if kind else None
    text = f"---\n{dump(record.data)}---\n"
    if index < CHECKED_DUMPS:
        python = yaml.dump(record.data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=80)
        if f"---\n{python}---\n" != text:
            raise RuntimeError(f"record {index}: libyaml's dump differs from PyYAML's pure Python dump")
    entry = None
    if kind is not None:
        entry = _manifest_entry(record, seed, kind, key_path, text, extra)
        if "text_edit" in extra:
            old, new = extra["text_edit"]
            text = text.replace(old, new, 1)
    path = plan.out / "_figures" / f"{record.figid}.md"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    if record.sidecar_header is not None:
        lines = [record.sidecar_header, *("\t".join(row) for row in record.sidecar_rows)]
        with open(plan.out / "_data" / f"{record.figid}-genes.tsv", "w", encoding="utf-8", newline="") as handle:
            handle.write("\n".join(lines) + "\n")
    return entry


def _manifest_entry(record: Record, seed: Seed, kind: DefectKind, key_path: tuple, text: str, extra: dict) -> dict:
    doc = Document.from_bytes(f"{record.figid}.md", text.encode("utf-8"))
    location = doc.locations.get(key_path)
    if location is None:
        raise RuntimeError(f"{record.figid}: injected {kind.name} at {key_path} that the record lacks")
    entry = {
        "figid": record.figid,
        "kind": kind.name,
        "family": kind.family,
        "rules": list(kind.rules),
        "key_path": list(key_path),
        "line": location.value.line,
        "end_line": location.value.end_line,
        "seed": seed.figid,
    }
    entry.update({key: value for key, value in extra.items() if key in ("symbol", "was", "word")})
    return entry


def _make_chunk(indexes: range) -> list[dict]:
    assert _plan is not None
    return [entry for index in indexes if (entry := make_record(index, _plan)) is not None]


def plan_defects(count: int, rate: float, kinds: list[DefectKind], rng: random.Random) -> dict[int, str]:
    """Which records get a defect and of which kind: the kinds take turns, in a shuffled order."""
    chosen = rng.sample(range(count), round(count * rate))
    names = [kinds[i % len(kinds)].name for i in range(len(chosen))]
    rng.shuffle(names)
    return dict(zip(chosen, names))


def make_corpus(count: int, out: Path, *, defect_rate: float = 0.05, seed: int = 1, sample: Path = DEFAULT_SAMPLE,
                raw_seeds: bool = False, processes: int = 2) -> dict:
    started = time.perf_counter()
    seeds = load_seeds(sample, raw_seeds)
    eligible = {kind.name: [i for i, s in enumerate(seeds) if kind.eligible(s)] for kind in KINDS}
    suspects = suspect_aliases(seeds)
    if not suspects:
        eligible["suspect-alias-gene"] = []
    kinds = [kind for kind in KINDS if eligible[kind.name]]
    defects = plan_defects(count, defect_rate, kinds, random.Random(seed))
    if out.exists():
        shutil.rmtree(out)
    (out / "_figures").mkdir(parents=True)
    (out / "_data").mkdir()
    plan = Plan(out, seed, seeds, eligible, suspects, defects)
    chunks = [range(start, min(start + 500, count)) for start in range(0, count, 500)]
    entries: list[dict] = []
    if processes > 1 and count > 1000:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_init, initargs=(plan,)) as pool:
            for found in pool.imap(_make_chunk, chunks):
                entries.extend(found)
    else:
        _init(plan)
        for chunk in chunks:
            entries.extend(_make_chunk(chunk))
    from curate.linter.registry import all_rules

    manifest = {
        "generator_version": GENERATOR_VERSION,
        "records": count,
        "seed": seed,
        "defect_rate": defect_rate,
        "sample": str(sample),
        "seed_records": len(seeds),
        "seeds_cleaned": not raw_seeds,
        "seed_fixes": dict(sum((Counter(s.fixed) for s in seeds), Counter())),
        "rules_at_generation": [rule.code for rule in all_rules()],
        "records_with_defects": len(entries),
        "kinds": {
            kind.name: {
                "family": kind.family,
                "rules": list(kind.rules),
                "count": sum(entry["kind"] == kind.name for entry in entries),
                "eligible_seeds": len(eligible[kind.name]),
            }
            for kind in KINDS
        },
        "families": dict(sorted(Counter(entry["family"] for entry in entries).items())),
        "seconds": round(time.perf_counter() - started, 2),
        "defects": sorted(entries, key=lambda entry: entry["figid"]),
    }
    with open(out / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
        handle.write("\n")
    return manifest


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Make a benchmark corpus of PFOCR records from the real sample.")
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument("out", type=Path, help="output folder (replaced): OUT/_figures, OUT/_data, OUT/manifest.json")
    parser.add_argument("--defect-rate", type=float, default=0.05, help="share of records with one injected defect")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same corpus)")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="folder of real records")
    parser.add_argument("--raw-seeds", action="store_true", help="keep the seeds' own fixable defects")
    parser.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.count < 1 or not 0 <= args.defect_rate <= 1:
        parser.error("count must be positive and --defect-rate between 0 and 1")
    if args.out.resolve().is_relative_to(REPO):
        parser.error(f"write corpora outside the repository (for example /tmp/curate-bench/{args.count})")
    manifest = make_corpus(args.count, args.out, defect_rate=args.defect_rate, seed=args.seed,
                           sample=args.sample, raw_seeds=args.raw_seeds, processes=args.processes)
    kinds = ", ".join(f"{name} {info['count']}" for name, info in manifest["kinds"].items())
    print(f"{args.count} records in {args.out} ({manifest['seconds']} s), "
          f"{manifest['records_with_defects']} with an injected defect: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
