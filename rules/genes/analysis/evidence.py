"""Shared by the G rules: what each keyword is, and the evidence for and against it, once per record.

PFOCR turned OCR'd words into gene keywords three ways (the sidecar's ``source``): a gene's own
symbol (``ncbigene_symbol``), any NCBI Gene synonym (``ncbigene_synonym``), or a FamPlex family
word expanded to its members (``famplex_relations``). Every keyword reached by a synonym is a
guess, and many guesses are wrong: ``p27`` is an alias of five genes besides CDKN1B, ``ATP`` of
the flippase ATP8A2, ``ERK`` a previous symbol of EPHB2. :func:`analyse` looks at every human
keyword's routes (each sidecar row that produced it) and judges each route:

- *supported*: the gene's own symbol, or a word FamPlex grounds to this gene or a family of it;
- *suspect*, with the evidence: FamPlex grounds the word to a chemical (``ATP`` -> CHEBI), to
  another gene (``p27`` -> CDKN1B) or to a family the gene is not in (``ERK`` -> MAPK1, MAPK3);
  the word is another gene's approved symbol; HGNC gives the word to other genes and this one
  carries it only as an NCBI synonym; the word is an alias shared by several genes and this gene
  is not its owner; the word is an NCBI-only synonym of several genes;
- *neutral*: an unshared alias, a family expansion.

A keyword is suspect when none of its routes is supported and each is suspect, or neutral and
the keyword itself fails: a non-coding locus reached only through a synonym, or a gene that
shares no WikiPathways pathway with the words around it (the *anchors*: the record's other
words that are not suspect). Without a sidecar the routes are unknown, so only the keywords
themselves are compared: several keywords carrying one alias or previous symbol form a cluster,
and in the current layout the keyword order shows which keywords one word produced (PFOCR lists
them together), so a keyword inside such a run, or right before a family's members, that neither
HGNC nor FamPlex ties to the run nor the figure's pathways support is suspect.

The analysis is computed once per document and kept for the other rules (:func:`analyse`). It is
spread over modules by the kind of evidence:

- this module: what each keyword is, the sidecar routes and their judgement by the word, FamPlex
  and HGNC (aliases, previous symbols, NCBI-only synonyms, groundings, caption definitions),
  another species' rows, and the reporting of verdicts;
- :mod:`.conclusions`: routes the word leaves neutral, judged by the figure's pathways, the locus
  type and whether the figure is about human genes at all;
- :mod:`.keywords_only`: without a sidecar, alias clusters, caption definitions and keyword order;
- :mod:`.definitions`: the abbreviations a title or caption defines;
- :mod:`.features` and :mod:`.weighing`: every piece of evidence as a named number, and the fitted
  model that weighs them into a probability.

These hand-written judgements are evidence, not verdicts. :mod:`.features` turns each keyword's
evidence (the judgements among it) into named numbers, and :mod:`.weighing` turns those into a
probability that the keyword is a wrong match, with weights fitted on the labelled set by
``tools/fit_gene_model.py``. A keyword is reported when that probability reaches the run's
``min_confidence`` (``--min-confidence``), else the model's default threshold, and once, under the
rule of its main cause: its first judgement, else the rule of its strongest evidence
(:func:`features.rule_of`). The message is short (``suspect keyword IFI27 (0.97): from 'p27', ...``);
the evidence adds ``confidence``, ``strongest`` (a feature name) and ``detail`` (the judgement).

Every G diagnostic carries structured evidence besides its message (``Diagnostic.evidence``,
shown in ``--format json`` and read by ``curate report``), so nobody has to parse the wording:

- ``cause``, one of :data:`CAUSES`, what the verdict rests on:

  - ``alias``: an alias the keyword shares with other genes and does not own, a word FamPlex
    grounds to another gene, or an alias PFOCR's OCR correction made of another gene's symbol (G101);
  - ``previous``: a previous symbol: of another gene, which owns the word (G101), or the
    keyword itself is a previous or withdrawn symbol (G104);
  - ``synonym``: an NCBI Gene synonym HGNC does not give the keyword, or one the sidecar maps to
    several genes (G101, G108), also another species' synonym;
  - ``family``: a FamPlex family word the gene is not a member of, or a one-gene or lettered word
    expanded to a whole family (G102);
  - ``word``: the OCR'd word is no gene word: FamPlex grounds it to a chemical (G110), the
    keyword's own symbol is written in lower case like a common word (G107), or the keyword is
    no HGNC symbol at all (G105);
  - ``caption``: the figure's title or caption defines the word as a non-gene (G110) or as
    another kind of product (G112);
  - ``species``: the figure is not about human genes (G111), or the keyword's species is not in
    the organism lists (G106);
  - ``context``: the figure's pathways do not support the keyword (G107);
  - ``locus``: a pseudogene or non-coding locus among the protein keywords (G103);
  - ``sidecar``: the keywords and the sidecar disagree (G109);

- ``token``: the alias, previous symbol, synonym, family word or OCR'd word blamed, exactly as
  the message writes it (without quotes; the first one when the message names several); absent
  when the message blames no word;
- ``meant``: the gene (or FamPlex family) FamPlex or HGNC says the figure most likely meant,
  when the message names one (for another species' synonym: the gene whose symbol it is in
  that species' sidecar rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from curate.linter.diagnostic import Diagnostic, Fix
from curate.linter.edits import fix, remove_item, replace_value
from curate.linter.knowledge import Grounding, Knowledge, SymbolInfo, is_human_style, is_rodent_style, load
from curate.linter.rule import Context
from curate.linter.sentinels import is_sentinel
from curate.rules.genes.analysis import conclusions, features, keywords_only, weighing
from curate.rules.genes.analysis.definitions import definitions, is_enzymatic, key, names_non_gene, product_kinds
from curate.rules.genes.settings import MIN_AMBIGUOUS_GENES, NON_CODING
from curate.rules.schema.layouts import CURRENT, layout_of

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

KEYWORDS = ("schema-jsonld", "keywords")
HUMAN_TAXON = "9606"
TAXA = {"9606": "human", "10090": "mouse", "10116": "rat", "7955": "zebrafish", "7227": "fly"}
SPECIES_NAMES = {
    "human": "Homo sapiens", "mouse": "Mus musculus", "rat": "Rattus norvegicus", "zebrafish": "Danio rerio",
    "fly": "Drosophila melanogaster",
}
# FamPlex groundings that name something other than a gene product. MESH is left out: it holds
# protein classes (``AC`` adenylyl cyclases) as well as diseases.
NON_GENE_NAMESPACES = frozenset({"CHEBI", "HMDB", "PUBCHEM", "GO", "NCIT", "MIRBASE"})
GENE_NAMESPACES = frozenset({"HGNC", "UP", "UPISO", "FPLX"})
SUPPORTED, NEUTRAL, SUSPECT = "supported", "neutral", "suspect"
SYMBOL, SYNONYM, FAMILY = "symbol", "synonym", "family"
_SOURCES = {"ncbigene_symbol": SYMBOL, "ncbigene_synonym": SYNONYM, "famplex_relations": FAMILY}
EDGE_PUNCTUATION = "()[]{},;:*|+.'\"`"
_SPACE = re.compile(r"\s")
_PROTEIN_MASS = re.compile(r"P[0-9]{2,3}")
_WRITTEN = re.compile(r"[^A-Z0-9-]")
CAPTION_WORD = re.compile(r"[A-Z0-9][A-Z0-9-]*")
_NAME_WORDS = re.compile(r"[a-z0-9]+")
TEXT_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")

# Sidecar organism groups whose genes have no human namesakes: words PFOCR matched to their genes
# show the figure is about a bacterium or a plant (G111). Animals are left out: their genes are
# orthologs that human keywords may stand for.
FOREIGN_GROUPS = frozenset({"Bacteria", "Archaea", "Plants and Fungi", "Plants", "Fungi"})


MAX_MESSAGE = 160  # characters of a weighed verdict's message; the details go into its evidence
CAUSES = ("alias", "previous", "synonym", "family", "word", "caption", "species", "context", "locus", "sidecar")


def evidence_of(cause: str, token: str = "", meant: str = "") -> tuple[tuple[str, str], ...]:
    """A G diagnostic's evidence: ``cause`` (one of :data:`CAUSES`), then ``token`` and ``meant`` when given."""
    pairs = [("cause", cause)]
    if token:
        pairs.append(("token", token))
    if meant:
        pairs.append(("meant", meant))
    return tuple(pairs)


