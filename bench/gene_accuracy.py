"""Precision and recall of the gene rules against the hand-labelled development set.

    python bench/gene_accuracy.py [--verbose] [--no-sidecar] [--timing]

The set (tests/data/gene_devset/labels.tsv, see its README) judges every human gene keyword of
60 sample records as ``plausible`` or ``suspect``. A keyword counts as *flagged suspect* when any
rule with a suspect verdict (G101, G102, G103, G107, G108, G110; all carry the unsafe removal fix)
reports it, run exactly as ``curate lint`` runs them: default options, offline, on the records in
the read-only sample with their sidecars. Suspect is the positive class.

The records are split in two halves by a hash of the figid (``dev``: first hex digit of the
SHA-1 even; ``holdout``: odd), and the numbers are printed for each half and for all, so a rule
tuned to single records would show as a gap between the halves. ``--no-sidecar`` reads the
records as if they had no sidecar (the keywords-only evidence). ``--timing`` adds the snapshot's
load time and what the G rules cost per record on the whole sample (with ``--no-sidecar``, every
record read without its sidecar). ``--verbose`` lists every
false positive and false negative with the rule's message and the label's reason.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curate.linter.document import Document  # noqa: E402
from curate.linter.registry import all_rules  # noqa: E402
from curate.linter.rule import Context  # noqa: E402

LABELS = ROOT / "tests" / "data" / "gene_devset" / "labels.tsv"
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample"
SUSPECT_CODES = ("G101", "G102", "G103", "G107", "G108", "G110", "G111", "G112")
KEYWORDS = ("schema-jsonld", "keywords")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, suspect: bool) -> None:
        if flagged and suspect:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif suspect:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name:<10} precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}   "
                f"TP {self.tp:>3}  FP {self.fp:>3}  FN {self.fn:>3}  TN {self.tn:>4}")


@dataclass
class Result:
    overall: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    rules: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def half(figid: str) -> str:
    return "dev" if int(hashlib.sha1(figid.encode()).hexdigest()[0], 16) % 2 == 0 else "holdout"


def load_labels() -> dict[str, list[dict[str, str]]]:
    by_figure: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(LABELS, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            by_figure[row["figid"]].append(row)
    return by_figure


def read(figid: str, sidecar: bool) -> Document:
    return read_path(SAMPLE / "_figures" / f"{figid}.md", sidecar)


def read_path(path: Path, sidecar: bool) -> Document:
    if sidecar:
        return Document.from_path(path)
    return Document.from_bytes(str(path), path.read_bytes(), fs_path=Path("/nonexistent") / path.name)


def flagged_keywords(doc: Document, rules: list) -> dict[str, list[tuple[str, str]]]:
    """Keyword text -> [(code, message)] of the suspect-verdict rules."""
    items = doc.get(KEYWORDS)
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rule in rules:
        for diagnostic in rule.check(doc, rule.options(), Context()):
            path = diagnostic.key_path
            if len(path) == 3 and path[:2] == KEYWORDS and isinstance(items, list):
                found[items[path[2]]].append((rule.code, diagnostic.message))
    return found


def evaluate(sidecar: bool) -> Result:
    rules = [rule for rule in all_rules() if rule.code in SUSPECT_CODES]
    result = Result()
    for figid, rows in sorted(load_labels().items()):
        flagged = flagged_keywords(read(figid, sidecar), rules)
        part = half(figid)
        for row in rows:
            if row["label"] == "skip":
                continue
            suspect = row["label"] == "suspect"
            hits = flagged.get(row["keyword"], [])
            for name in (part, "all"):
                result.overall[name].add(bool(hits), suspect)
            for code in sorted({code for code, _ in hits}):
                result.rules[code]["TP" if suspect else "FP"] += 1
            if bool(hits) != suspect:
                message = hits[0][1] if hits else ""
                kind = "FP" if hits else "FN"
                result.errors.append((kind, figid, row["keyword"], message or row["word"], row["reason"]))
    return result


def timing(sidecar: bool) -> list[str]:
    """The snapshot's load time (every section) and the G rules' cost per record on the whole sample
    (without the sidecars under ``--no-sidecar``: every record then takes the keywords-only path)."""
    from curate.linter import knowledge

    start = time.perf_counter()
    snapshot = knowledge.open_snapshot()
    snapshot.load_all()
    load = time.perf_counter() - start
    records = sorted((SAMPLE / "_figures").glob("*.md"))
    gene_rules = [rule for rule in all_rules() if rule.family == "G"]
    for rule in gene_rules:  # warm the per-process caches once, as a lint run does on its first record
        list(rule.check(Document.from_path(records[0]), rule.options(), Context()))
    best = float("inf")
    per_record = [float("inf")] * len(records)
    for _ in range(3):
        docs = [read_path(path, sidecar) for path in records]
        for doc in docs:
            doc.locations  # noqa: B018 - what the engine computes anyway, outside the rules' cost
            doc.sidecar  # noqa: B018
        start = time.perf_counter()
        for index, doc in enumerate(docs):
            begin = time.perf_counter()
            for rule in gene_rules:
                list(rule.check(doc, rule.options(), Context()))
            per_record[index] = min(per_record[index], time.perf_counter() - begin)
        best = min(best, time.perf_counter() - start)
    return [
        f"snapshot load (all sections, {snapshot.size / 1e6:.1f} MB): {load * 1000:.0f} ms",
        f"G rules on the sample: {best * 1000:.1f} ms for {len(records)} records, "
        f"{best / len(records) * 1000:.2f} ms per record, median {statistics.median(per_record) * 1000:.2f} ms "
        f"(best of 3, documents {'and sidecars ' if sidecar else ''}already read"
        f"{'' if sidecar else ', sidecars ignored'})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list false positives and false negatives")
    parser.add_argument("--no-sidecar", action="store_true", help="judge the keywords without their sidecars")
    parser.add_argument("--timing", action="store_true", help="snapshot load time and G rule cost per record")
    args = parser.parse_args(argv)
    result = evaluate(sidecar=not args.no_sidecar)
    mode = "keywords only (no sidecar)" if args.no_sidecar else "with sidecars"
    print(f"gene rules against {LABELS.relative_to(ROOT)} ({mode}); positive class: suspect")
    for name in ("dev", "holdout", "all"):
        print(result.overall[name].line(name))
    print("per rule (keywords it reports; a keyword may be reported by several rules):")
    for code in SUSPECT_CODES:
        counts = result.rules.get(code, Counter())
        reported = counts["TP"] + counts["FP"]
        precision = f"{counts['TP'] / reported:.3f}" if reported else "  -  "
        print(f"  {code}  precision {precision}  TP {counts['TP']:>3}  FP {counts['FP']:>3}")
    if args.timing:
        for line in timing(sidecar=not args.no_sidecar):
            print(line)
    if args.verbose:
        for kind, figid, keyword, evidence, reason in sorted(result.errors):
            print(f"{kind} {figid} {keyword}: {evidence}\n     label: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
