"""The fitted model: a probability that a human keyword is a wrong match, from its named evidence.

Two logistic regressions share ``weights.json`` (package data, written by
``tools/fit_gene_model.py``, never by hand): ``sidecar`` for keywords whose sidecar rows name the
word that produced them, ``keywords`` for the others (no sidecar, or an older record whose sidecar
does not explain the keyword). ``threshold`` is the default probability a verdict must reach; a
run's ``--min-confidence`` replaces it. The file's digest is part of the G rules' data version, so
a refitted model invalidates cached results.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cache
from importlib import resources
from itertools import repeat
from operator import mul

WEIGHTS = "weights.json"
SIDECAR, KEYWORDS_ONLY = "sidecar", "keywords"


@cache
def _raw() -> bytes:
    return resources.files(__package__).joinpath(WEIGHTS).read_bytes()


@cache
def model() -> dict:
    return json.loads(_raw())


def digest() -> str:
    return hashlib.sha256(_raw()).hexdigest()[:16]


def default_threshold() -> float:
    return float(model()["threshold"])


def probability(values: dict[str, float], fitted: dict) -> float:
    """The logistic model ``fitted`` (``bias``, ``weights``) applied to named evidence."""
    # map, not a generator: the same products summed in the same order, at half the cost per keyword
    score = fitted["bias"] + sum(map(mul, map(fitted["weights"].get, values, repeat(0.0)), values.values()))
    return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


def strongest(values: dict[str, float], fitted: dict) -> str:
    """The evidence weighing most toward a wrong match, other than the hand-written judgements
    (``rule:*``); the strongest of all when nothing else weighs toward it."""
    # the products as probability() forms them, paired with their names in C: most of the work is the sort
    products = map(mul, map(fitted["weights"].get, values, repeat(0.0)), values.values())
    ranked = sorted(zip(products, values), reverse=True)
    return next((name for weight, name in ranked if weight > 0 and not name.startswith("rule:")), ranked[0][1])