class Finding(NamedTuple):
    """One piece of evidence against a keyword: the rule it belongs to, what it says and why
    (``cause``, ``token``, ``meant``: see the module docstring)."""

    code: str
    message: str
    cause: str
    token: str = ""
    meant: str = ""

    @property
    def evidence(self) -> tuple[tuple[str, str], ...]:
        return evidence_of(self.cause, self.token, self.meant)


class Verdict(NamedTuple):
    """A keyword judged a wrong match: the finding the diagnostic reports (its rule is the main
    cause), the probability, and the piece of evidence that weighs most toward the verdict."""

    keyword: Keyword
    finding: Finding
    confidence: float
    strongest: str  # a feature name of :mod:`curate.rules.genes.analysis.features`


@dataclass(slots=True)
class Route:
    """One sidecar row that produced a keyword, and its judgement."""

    word: str  # the OCR'd word as the sidecar spells it
    token: str  # PFOCR's normalised match
    source: str  # SYMBOL, SYNONYM or FAMILY
    status: str = NEUTRAL
    finding: Finding | None = None
    ambiguous: int = 0  # for NCBI-only synonyms: how many genes the word reaches
    context: tuple[int, int] | None = None  # (anchor words sharing a pathway, anchor words annotated)


@dataclass(slots=True)
class Keyword:
    index: int
    text: str
    kind: str  # human, mouse, rat, zebrafish, fly, other, family, non-gene, na
    info: SymbolInfo | None = None  # HGNC's answer for human keywords
    routes: list[Route] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    locus_type: str = ""
    context: tuple[int, int] | None = None  # (anchors sharing a pathway, anchors annotated)
    exact: bool = False  # HGNC approves the keyword as written (case included)

    @property
    def key_path(self) -> tuple:
        return (*KEYWORDS, self.index)

    @property
    def suspect(self) -> bool:
        return bool(self.findings)

    @property
    def supported(self) -> bool:
        return any(route.status == SUPPORTED for route in self.routes)


