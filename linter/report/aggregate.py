"""Counting a run's results as they stream in: totals, rules, genes, organisms, DOIs, record rows.

:class:`Aggregate` never keeps a :class:`Diagnostic`: each record becomes one compact row (its
figid, year and ``[line, column, code, severity, message index, fix]`` per diagnostic), and each
distinct message text is stored once, so 50,000 records stay small in memory and in the page.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from curate import __version__
from curate.linter.diagnostic import Applicability, Diagnostic, Severity
from curate.linter.rule import Rule
from curate.linter.runner import FileResult
from curate.linter.report.fields import gene_cause

FAMILIES = {
    "E": "unreadable input",
    "S": "schema",
    "C": "cross-field consistency",
    "N": "NA sentinels",
    "D": "bibliographic",
    "O": "organisms",
    "T": "text",
    "G": "genes",
}
SEVERITIES = ("info", "warning", "error")  # index = Severity value
FIX_KINDS = {None: 0, Applicability.SAFE: 1, Applicability.UNSAFE: 2}
UNKNOWN_YEAR = "unknown"

# How a record's organisms and organisms_ner relate, in the order the report lists them.
ORGANISM_CLASSES = (
    ("same", "same species"),
    ("overlap", "overlap, some species differ"),
    ("disjoint", "no species in common"),
    ("ner-only", "organisms empty or NA, organisms_ner names species"),
    ("organisms-only", "organisms_ner empty or NA, organisms names species"),
    ("both-empty", "both empty or NA"),
    ("no-ner", "no organisms_ner key (older layout)"),
    ("no-organisms", "no organisms key"),
)


def organism_class(organisms: list[str] | None, ner: list[str] | None) -> str:
    if organisms is None:
        return "no-organisms"
    if ner is None:
        return "no-ner"
    if not organisms and not ner:
        return "both-empty"
    if not organisms:
        return "ner-only"
    if not ner:
        return "organisms-only"
    a, b = set(organisms), set(ner)
    if a == b:
        return "same"
    return "overlap" if a & b else "disjoint"


@dataclass
class GeneTally:
    flagged: int = 0
    records: int = 0
    codes: Counter = field(default_factory=Counter)
    # (TOKEN in upper case, cause) -> count; TOKEN is "" for a cause that blames no word (sidecar, species)
    causes: Counter = field(default_factory=Counter)


@dataclass
class CauseTally:
    """One alias token or family word and the genes it drags in (the ``p27`` cluster)."""

    token: str  # as first seen
    kinds: Counter = field(default_factory=Counter)  # the evidence's causes: alias, previous, synonym, family, ...
    flagged: int = 0
    genes: Counter = field(default_factory=Counter)


class Aggregate:
    """Feed :meth:`add` every :class:`FileResult` (with ``extra`` from ``report_target``)."""

    def __init__(self, rules: tuple[Rule, ...], paths: list[str] | None = None) -> None:
        self.rules = {rule.code: rule for rule in rules}
        self.paths = list(paths or [])
        self.records = 0
        self.with_problems = 0
        self.unreadable = 0
        self.by_severity: Counter = Counter()
        self.by_code: Counter = Counter()
        self.records_by_code: Counter = Counter()
        self.records_by_family: Counter = Counter()
        self.fixable: Counter = Counter()  # "safe" / "unsafe" -> diagnostics
        self.genes: dict[str, GeneTally] = {}
        self.causes: dict[str, CauseTally] = {}
        self.organisms: Counter = Counter()
        self.species: dict[str, list[int]] = {}  # name -> [both, organisms only, organisms_ner only]
        self.years: dict[str, list[int]] = {}  # year -> [records, missing doi]
        self.messages: dict[str, int] = {}
        self.folders: dict[str, int] = {}
        self.rows: list[list] = []

    # ---------------------------------------------------------------- feeding
    def add(self, result: FileResult) -> None:
        extra = result.extra
        self.records += 1
        if not extra.get("loaded", True):
            self.unreadable += 1
        diagnostics = []
        codes: set[str] = set()
        for index, d in enumerate(result.diagnostics):
            severity = int(d.severity if d.severity is not None else Severity.WARNING)
            self.by_severity[SEVERITIES[severity]] += 1
            self.by_code[d.code] += 1
            codes.add(d.code)
            fix = FIX_KINDS.get(d.fix.applicability if d.fix else None, 0)
            if fix:
                self.fixable[str(d.fix.applicability)] += 1
            diagnostics.append([d.line, d.column, d.code, severity, self._message(d.message), fix])
            gene = extra.get("genes", {}).get(index)
            if gene is not None:
                self._gene(gene, d)
        if result.diagnostics:
            self.with_problems += 1
        self.records_by_code.update(codes)
        self.records_by_family.update({code[0] for code in codes})
        for gene in set(extra.get("genes", {}).values()):
            self.genes[gene].records += 1
        self._organisms(extra.get("organisms"), extra.get("organisms_ner"), extra.get("loaded", True))
        year = extra.get("year") or UNKNOWN_YEAR
        if extra.get("loaded", True):
            tally = self.years.setdefault(year, [0, 0])
            tally[0] += 1
            tally[1] += not extra.get("doi", False)
        folder, name = os.path.split(result.path)
        self.rows.append([self._folder(folder), name, extra.get("figid") or _stem(name), year, diagnostics])

    def _message(self, text: str) -> int:
        index = self.messages.get(text)
        if index is None:
            index = self.messages[text] = len(self.messages)
        return index

    def _folder(self, folder: str) -> int:
        index = self.folders.get(folder)
        if index is None:
            index = self.folders[folder] = len(self.folders)
        return index

    def _gene(self, gene: str, diagnostic: Diagnostic) -> None:
        tally = self.genes.get(gene)
        if tally is None:
            tally = self.genes[gene] = GeneTally()
        tally.flagged += 1
        tally.codes[diagnostic.code] += 1
        cause = gene_cause(diagnostic)
        if cause is None:
            return
        kind, token = cause
        key = token.upper()
        tally.causes[key, kind] += 1
        if token:
            group = self.causes.get(key)
            if group is None:
                group = self.causes[key] = CauseTally(token)
            group.kinds[kind] += 1
            group.flagged += 1
            group.genes[gene] += 1

    def _organisms(self, organisms: list[str] | None, ner: list[str] | None, loaded: bool) -> None:
        if not loaded:
            return
        self.organisms[organism_class(organisms, ner)] += 1
        if organisms is None or ner is None:
            return
        a, b = set(organisms), set(ner)
        for name in a | b:
            tally = self.species.setdefault(name, [0, 0, 0])
            tally[0 if name in a and name in b else 1 if name in a else 2] += 1

    # ---------------------------------------------------------------- results
    def totals(self) -> dict:
        return {
            "records": self.records,
            "records_with_problems": self.with_problems,
            "unreadable": self.unreadable,
            "diagnostics": sum(self.by_code.values()),
            "by_severity": {level: self.by_severity.get(level, 0) for level in ("error", "warning", "info")},
            "fixable": {"total": sum(self.fixable.values()), "safe": self.fixable.get("safe", 0),
                        "unsafe": self.fixable.get("unsafe", 0)},
        }

    def rule_rows(self) -> list[dict]:
        rows = []
        for code, count in self.by_code.items():
            rule = self.rules.get(code)
            rows.append({
                "code": code,
                "name": rule.name if rule else "",
                "family": code[:1],
                "severity": str(rule.severity) if rule else "warning",
                "summary": rule.summary if rule else "",
                "diagnostics": count,
                "records": self.records_by_code[code],
            })
        rows.sort(key=lambda row: (-row["diagnostics"], row["code"]))
        return rows

    def family_rows(self) -> list[dict]:
        counts: Counter = Counter()
        for code, count in self.by_code.items():
            counts[code[:1]] += count
        rows = [{"family": family, "title": FAMILIES.get(family, ""), "diagnostics": count,
                 "records": self.records_by_family[family]} for family, count in counts.items()]
        rows.sort(key=lambda row: (-row["diagnostics"], row["family"]))
        return rows

    def gene_rows(self, limit: int | None = None) -> list[dict]:
        ranked = sorted(self.genes.items(), key=lambda item: (-item[1].flagged, -item[1].records, item[0]))
        return [{
            "gene": gene,
            "flagged": tally.flagged,
            "records": tally.records,
            "rules": dict(sorted(tally.codes.items())),
            "causes": _gene_causes(tally, self.causes),
        } for gene, tally in ranked[:limit]]

    def cause_rows(self, limit: int | None = None) -> list[dict]:
        ranked = sorted(self.causes.values(), key=lambda c: (-c.flagged, c.token.upper()))
        return [{"token": c.token, "kinds": sorted(c.kinds), "flagged": c.flagged, "genes": dict(c.genes.most_common())}
                for c in ranked[:limit]]

    def organism_rows(self) -> list[dict]:
        return [{"class": key, "title": title, "records": self.organisms.get(key, 0)}
                for key, title in ORGANISM_CLASSES if self.organisms.get(key, 0)]

    def species_rows(self, limit: int | None = None) -> list[dict]:
        ranked = sorted(self.species.items(), key=lambda item: (-sum(item[1]), item[0]))
        return [{"species": name, "both": both, "organisms_only": only_organisms, "ner_only": only_ner}
                for name, (both, only_organisms, only_ner) in ranked[:limit]]

    def doi_rows(self) -> list[dict]:
        years = sorted(self.years, key=lambda year: (year == UNKNOWN_YEAR, year))
        return [{"year": year, "records": self.years[year][0], "missing_doi": self.years[year][1]} for year in years]

    def as_dict(self) -> dict:
        """The aggregates (``curate report --format json``); the per-record table is left out."""
        return {
            "version": 1,
            "curate": __version__,
            "paths": self.paths,
            "totals": self.totals(),
            "rules": self.rule_rows(),
            "families": self.family_rows(),
            "genes": {"suspects": self.gene_rows(), "causes": self.cause_rows()},
            "organisms": {"records": self.organism_rows(), "species": self.species_rows()},
            "doi_by_year": self.doi_rows(),
        }


def _gene_causes(tally: GeneTally, clusters: dict[str, CauseTally]) -> list[dict]:
    """A gene's causes, most frequent first: each token with the causes it was blamed under for this
    gene, then the causes that blame no word (``token`` "")."""
    kinds: dict[str, list[str]] = {}
    counts: Counter = Counter()
    for (key, kind), count in tally.causes.items():
        kinds.setdefault(key, []).append(kind)
        counts[key] += count
    ranked = sorted(counts.items(), key=lambda item: (not item[0], -item[1], item[0]))
    return [{"token": clusters[key].token if key else "", "kinds": sorted(kinds[key]), "count": count}
            for key, count in ranked]


def _stem(name: str) -> str:
    return os.path.splitext(name)[0]
