"""Fit the gene verdict model on the labelled set and write ``rules/genes/analysis/weights.json``.

    python tools/fit_gene_model.py [--check]

Reads tests/data/gene_devset/labels.tsv afresh (plausible and suspect rows only), computes every
labelled keyword's named evidence (:mod:`curate.rules.genes.analysis.features`) on the records of the
read-only sample, in two modes: records with their sidecar (``sidecar`` model, keywords the
sidecar explains) and records read without it (``keywords`` model). Each model is a logistic
regression with an L2 penalty (the intercept unpenalised), fitted by Newton's method in plain
Python: deterministic, no fitting library. Each model's penalty is chosen from :data:`L2_GRID`
by out-of-fold log-loss (:func:`choose_l2`).

The default threshold is chosen on out-of-fold probabilities (papers dealt into :data:`FOLDS`
folds by a hash of the pmcid, see :func:`folds`), never on in-sample ones: the threshold with the
best F0.5 over both modes pooled. A curator acts on these verdicts (the unsafe fix removes the
keyword), so a false verdict, a real gene removed, costs twice a missed one (:data:`BETA`).

``--check`` fits and compares with the committed file instead of writing it (exit 1 when it
differs). ``bench/gene_accuracy.py`` uses the same functions for its cross-validation.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curate.linter.document import Document  # noqa: E402
from curate.rules.genes.analysis import evidence, features, weighing  # noqa: E402

LABELS = ROOT / "tests" / "data" / "gene_devset" / "labels.tsv"
SAMPLE = ROOT.parent / "shared" / "corpus" / "pfocr-sample"
OUTPUT = Path(weighing.__file__).with_name(weighing.WEIGHTS)  # where the rules read it
FOLDS = 5
L2_GRID = (0.5, 2.0, 5.0, 10.0)  # penalties tried for each model; the out-of-fold log-loss picks one
BETA = 0.5  # F0.5: a false verdict (a real gene removed) costs twice a missed one
NEWTON_STEPS = 30
MODES = ("with sidecar", "keywords only")


@dataclass
class Row:
    """One labelled keyword in one mode: its evidence, the model that judges it, and the label."""

    mode: str
    figid: str
    keyword: str
    suspect: bool
    reason: str
    model: str  # weighing.SIDECAR or weighing.KEYWORDS_ONLY
    values: dict[str, float] | None  # None: no evidence at all (not a human keyword the analysis judges)
    code: str  # the rule of the analysis's main finding, "" when none


def pmcid(figid: str) -> str:
    return figid.split("__", 1)[0]


def load_labels(path: Path = LABELS) -> dict[str, list[dict[str, str]]]:
    """figid -> its plausible and suspect rows (read afresh: the set grows while people label)."""
    by_figure: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["label"] in ("plausible", "suspect"):
                by_figure[row["figid"]].append(row)
    return by_figure


def has_sidecar(figid: str) -> bool:
    return (SAMPLE / "_data" / f"{figid}-genes.tsv").is_file()


def read(figid: str, sidecar: bool) -> Document:
    return read_path(SAMPLE / "_figures" / f"{figid}.md", sidecar)


def read_path(path: Path, sidecar: bool) -> Document:
    """A record with its sidecar, or read as if it had none (the keywords-only evidence)."""
    if sidecar:
        return Document.from_path(path)
    return Document.from_bytes(str(path), path.read_bytes(), fs_path=Path("/nonexistent") / path.name)


def figures(mode: str, labels: dict[str, list[dict[str, str]]]) -> list[str]:
    """The records a mode reads: those with a sidecar, or every record (read without it)."""
    return [figid for figid in sorted(labels) if mode != MODES[0] or has_sidecar(figid)]


def collect(mode: str, labels: dict[str, list[dict[str, str]]]) -> list[Row]:
    rows = []
    for figid in figures(mode, labels):
        doc = read(figid, mode == MODES[0])
        analysis = evidence.analyse(doc)  # its scores hold each judged keyword's evidence, as lint weighs it
        by_text: dict[str, evidence.Keyword] = {}
        for keyword in analysis.keywords:
            by_text.setdefault(keyword.text, keyword)
        for label in labels[figid]:
            keyword = by_text.get(label["keyword"])
            score = analysis.scores.get(keyword.index) if keyword is not None else None
            values = score[1] if score is not None else None
            model = weighing.SIDECAR if keyword is not None and keyword.routes else weighing.KEYWORDS_ONLY
            code = keyword.findings[0].code if keyword is not None and keyword.findings else ""
            rows.append(Row(mode, figid, label["keyword"], label["label"] == "suspect", label["reason"], model,
                            values, code))
    return rows


# ---------------------------------------------------------------------------- folds
def folds(figids: list[str], count: int = FOLDS) -> dict[str, int]:
    """figid -> fold: papers sorted by the SHA-1 of their pmcid and dealt round-robin."""
    papers = sorted({pmcid(figid) for figid in figids}, key=lambda paper: hashlib.sha1(paper.encode()).hexdigest())
    fold_of = {paper: index % count for index, paper in enumerate(papers)}
    return {figid: fold_of[pmcid(figid)] for figid in figids}


# ---------------------------------------------------------------------------- fitting
def fit(rows: list[Row], l2: float) -> dict:
    """One logistic regression with an L2 penalty on the rows that have evidence, refitted without
    any feature whose weight comes out against its known direction (:data:`features.AGAINST`,
    :data:`features.FOR`) until none does."""
    left_out: set[str] = set()
    while True:
        fitted = _fit([row for row in rows if row.values is not None], l2, left_out)
        wrong = {name for name, weight in fitted["weights"].items()
                 if (name in features.AGAINST and weight < 0) or (name in features.FOR and weight > 0)}
        if not wrong:
            return fitted
        left_out |= wrong


def _fit(rows: list[Row], l2: float, left_out: set[str]) -> dict:
    """Newton's method on the logistic loss plus ``l2`` times the squared weights (not the intercept)."""
    data = [({name: value for name, value in row.values.items() if name not in left_out}, 1.0 if row.suspect else 0.0)
            for row in rows]
    names = sorted({name for values, _ in data for name in values})
    index = {name: position + 1 for position, name in enumerate(names)}  # 0 is the intercept
    size = len(names) + 1
    sparse = [([(0, 1.0)] + sorted((index[name], value) for name, value in values.items()), y) for values, y in data]
    weights = [0.0] * size
    for _ in range(NEWTON_STEPS):
        gradient = [l2 * w for w in weights]
        gradient[0] = 0.0
        hessian = [[0.0] * size for _ in range(size)]
        for position in range(1, size):
            hessian[position][position] = l2
        for x, y in sparse:
            score = sum(weights[i] * v for i, v in x)
            p = 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0
            for i, v in x:
                gradient[i] += (p - y) * v
            curvature = p * (1.0 - p)
            for i, v in x:
                row = hessian[i]
                for j, u in x:
                    row[j] += curvature * v * u
        hessian[0][0] += 1e-9
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
        if max(abs(s) for s in step) < 1e-6:  # the weights are written to four decimals
            break
    return {"bias": round(weights[0], 4),
            "weights": {name: round(weights[index[name]], 4) for name in names if round(weights[index[name]], 4)}}


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and positive definite)."""
    size = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(a[r][column]))
        a[column], a[pivot] = a[pivot], a[column]
        for r in range(column + 1, size):
            factor = a[r][column] / a[column][column]
            if factor:
                for c in range(column, size + 1):
                    a[r][c] -= factor * a[column][c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        solution[r] = (a[r][size] - sum(a[r][c] * solution[c] for c in range(r + 1, size))) / a[r][r]
    return solution


MODELS = (weighing.SIDECAR, weighing.KEYWORDS_ONLY)


def fit_models(rows: list[Row], l2: dict[str, float]) -> dict[str, dict]:
    """Both models, each on the rows it judges (a keyword's mode decides nothing: its evidence does)."""
    return {name: fit([row for row in rows if row.model == name], l2[name]) for name in MODELS}


def predict(models: dict[str, dict], row: Row) -> float:
    return weighing.probability(row.values, models[row.model]) if row.values is not None else 0.0


def out_of_fold(rows: list[Row], l2: dict[str, float], count: int = FOLDS) -> list[float]:
    """Each row's probability from models fitted on the other folds (grouped by paper)."""
    fold_of = folds([row.figid for row in rows], count)
    probabilities = [0.0] * len(rows)
    for fold in range(count):
        models = fit_models([row for row in rows if fold_of[row.figid] != fold], l2)
        for position, row in enumerate(rows):
            if fold_of[row.figid] == fold:
                probabilities[position] = predict(models, row)
    return probabilities


def choose_l2(rows: list[Row], count: int = FOLDS) -> dict[str, float]:
    """Each model's penalty from :data:`L2_GRID`: the one with the least out-of-fold log-loss. The
    keywords-only evidence is weaker and noisier and takes a stronger penalty than the sidecar's."""
    losses: dict[str, dict[float, float]] = {name: {} for name in MODELS}
    for l2 in L2_GRID:
        probabilities = out_of_fold(rows, {name: l2 for name in MODELS}, count)
        for name in MODELS:
            losses[name][l2] = sum(_log_loss(p, row.suspect) for row, p in zip(rows, probabilities)
                                   if row.model == name and row.values is not None)
    return {name: min(L2_GRID, key=lambda l2: (losses[name][l2], l2)) for name in MODELS}


def _log_loss(probability: float, suspect: bool) -> float:
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return -math.log(p if suspect else 1 - p)


def choose_threshold(rows: list[Row], probabilities: list[float], beta: float = BETA) -> float:
    """The threshold (in steps of 0.01) with the best pooled F-beta: precision weighs 1/beta times recall."""
    best = (-1.0, 0.5)
    for step in range(5, 100):
        threshold = step / 100
        tp = sum(1 for row, p in zip(rows, probabilities) if p >= threshold and row.suspect)
        flagged = sum(1 for p in probabilities if p >= threshold)
        positives = sum(1 for row in rows if row.suspect)
        if not tp:
            continue
        precision, recall = tp / flagged, tp / positives
        score = (1 + beta * beta) * precision * recall / (beta * beta * precision + recall)
        if score > best[0] + 1e-12:
            best = (score, threshold)
    return best[1]


def fit_all(rows: list[Row]) -> dict:
    """The penalties and the threshold chosen on out-of-fold probabilities, and the models on every row."""
    l2 = choose_l2(rows)
    threshold = choose_threshold(rows, out_of_fold(rows, l2))
    return {"threshold": threshold, "l2": l2, **fit_models(rows, l2)}


def document(fitted: dict, rows: list[Row]) -> dict:
    labels = LABELS.read_bytes()
    return {
        "about": "fitted by tools/fit_gene_model.py; do not edit by hand",
        "labels_sha256": hashlib.sha256(labels).hexdigest(),
        "rows": {mode: sum(1 for row in rows if row.mode == mode) for mode in MODES},
        "l2": fitted["l2"],
        "beta": BETA,
        "threshold": fitted["threshold"],
        weighing.SIDECAR: fitted[weighing.SIDECAR],
        weighing.KEYWORDS_ONLY: fitted[weighing.KEYWORDS_ONLY],
    }


def all_rows() -> list[Row]:
    labels = load_labels()
    return [row for mode in MODES for row in collect(mode, labels)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed weights, write nothing")
    args = parser.parse_args(argv)
    rows = all_rows()
    text = json.dumps(document(fit_all(rows), rows), indent=1, sort_keys=True) + "\n"
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(ROOT)} {'is up to date' if same else 'differs from a fresh fit'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: threshold {json.loads(text)['threshold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