@dataclass
class Analysis:
    keywords: list[Keyword]
    sidecar: list[dict[str, str]] | None
    species: dict[str, str] = field(default_factory=dict)  # keyword text -> species from the sidecar
    organisms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # keyword text -> sidecar organism names
    coherence: float | None = None  # share of the figure's gene words sharing a pathway with another
    confirmed: set[str] = field(default_factory=set)  # words with a supported route
    foreign: str = ""  # why the figure is not about human genes (G111), empty when it is
    foreign_rows: tuple[str, ...] = ()  # bacteria, archaea, plants or fungi the sidecar matched words to
    word_genes: dict[str, int] = field(default_factory=dict)  # sidecar token -> how many human genes it reaches
    defined: dict[str, list[str]] = field(default_factory=dict)  # the title's and caption's abbreviations
    scores: dict[int, tuple[float, dict[str, float], str]] = field(default_factory=dict)  # index -> (p, evidence, model)
    _by_code: dict[str, dict[int, tuple[Keyword, list[Finding]]]] | None = None
    _human: list[Keyword] | None = None
    _verdicts: dict[tuple[float, bool], list[Verdict]] = field(default_factory=dict)
    absent: list[Keyword] = field(default_factory=list)  # sidecar genes missing from the keywords, judged as keywords

    def human(self) -> list[Keyword]:
        if self._human is None:
            self._human = [keyword for keyword in self.keywords if keyword.kind == "human"]
        return self._human

    def verdicts(self, threshold: float, absent: bool = False) -> list[Verdict]:
        """The keywords (``absent``: the sidecar genes missing from them) whose probability of a
        wrong match reaches ``threshold``, in keyword order, each with the rule of its main cause
        (the first finding, else its strongest evidence)."""
        found = self._verdicts.get((threshold, absent))
        if found is None:
            found = self._verdicts[(threshold, absent)] = [
                _verdict(keyword, *self.scores[keyword.index]) for keyword in (self.absent if absent else self.keywords)
                if keyword.index in self.scores and self.scores[keyword.index][0] >= threshold
            ]
        return found

    def findings(self, code: str) -> list[tuple[Keyword, list[Finding]]]:
        if self._by_code is None:  # one pass for all the rules that report findings
            self._by_code = {}
            for keyword in self.keywords:
                for finding in keyword.findings:
                    mine = self._by_code.setdefault(finding.code, {}).setdefault(keyword.index, (keyword, []))
                    mine[1].append(finding)
        return list(self._by_code.get(code, {}).values())


# ---------------------------------------------------------------------------- reporting
def removal(doc: Document, keyword: Keyword) -> Fix:
    """The unsafe fix every suspect verdict carries: drop the keyword's item."""
    return fix(f"remove suspect keyword {keyword.text}", remove_item(doc, keyword.key_path), unsafe=True)


def threshold(context: Context) -> float:
    """The probability a verdict must reach: the run's ``--min-confidence``, else the model's default."""
    return context.min_confidence if context.min_confidence is not None else weighing.default_threshold()


def suspect_diagnostics(doc: Document, code: str, context: Context) -> Iterable[Diagnostic]:
    """One diagnostic per keyword whose verdict's main cause is ``code``, on the keyword's own line.

    The fix removes the keyword, except for the first suspect keyword of a word whose meant gene
    (FamPlex's or HGNC's one gene for it) is not a keyword yet: that one is replaced by the meant
    gene, so the figure keeps the gene it shows (one CDKN1B for the six ``p27`` carriers).
    """
    analysis = analyse(doc)
    verdicts = analysis.verdicts(threshold(context))
    mine = [verdict for verdict in verdicts if verdict.finding.code == code]
    if mine:
        replaced = _replacements(analysis, verdicts)
        for verdict in mine:
            yield diagnostic(doc, verdict, replaced.get(verdict.keyword.index))


def diagnostic(doc: Document, verdict: Verdict, meant: str | None = None) -> Diagnostic:
    keyword, finding = verdict.keyword, verdict.finding
    if meant:
        repair = fix(f"replace suspect keyword {keyword.text} with {meant}, the gene the figure meant",
                     replace_value(doc, keyword.key_path, meant), unsafe=True)
    else:
        repair = removal(doc, keyword)
    return doc.diagnostic(keyword.key_path, short_message(verdict), fix=repair, evidence=(
        *finding.evidence, ("confidence", f"{verdict.confidence:.3f}"), ("strongest", verdict.strongest),
        ("detail", finding.message)))


def _replacements(analysis: Analysis, verdicts: list[Verdict]) -> dict[int, str]:
    """Keyword index -> the meant gene it is replaced with: the first suspect keyword of each meant
    gene that is an approved symbol and not already a keyword. None in a figure not about human
    genes: there the meant human gene would itself be a wrong match, flagged once it is written."""
    if analysis.foreign:
        return {}
    present = {keyword.text for keyword in analysis.keywords}
    replaced: dict[int, str] = {}
    for verdict in verdicts:
        meant = verdict.finding.meant
        if meant and meant not in present and knowledge().is_approved(meant):
            replaced[verdict.keyword.index] = meant
            present.add(meant)
    return replaced


_CAUSES = {
    "alias": "an alias of other genes", "previous": "another gene's previous symbol",
    "synonym": "an NCBI-only synonym", "family": "a family word not meaning it",
    "word": "a word naming no gene", "caption": "a word the caption defines otherwise",
    "species": "a figure not about human genes", "context": "nothing in the figure's pathways",
    "locus": "a non-coding locus",
}


def short_message(verdict: Verdict) -> str:
    """``suspect keyword IFI27 (0.97): from 'p27', an alias of other genes, meant CDKN1B; strongest evidence: ...``"""
    finding = verdict.finding
    shown = finding.token if len(finding.token) <= 16 else finding.token[:15] + "…"
    token = f"from '{shown}', " if finding.token else ""
    meant = f", meant {listed(finding.meant.split(', '), 3)}" if finding.meant else ""
    message = (f"suspect keyword {verdict.keyword.text} ({verdict.confidence:.2f}): {token}{_CAUSES[finding.cause]}"
               f"{meant}; strongest evidence: {features.PHRASES.get(verdict.strongest, verdict.strongest)}")
    return message if len(message) < MAX_MESSAGE else message[: MAX_MESSAGE - 2] + "…"  # the evidence has it all


def _verdict(keyword: Keyword, probability: float, values: dict[str, float], model: str) -> Verdict:
    strongest = _strongest(values, model)
    finding = keyword.findings[0] if keyword.findings else _weighed_finding(keyword, strongest)
    return Verdict(keyword, finding, probability, strongest)


def _strongest(values: dict[str, float], model: str) -> str:
    return weighing.strongest(values, weighing.model()[model])


def optioned_diagnostic(doc: Document, keyword: Keyword, finding: Finding, context: Context) -> Diagnostic | None:
    """The diagnostic of a rule run with options other than its defaults (its own finding), when
    the keyword's probability of a wrong match reaches the threshold."""
    score = analyse(doc).scores.get(keyword.index)
    if score is None or score[0] < threshold(context):
        return None
    return diagnostic(doc, Verdict(keyword, finding, score[0], _strongest(score[1], score[2])))


def _weighed_finding(keyword: Keyword, strongest: str) -> Finding:
    """The finding of a keyword no hand-written judgement found against: its rule is the one whose
    kind of evidence weighs most (G107 context, G111 species, G103 locus, G110 words, G102
    families, G101 aliases)."""
    code, cause = features.rule_of(strongest)
    token = word_of(keyword.routes[0]) if keyword.routes else ""
    return Finding(code, f"{keyword.text}: the weighed evidence says a wrong match; strongest: "
                   f"{features.PHRASES.get(strongest, strongest)}", cause, token)


# ---------------------------------------------------------------------------- per process
@cache
def knowledge() -> Knowledge:
    return load()


@lru_cache(maxsize=65536)
def lookup(symbol: str) -> SymbolInfo:
    return knowledge().lookup(symbol)


@lru_cache(maxsize=65536)
def ground(text: str) -> Grounding | None:
    return knowledge().ground(text)


@lru_cache(maxsize=65536)
def mask(symbol: str) -> int:
    k = knowledge()
    entrez = k.entrez(symbol)
    return k.pathway_mask(entrez) if entrez else 0


@lru_cache(maxsize=65536)
def locus_type(symbol: str) -> str:
    gene = knowledge().gene(symbol)
    return gene.locus_type if gene else ""


@lru_cache(maxsize=65536)
def rodent_species(symbol: str) -> str | None:
    k = knowledge()
    for species in ("mouse", "rat"):
        if k.rodent_gene(symbol, species) is not None:
            return species
    return None


@lru_cache(maxsize=65536)
def grounding_of(word: str, token: str) -> Grounding | None:
    """FamPlex's grounding of the word as written (``p27``), else of PFOCR's match (``P27``)."""
    for text in _spellings(word, token):
        found = ground(text)
        if found is not None:
            return found
    return None


def _spellings(word: str, token: str) -> list[str]:
    spellings = []
    position = word.upper().find(token)
    if position >= 0:
        spellings.append(word[position : position + len(token)])
    cleaned = word.strip(EDGE_PUNCTUATION)
    if cleaned and cleaned not in spellings:
        spellings.append(cleaned)
    if token not in spellings:
        spellings.append(token)
    if _PROTEIN_MASS.fullmatch(token):
        spellings.append("p" + token[1:])  # FamPlex writes p50, p65, p27; figures often write P50
    return spellings


@lru_cache(maxsize=4096)
def is_non_gene(grounding: Grounding) -> bool:
    namespaces = {item.partition(":")[0] for item in grounding.groundings}
    return bool(namespaces) and namespaces <= NON_GENE_NAMESPACES


def grounded_genes(grounding: Grounding) -> tuple[str, ...] | None:
    """The genes a gene grounding names, or None when it names no gene (chemical, unknown accession)."""
    if grounding.namespace not in GENE_NAMESPACES or not grounding.genes:
        return None
    return grounding.genes


def describe_grounding(grounding: Grounding) -> str:
    if grounding.namespace == "FPLX":
        return f"the family {grounding.identifier} ({listed(grounding.genes, 6)})"
    return listed(grounding.genes, 6)


def members_text(genes: Iterable[str], present: Iterable[str]) -> str:
    """``MAPK1, MAPK3, all among the keywords`` / ``TRA, TRB, TRD, TRG, of which TRA is among the keywords``."""
    genes, present = list(genes), list(present)
    if len(present) == len(genes):
        return f"{listed(genes, 6)}, {'which is' if len(genes) == 1 else 'all'} among the keywords"
    return f"{listed(genes, 6)}, of which {listed(present, 4)} {'is' if len(present) == 1 else 'are'} among the keywords"


def listed(items: Iterable[str], limit: int = 5) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ---------------------------------------------------------------------------- per record
def analyse(doc: Document) -> Analysis:
    """The record's gene analysis, computed once per document and shared by the G rules.

    The sidecar's genes missing from the keywords (a curator's fix may have removed them) are
    judged too, after the keywords and as if they were keywords, but never reported
    (:attr:`Analysis.absent`): so removing a suspect keyword changes no other keyword's verdict, and
    G109 can tell a curated keyword from a lost one (:func:`curated`)."""
    analysis = doc.memo.get("genes")
    if analysis is None:
        items = doc.get(KEYWORDS)
        present = {item for item in items if isinstance(item, str)} if isinstance(items, list) else set()
        symbols = dict.fromkeys(row.get("ncbigene_symbol") or "" for row in doc.sidecar or ())
        missing = [symbol for symbol in symbols if symbol and symbol != "NA" and symbol not in present]
        if isinstance(items, list) and missing:
            analysis = _analyse(doc, [*items, *missing])
            analysis.absent = [keyword for keyword in analysis.keywords if keyword.index >= len(items)]
            analysis.keywords = analysis.keywords[: len(analysis.keywords) - len(analysis.absent)]
            analysis._human = None
        else:
            analysis = _analyse(doc)
        doc.memo["genes"] = analysis
    return analysis


def curated(doc: Document, context: Context) -> tuple[set[str], set[str]]:
    """What a curator's fix of the weighed verdicts leaves behind (G109 must not count it as lost):
    (sidecar genes judged wrong matches, genes that replaced such a match as the gene meant)."""
    analysis = analyse(doc)
    verdicts = [*analysis.verdicts(threshold(context)), *analysis.verdicts(threshold(context), absent=True)]
    return ({verdict.keyword.text for verdict in verdicts},
            {verdict.finding.meant for verdict in verdicts if verdict.finding.meant})


def _analyse(doc: Document, items: object = None) -> Analysis:
    """The analysis of the record's keywords, or of ``items`` read as its keywords."""
    items = doc.get(KEYWORDS) if items is None else items
    sidecar = doc.sidecar
    if not isinstance(items, list):
        return Analysis([], sidecar)
    species: dict[str, str] = {}
    organisms: dict[str, tuple[str, ...]] = {}
    human_rows: dict[str, list[dict[str, str]]] = {}
    other_rows: dict[str, list[dict[str, str]]] = {}  # symbol -> its rows of other species
    foreign: dict[str, None] = {}  # organisms of other kingdoms the sidecar matched words to
    for row in sidecar or ():
        symbol = row.get("ncbigene_symbol") or ""
        taxon = row.get("organism_id") or ""
        organism = row.get("organism_name") or ""
        if organism and organism not in organisms.get(symbol, ()):
            organisms[symbol] = (*organisms.get(symbol, ()), organism)
        if taxon == HUMAN_TAXON:
            human_rows.setdefault(symbol, []).append(row)
            species[symbol] = "human"
        else:
            species.setdefault(symbol, TAXA.get(taxon, "other"))
            other_rows.setdefault(symbol, []).append(row)
            if (row.get("organism_group") or "") in FOREIGN_GROUPS:
                foreign[organism] = None
    modern = _modern(items, species)
    keywords = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            kind, info, locus, exact = _kind_of(item, species.get(item.strip()), modern)
            keywords.append(Keyword(index, item, kind, info, locus_type=locus, exact=exact))
    analysis = Analysis(keywords, sidecar, species, organisms, foreign_rows=tuple(foreign))
    texts = [text for text in (doc.get(("figtitle",)), doc.get(("caption",))) if isinstance(text, str)]
    defined = analysis.defined = definitions(*texts)
    if human_rows:
        _judge_routes(analysis, human_rows, defined, list(foreign))
    if other_rows:
        _judge_other_species(analysis, other_rows)
    # Keywords the sidecar does not explain (no sidecar, an older record) are compared among themselves.
    unexplained = [keyword for keyword in analysis.human() if keyword.text not in human_rows]
    keywords_only.judge_clusters(analysis, unexplained)
    if defined:
        keywords_only.judge_definitions(unexplained, defined, " ".join(texts))
    if sidecar is None and layout_of(doc.data) == CURRENT:
        keywords_only.judge_runs(analysis, doc)
    _weigh(analysis, doc)
    return analysis


def _weigh(analysis: Analysis, doc: Document) -> None:
    """Each judged keyword's probability of a wrong match, from its named evidence and the fitted model."""
    fitted = weighing.model()
    by_index = {keyword.index: keyword for keyword in analysis.keywords}
    for index, values in features.features(analysis, doc).items():
        model = weighing.SIDECAR if by_index[index].routes else weighing.KEYWORDS_ONLY
        analysis.scores[index] = (weighing.probability(values, fitted[model]), values, model)


def _modern(items: list, species: dict[str, str]) -> bool:
    """Whether the keywords were made from this sidecar (current records): most are in it."""
    if not species:
        return False
    strings = [item for item in items if isinstance(item, str)]
    return sum(item in species for item in strings) >= 0.5 * len(strings)


@lru_cache(maxsize=65536)
def _kind_of(text: str, sidecar_species: str | None, modern: bool) -> tuple[str, SymbolInfo | None, str, bool]:
    """(kind, HGNC's answer for a human keyword, locus type, whether HGNC approves it as written) of
    a keyword, given the species the sidecar gives its symbol (None when the sidecar does not list
    it). Cached: a corpus repeats the same gene symbols in record after record."""
    kind, info, locus = _kind_and_locus(text.strip(), sidecar_species, modern)
    return kind, info, locus, info is not None and info.exact


def _kind_and_locus(symbol: str, sidecar_species: str | None, modern: bool) -> tuple[str, SymbolInfo | None, str]:
    """:func:`_kind_of` less the exactness, of the keyword stripped."""
    if is_sentinel(symbol):  # the project's one NA vocabulary; the sample's keywords only use .na.character
        return "na", None, ""
    if sidecar_species is not None:
        if sidecar_species == "human":
            return "human", lookup(symbol), locus_type(symbol)
        return sidecar_species, None, ""
    if not symbol or _SPACE.search(symbol):
        return "non-gene", None, ""
    if is_human_style(symbol):
        info = lookup(symbol)
        if info.status == "unknown":
            if modern and not any(c.isdigit() for c in symbol):
                return "non-gene", None, ""  # a term PFOCR appended (MI, THROMBOSIS)
            grounding = ground(symbol)
            if grounding is not None:  # a chemical (ATP, PGE2) or a FamPlex family name (SERCA)
                return "non-gene" if is_non_gene(grounding) else "family", None, ""
        return "human", info, locus_type(symbol)
    if is_rodent_style(symbol):
        rodent = rodent_species(symbol)
        if rodent:
            return rodent, None, ""
        return "non-gene" if symbol[1:].isalpha() and len(symbol) > 4 else "other", None, ""
    if symbol.islower() and symbol.isalpha() and len(symbol) > 8:
        return "non-gene", None, ""
    return "other", None, ""


# ---------------------------------------------------------------------------- with a sidecar
@dataclass(slots=True)
class Word:
    token: str
    genes: dict[str, str] = field(default_factory=dict)  # symbol -> source
    synonym_genes: set[str] = field(default_factory=set)
    mask: int = 0


def _judge_routes(analysis: Analysis, human_rows: dict[str, list[dict[str, str]]],
                  defined: dict[str, list[str]], foreign: list[str]) -> None:
    words: dict[str, Word] = {}
    for symbol, rows in human_rows.items():
        for row in rows:
            token = row.get("match") or ""
            word = words.get(token)
            if word is None:
                word = words[token] = Word(token)
            source = _SOURCES.get(row.get("source") or "", SYNONYM)
            word.genes.setdefault(symbol, source)
            if source == SYNONYM:
                word.synonym_genes.add(symbol)
    analysis.word_genes = {token: len(word.genes) for token, word in words.items()}
    present = {keyword.text for keyword in analysis.human()}
    human = [keyword for keyword in analysis.human() if keyword.text in human_rows]
    for keyword in human:
        seen = set()
        for row in human_rows[keyword.text]:
            token, source = row.get("match") or "", _SOURCES.get(row.get("source") or "", SYNONYM)
            if (token, source) in seen:
                continue
            seen.add((token, source))
            route = Route(row.get("word") or "", token, source)
            _judge(keyword.text, route, words[route.token], present, defined)
            keyword.routes.append(route)
    coherence = analysis.coherence = conclusions.pathway_context(human, words)
    confirmed = analysis.confirmed = {
        route.token for keyword in human for route in keyword.routes if route.status == SUPPORTED
    }
    for keyword in human:
        conclusions.conclude(keyword, coherence, confirmed)
    analysis.foreign = conclusions.foreign_figure(human, coherence, foreign)
    if analysis.foreign:
        for keyword in human:
            if not keyword.findings:
                conclusions.judge_foreign(keyword, analysis.foreign)


def _judge(symbol: str, route: Route, word: Word, present: set[str], defined: dict[str, list[str]]) -> None:
    """Set ``route.status`` and ``route.finding`` from the word, the caption and HGNC (no context yet)."""
    grounding = grounding_of(route.word, route.token)
    shown, written_word = quoted(route), word_of(route)
    if grounding is not None and is_non_gene(grounding):
        route.status = SUSPECT
        route.finding = Finding(
            "G110", f"{symbol} comes from the word {shown}, which FamPlex grounds to {grounding.groundings[0]}, "
            f"not a gene product; expected a gene word", "word", written_word)
        return
    meanings = (defined.get(key(written_word)) or defined.get(key(route.token))) if defined else None
    if meanings and all(names_non_gene(meaning) for meaning in meanings):
        route.status = SUSPECT
        route.finding = Finding(
            "G110", f"{symbol} comes from the word {shown}, which the caption defines as '{meanings[0]}', "
            f"not a gene product; expected a gene word", "caption", written_word)
        return
    clash = _kind_clash(symbol, meanings, word, route.source) if meanings else None
    if clash is not None:
        meaning, defined_kind, name, own_kind = clash
        route.status = SUSPECT
        route.finding = Finding(
            "G112", f"{symbol} comes from the word {shown}, which the caption defines as '{meaning}' ({defined_kind}), "
            f"but HGNC names {symbol} '{name}' ({own_kind}); expected a gene of the kind the caption names",
            "caption", written_word)
        return
    genes = grounded_genes(grounding) if grounding is not None else None
    if route.source == FAMILY:
        if genes is not None and grounding.namespace != "FPLX" and symbol not in genes:
            route.status = SUSPECT
            route.finding = Finding(
                "G102", f"{symbol} comes only from expanding the word {shown} to a family, but FamPlex grounds "
                f"{shown} to {listed(genes)} alone; expected {listed(genes)}, not a paralog",
                "family", written_word, meant_of(grounding))
            return
        named = _designated(route.word, route.token, word)
        if named is not None and named != symbol:
            route.status = SUSPECT
            route.finding = Finding(
                "G102", f"{symbol} comes only from expanding the word {shown} to a family, but its letter names "
                f"{named} ('{_name(named)}') alone; expected {named}, not a paralog", "family", written_word, named)
        else:
            route.status = NEUTRAL  # a family word is grounded to its family by construction
        return
    if genes is not None and symbol in genes:
        route.status = SUPPORTED
        return
    if route.source == SYMBOL and route.token.upper() == symbol.upper():
        # A symbol written in lower case (``cad``, ``aga``) is spelled as a common word is: the
        # figure's pathways must support it (G107).
        route.status = NEUTRAL if conclusions.lower_case(route) else SUPPORTED
        return
    if genes is not None:
        route.status = SUSPECT
        if grounding.namespace == "FPLX" and present.intersection(genes):
            members = [gene for gene in genes if gene in present]
            route.finding = Finding(
                "G102", f"{symbol} matches the family word {shown} only through an alias; FamPlex's "
                f"{grounding.identifier} is {members_text(genes, members)}", "family", written_word, meant_of(grounding))
        else:
            route.finding = Finding(
                "G101", f"{symbol} carries the word {shown} only as an alias; FamPlex grounds '{grounding.text}' to "
                f"{describe_grounding(grounding)}, which the figure most likely meant",
                "alias", written_word, meant_of(grounding))
        return
    written = _WRITTEN.sub("", route.word.strip(EDGE_PUNCTUATION).upper())
    if written and written != route.token.upper() and knowledge().is_approved(written) and written != symbol:
        route.status = SUSPECT
        route.finding = Finding(
            "G101", f"{symbol} carries {route.token} as an alias, but the word as written, {shown}, is the approved "
            f"symbol of {written}; PFOCR's OCR correction turned it into {route.token}", "alias", route.token, written)
        return
    info = lookup(route.token)
    holders = holders_of(route.token)
    approved = info.gene.symbol if info.gene is not None else None
    if approved is not None and approved != symbol:
        route.status = SUSPECT
        route.finding = Finding(
            "G101", f"{symbol} carries {shown} as a synonym, but {route.token} is the approved symbol of {approved}",
            "synonym", written_word, approved)
        return
    if symbol not in holders:
        if holders:
            route.status = SUSPECT
            route.finding = Finding(
                "G101", f"{symbol} carries {shown} only as an NCBI synonym; HGNC gives {route.token} to "
                f"{listed(holders)}", "synonym", written_word, only_one(holders))
            return
        route.ambiguous = len(word.synonym_genes)
        if route.ambiguous >= MIN_AMBIGUOUS_GENES:
            route.status = SUSPECT
            route.finding = Finding(
                "G108", f"{symbol} is supported only by the NCBI synonym {shown}, which the sidecar maps to "
                f"{route.ambiguous} genes ({listed(sorted(word.synonym_genes))}) and FamPlex does not explain",
                "synonym", written_word)
        else:
            route.status = NEUTRAL
        return
    if len(holders) < 2:
        route.status = NEUTRAL  # the only gene HGNC gives the word to; NCBI-only carriers are judged above
        return
    previous = info.previous_of
    if previous:
        if symbol in previous:
            route.status = NEUTRAL
        else:
            route.status = SUSPECT
            route.finding = Finding(
                "G101", f"{symbol} shares the alias {route.token} (word {shown}) with "
                f"{listed(_others(symbol, holders, word))}; {route.token} is the previous symbol of {listed(previous)}",
                "previous", route.token, only_one(previous))
        return
    # An alias several genes share and no one owns: the context decides (see conclusions.pathway_context).
    route.status = SUSPECT
    route.finding = Finding(
        "G101", f"{symbol} shares the alias {route.token} (word {shown}) with "
        f"{listed(_others(symbol, holders, word))}; HGNC gives it to no gene as its symbol", "alias", route.token)
    route.ambiguous = -1  # marks an unowned cluster the context may still resolve


def _kind_clash(symbol: str, meanings: list[str], word: Word, source: str) -> tuple[str, str, str, str] | None:
    """G112: the caption's long form names another kind of product than HGNC's name of the gene.

    Only an enzyme against a non-enzyme counts (``antidiuretic hormone`` for the alcohol
    dehydrogenases, ``factor H`` for fumarate hydratase): names of one kind vary too much
    (``stem cell factor`` is the KIT ligand). A family word clashes only when none of the
    genes it was expanded to is of the kind the caption names.
    """
    defined = frozenset().union(*(product_kinds(meaning) for meaning in meanings))
    name = _name(symbol)
    own = product_kinds(name)
    if not defined or not own or defined & own or is_enzymatic(defined) == is_enzymatic(own):
        return None
    if source == FAMILY and any(defined & product_kinds(_name(gene)) for gene in word.genes):
        return None
    meaning = next(meaning for meaning in meanings if product_kinds(meaning))
    return meaning, _kind(defined), name, _kind(own)


def _designated(written: str, token: str, word: Word) -> str | None:
    """The one family member a lettered family word names: ``P-selectin`` is SELP ('selectin P'),
    though PFOCR matched ``selectin`` and FamPlex expanded it to SELE, SELL and SELP.

    The letter is one capital joined by a hyphen (``p-PKA`` is phosphorylated PKA, not a letter);
    the member is the only one of the word's genes whose HGNC name holds both the letter and the
    family word as words.
    """
    position = written.upper().find(token)
    if position < 2 or written[position - 1] != "-" or not written[position - 2].isupper():
        return None
    if position > 2 and written[position - 3].isalnum():
        return None
    letter, family = written[position - 2].lower(), token.lower()
    named = [gene for gene in word.genes if {letter, family} <= set(_NAME_WORDS.findall(_name(gene).lower()))]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=65536)
def _name(symbol: str) -> str:
    """HGNC's name of the gene (cached: a family word asks it of every member, record after record)."""
    gene = knowledge().gene(symbol)
    return gene.name if gene is not None else ""


def _kind(kinds: frozenset[str]) -> str:
    return "an enzyme" if is_enzymatic(kinds) else f"a {sorted(kinds)[0]}"


@lru_cache(maxsize=65536)
def holders_of(token: str) -> tuple[str, ...]:
    """The approved genes HGNC gives ``token`` to: as their symbol, a previous symbol or an alias."""
    info = lookup(token)
    return tuple(dict.fromkeys([*([info.gene.symbol] if info.gene else []), *info.previous_of, *info.alias_of]))


def _others(symbol: str, holders: tuple[str, ...], word: Word) -> list[str]:
    """The other genes a word reaches: HGNC's holders of it, then the sidecar's NCBI-synonym carriers."""
    return [gene for gene in dict.fromkeys([*holders, *sorted(word.synonym_genes)]) if gene != symbol]


def word_of(route: Route) -> str:
    """The OCR'd word as the messages show it (its edge punctuation stripped)."""
    return bare_word(route.word)


def bare_word(word: str) -> str:
    """A sidecar word without its edge punctuation (unless that is all it is)."""
    return word.strip(EDGE_PUNCTUATION) or word


def quoted(route: Route) -> str:
    return f"'{word_of(route)}'"


def meant_of(grounding: Grounding) -> str:
    """What a FamPlex grounding says the word means: the family, else its genes."""
    return grounding.identifier if grounding.namespace == "FPLX" else ", ".join(grounding.genes)


def only_one(genes: list[str] | tuple[str, ...]) -> str:
    """The gene HGNC names, when it names only one."""
    return genes[0] if len(genes) == 1 else ""


def unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _judge_other_species(analysis: Analysis, other_rows: dict[str, list[dict[str, str]]]) -> None:
    """Keywords written as human symbols that PFOCR took from another species' rows only (``AGO1``
    and ``AGO2`` from the fly rows of the word ``ago``): readers take them for human genes.

    Only the sidecar knows these species, so a synonym route is judged by the rows alone: it is
    suspect when the same species' row gives the word to another gene as its symbol (G101), or
    when the word is a synonym of several of that species' genes and the symbol of none (G108).
    """
    candidates = [
        keyword for keyword in analysis.keywords
        if keyword.kind not in ("human", "na", "non-gene") and not keyword.findings
        and keyword.text.strip() in other_rows and lookup(keyword.text).exact
    ]
    if not candidates:
        return
    index: dict[tuple[str, str], tuple[set[str], set[str]]] = {}  # (taxon, token) -> (symbol genes, synonym genes)
    for symbol, rows in other_rows.items():
        for row in rows:
            owners, carriers = index.setdefault((row.get("organism_id") or "", row.get("match") or ""), (set(), set()))
            (owners if row.get("source") == "ncbigene_symbol" else carriers).add(symbol)
    for keyword in candidates:
        rows = other_rows[keyword.text.strip()]
        routes = []
        for row in rows:
            if row.get("source") != "ncbigene_synonym":
                break
            token, organism = row.get("match") or "", row.get("organism_name") or "another species"
            owners, carriers = index[(row.get("organism_id") or "", token)]
            route = Route(row.get("word") or "", token, SYNONYM, SUSPECT)
            if owners - {keyword.text}:
                route.finding = Finding(
                    "G101", f"{keyword.text} comes only from the {organism} synonym {quoted(route)}, which is the "
                    f"{organism} symbol of {listed(sorted(owners))}", "synonym", word_of(route), only_one(sorted(owners)))
            elif len(carriers) >= MIN_AMBIGUOUS_GENES and not owners:
                route.ambiguous = len(carriers)
                route.finding = Finding(
                    "G108", f"{keyword.text} comes only from the {organism} synonym {quoted(route)}, which the sidecar "
                    f"maps to {len(carriers)} {organism} genes ({listed(sorted(carriers))})", "synonym", word_of(route))
            else:
                break
            routes.append(route)
        else:
            keyword.routes = routes
            keyword.findings = unique([route.finding for route in routes])


# ---------------------------------------------------------------------------- the figure's text
class Written:
    """The words the figure's title, caption and paper title write, split only when a symbol occurs."""

    def __init__(self, doc: Document) -> None:
        self.text = " ".join(text for name in ("figtitle", "caption", "papertitle")
                             if isinstance(text := doc.get((name,)), str))
        self.words: frozenset[str] | None = None
        self.upper: frozenset[str] | None = None

    def names(self, symbol: str) -> bool:
        if self.words is None:  # split once a symbol occurs; until then a substring test says no
            if symbol not in self.text:
                return False
            self.words = frozenset(TEXT_WORD.findall(self.text))
        return symbol in self.words

    def names_rna(self) -> bool:
        """Whether the texts speak of non-coding RNAs (miRNA, microRNA, lncRNA, ncRNA, miR-21)."""
        lower = self.text.lower()
        return any(word in lower for word in ("mirna", "microrna", "lncrna", "ncrna", "mir-", "non-coding rna"))

    def upper_words(self) -> frozenset[str]:
        """The texts' words in upper case, hyphens dropped (PSD-95 is the alias PSD95)."""
        if self.upper is None:
            # a hyphen never starts a word, so dropping them first drops them from each word
            self.upper = frozenset(TEXT_WORD.findall(self.text.upper().replace("-", "")))
        return self.upper
