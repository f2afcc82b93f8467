"""The named evidence about each human keyword, as numbers a fitted model weighs (:mod:`.weighing`).

:func:`features` turns a record's :class:`~curate.rules.genes.analysis.evidence.Analysis` into one
``{feature name: value}`` map per keyword. Binary evidence is 1.0 when present and left out when
absent; counts and shares are numbers. The kinds of evidence, in the order the maps list them:

- ``rule:*``: which hand-written judgements of the analysis found against the keyword (G101 ...);
- ``route:*``: how the OCR'd word reached it (the sidecar): its own symbol, an HGNC alias, a
  previous symbol, an NCBI-only synonym, a FamPlex family expansion, another species' rows;
- ``word:*``: how many genes the word reaches, a word written in lower case, a short word;
- ``grounding:*``: FamPlex's grounding of the word agrees with the keyword, names other genes,
  or names no gene;
- ``composite:*``: a word packing several names (``ERK1/2``, ``JNK1/2,p38``) and whether one of
  its names, read on its own, is the keyword;
- ``keyword:*``: without a sidecar, how the keyword sits among the others: other keywords sharing
  an HGNC alias with it, a FamPlex family with it, a neighbour tied to it, a run of another
  word's genes around it;
- ``context:*``: the share of the figure's other genes its gene shares a WikiPathways pathway
  with, a gene in no pathway, too few annotated genes to judge, the figure's coherence;
- ``text:*``: the title, caption or paper title writes the symbol, or the word;
- ``species:*``: bacterial or plant sidecar rows, organism lists without a mammal, keywords
  shaped like bacterial genes (``purA``, ``lpxC``), keywords of other species, and in such a
  figure an enzyme whose class the figure shows (a family expanded from the other species' enzyme
  word, or a step its other genes share pathways with);
- ``locus:non-coding``: a pseudogene or other non-coding locus.

Everything here reads the analysis and the snapshot's per-process caches; nothing is fitted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache, reduce
from itertools import chain
from operator import or_
from typing import TYPE_CHECKING

from curate.linter.knowledge import Grounding
from curate.rules.genes.analysis import conclusions, keywords_only
from curate.rules.genes.analysis import evidence as ev
from curate.rules.organisms.names import FIELDS, species

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

# What each feature says, for the diagnostic that names its strongest evidence.
PHRASES = {
    "rule:G101": "an alias that belongs to another gene", "rule:G102": "a family word that does not mean it",
    "rule:G103": "a non-coding locus", "rule:G107": "no support in the figure's pathways",
    "rule:G108": "an ambiguous NCBI synonym", "rule:G110": "a word that names no gene",
    "rule:G111": "a figure not about human genes", "rule:G112": "the caption defines the word as another product",
    "rule:any": "a hand-written judgement",
    "route:own-symbol": "its own symbol", "route:hgnc-alias": "reached through an HGNC alias",
    "route:previous": "reached through a previous symbol", "route:ncbi-only": "reached through an NCBI-only synonym",
    "route:family": "reached through a family word", "route:supported": "a word grounded to it",
    "route:other-species": "reached through another species' rows",
    "word:genes": "a word shared by many genes", "word:lower-case": "a word written in lower case",
    "word:short": "a word of three characters or fewer", "word:short-letters": "a word of four or five letters",
    "grounding:mesh": "FamPlex grounds the word to a MeSH term only",
    "grounding:agrees": "FamPlex grounds the word to it", "grounding:conflicts": "FamPlex grounds the word elsewhere",
    "grounding:non-gene": "FamPlex grounds the word to no gene",
    "composite:word": "a word packing several names", "composite:part-names-keyword": "a name of the word means it",
    "keyword:shares-alias": "an alias shared with other keywords", "keyword:family-present": "its family among the keywords",
    "keyword:tied-neighbour": "tied to a neighbouring keyword", "keyword:beside-run": "beside a run of another word's genes",
    "context:share": "pathways shared with the figure's genes", "context:neighbour-share": "neighbours in the figure's pathways",
    "context:unannotated": "a gene in no WikiPathways pathway", "context:few": "too few annotated genes to compare",
    "context:pathways": "a gene of many pathways", "figure:coherence": "a figure whose genes share pathways",
    "figure:coherence-unknown": "too few annotated genes to judge the figure",
    "figure:non-gene-share": "a figure of chemicals and diseases",
    "text:names-symbol": "the text writes its symbol", "text:names-word": "the text writes the word",
    "text:names-alias": "the text writes one of its aliases",
    "text:names-own-alias": "the text writes an alias of it alone", "text:names-family": "the text names its family",
    "text:defined-as-gene": "the caption defines it as this gene", "text:defined-otherwise": "the caption defines its name as something else",
    "text:defined-non-gene": "the caption defines its name as a non-gene",
    "species:foreign-rows": "bacterial or plant sidecar rows", "species:no-mammal-listed": "organisms list no mammal",
    "species:mostly-other-organisms": "organisms list mostly other species",
    "species:bacterial-shapes": "keywords shaped like bacterial genes", "species:other-keywords": "keywords of other species",
    "species:enzyme": "an enzyme in another species' figure",
    "species:enzyme-class": "an enzyme class in another species' figure",
    "locus:non-coding": "a non-coding locus", "locus:non-coding-named": "a non-coding locus under its own name",
    "keyword:owns-shared-alias": "it is what the alias other keywords share means", "symbol:names": "a gene with many names",
    "symbol:short-alias": "a gene with a short alias", "symbol:distinctive": "a distinctive symbol",
}
# The rule (and cause) of a verdict that no hand-written judgement made, by its strongest evidence.
RULE_OF_KIND = {
    "context": ("G107", "context"), "figure": ("G107", "context"), "species": ("G111", "species"),
    "locus": ("G103", "locus"), "grounding": ("G101", "alias"), "keyword": ("G101", "alias"),
    "route": ("G101", "synonym"), "word": ("G101", "synonym"), "symbol": ("G101", "alias"),
    "composite": ("G101", "alias"), "text": ("G110", "caption"),
}
RULE_OF_FEATURE = {
    "grounding:non-gene": ("G110", "word"), "route:family": ("G102", "family"),
    "keyword:family-present": ("G102", "family"),
}
SPECIES_CUES = ("species:foreign-rows", "species:no-mammal-listed", "species:bacterial-shapes",
                "species:mostly-other-organisms", "species:other-keywords")
_ISOLATED = tuple((cue, cue + "-isolated") for cue in SPECIES_CUES)
_FOREIGN_CUES = frozenset(SPECIES_CUES[:4])  # cues that another species' figure may share an enzyme class with
PHRASES.update({isolated: PHRASES[cue] + ", off-pathway" for cue, isolated in _ISOLATED})
MAMMALS = frozenset({
    "homo sapiens", "mus musculus", "rattus norvegicus", "bos taurus", "sus scrofa", "macaca mulatta",
    "canis lupus familiaris", "oryctolagus cuniculus", "ovis aries", "equus caballus", "pan troglodytes",
})
_BACTERIAL_SHAPE = re.compile(r"[a-z]{3}[A-Z][0-9]?")  # purA, lpxC, murG: E. coli's gene names
_NAME_SEPARATORS = re.compile(r"[/,;]")
_NAME_STEM = re.compile(r"^(.*?)([0-9]+)$")
_WORDS = re.compile(r"[a-z]+")


# Evidence whose direction is known before any fitting: a fitted weight of the other sign is a
# correlation of the labelled set, not evidence, and the feature is left out of that model.
AGAINST = frozenset({  # weighs toward a wrong match
    "route:ncbi-only", "grounding:conflicts", "grounding:non-gene", "text:defined-non-gene", "locus:non-coding",
    "keyword:beside-run", "keyword:shares-alias", "species:foreign-rows", "species:foreign-rows-isolated",
    "species:bacterial-shapes-isolated",
    *(f"rule:G{number}" for number in (101, 102, 103, 107, 108, 110, 111, 112)), "rule:any",
})
FOR = frozenset({  # weighs toward a real gene
    "route:own-symbol", "route:supported", "grounding:agrees", "composite:part-names-keyword", "text:names-symbol",
    "text:names-word", "text:names-alias", "text:names-own-alias", "text:names-family", "text:defined-as-gene", "keyword:owns-shared-alias",
    "context:share", "figure:coherence", "locus:non-coding-named", "symbol:distinctive", "species:enzyme", "species:enzyme-class",
})


# Without a sidecar nothing says which word produced a keyword: one of these must point at a
# wrong match before the model weighs it (pathway context alone calls every unannotated gene). A
# short alias of the gene (symbol:short-alias) is not one: it says what the gene could be matched
# from, not that this record's word was that alias (half the keywords it alone let in were real).
SUSPICION = frozenset({
    "rule:any", "keyword:shares-alias", "keyword:beside-run", "locus:non-coding", "text:defined-otherwise",
    "text:defined-non-gene", "species:foreign-rows", "species:no-mammal-listed", "species:bacterial-shapes",
    "species:mostly-other-organisms",
})


def rule_of(feature: str) -> tuple[str, str]:
    """(rule, cause) of a verdict no hand-written judgement made, from its strongest evidence."""
    return RULE_OF_FEATURE.get(feature) or RULE_OF_KIND.get(feature.partition(":")[0], ("G107", "context"))


def features(analysis: ev.Analysis, doc: Document) -> dict[int, dict[str, float]]:
    """Keyword index -> its named evidence, for every keyword a judgement found against and every
    other human keyword, except those a word supports (their own symbol in capitals, a word FamPlex
    grounds to them): no weighing overrules that without a judgement against the word."""
    judged = [keyword for keyword in analysis.keywords
              if keyword.findings or (keyword.kind == "human" and not keyword.supported)]
    if not judged:
        return {}
    record = _record_features(analysis, doc)
    # the species cues are the record's: which of them each keyword carries is known once per record
    isolated_cues = [(isolated, record[cue]) for cue, isolated in _ISOLATED if cue in record]
    foreign_cue = not record.keys().isdisjoint(_FOREIGN_CUES)
    text = ev.Written(doc)
    human = [keyword for keyword in analysis.human() if keyword.exact]
    masks = {keyword.index: ev.mask(keyword.text) for keyword in human}
    shares: dict[int, float] = {}  # keyword index -> share of the figure's other genes sharing a pathway
    if any(not keyword.routes for keyword in judged):  # without routes, the keywords are the figure's genes
        annotated = [(index, m) for index, m in masks.items() if m]
        partners = _partners([m for _, m in annotated])
        coherence = (sum(1 for count in partners if count > 1) / len(partners)
                     if len(annotated) >= conclusions.MIN_ANCHORS else None)
        if len(annotated) - 1 >= conclusions.MIN_ANCHORS:
            others = len(annotated) - 1
            shares = {index: (count - 1) / others for (index, _), count in zip(annotated, partners)}
        positions = _positions(analysis, human)
    else:  # with them, the sidecar's words are, as the analysis compared them already (anchor words)
        coherence, positions = analysis.coherence, {}
        for keyword in human:
            if keyword.context is not None and keyword.context[1] >= conclusions.MIN_ANCHORS:
                shares[keyword.index] = keyword.context[0] / keyword.context[1]
    result = {}
    for keyword in judged:
        values: dict[str, float] = dict(record)
        human_kind = keyword.kind == "human"
        if keyword.findings:
            for finding in keyword.findings:
                values["rule:" + finding.code] = 1.0
            values["rule:any"] = 1.0
        if keyword.routes:
            _route_features(keyword, analysis, values, text)
        elif keyword.index in positions:
            values.update(positions[keyword.index])
        if human_kind:
            values.update(_symbol_features(keyword.text))
            _definition_features(keyword.text, analysis.defined, values)
        if text.names(keyword.text):
            values["text:names-symbol"] = 1.0
        if keyword.locus_type in ev.NON_CODING:  # a non-coding gene written under its own names is meant
            named = ("route:own-symbol" in values or "route:previous" in values or "text:names-symbol" in values
                     or (keyword.locus_type.startswith("RNA,") and text.names_rna()))
            values["locus:non-coding-named" if named else "locus:non-coding"] = 1.0
        if not (keyword.routes or not SUSPICION.isdisjoint(values)):
            continue
        if human_kind:
            _names_features(keyword.text, text, values)
        own = masks.get(keyword.index)
        if own is None:
            own = ev.mask(keyword.text) if human_kind else 0
        share = shares.get(keyword.index)
        if share is not None:
            values["context:share"] = share
        elif own:
            values["context:few"] = 1.0
        else:
            values["context:unannotated"] = 1.0
        neighbours = [shares[index] for index in (keyword.index - 1, keyword.index + 1) if index in shares]
        if neighbours:
            values["context:neighbour-share"] = sum(neighbours) / len(neighbours)
        if own:
            values["context:pathways"] = math.log2(1 + own.bit_count())
        isolation = 1.0 - (share or 0.0)
        for isolated, cue_value in isolated_cues:  # another species' figure counts against a gene its pathways leave alone
            values[isolated] = cue_value * isolation
        if human_kind and foreign_cue and _enzyme(keyword.text):
            values["species:enzyme"] = 1.0  # an enzyme class is shared across species; a namesake is not
            # a figure of another species outright (foreign sidecar rows, no mammal listed, bacterial gene
            # shapes), not the weak "mostly other organisms" cue that a methods section's organism can raise
            foreign = max(values.get(cue, 0.0) for cue in SPECIES_CUES[:3])
            if foreign and ("keyword:family-present" in values or "route:family" in values
                            or (share or 0.0) >= conclusions.MIN_OWNER_SHARE):
                # another species' enzyme word (eno, PFK, PDH) expanded to the human family of that class, or the
                # human enzyme of a step the figure's other genes share pathways with: the class, not a namesake
                values["species:enzyme-class"] = foreign
        if coherence is not None:
            values["figure:coherence"] = coherence
        else:
            values["figure:coherence-unknown"] = 1.0
        result[keyword.index] = values
    return result


def _partners(masks: list[int]) -> list[int]:
    """For each gene, how many of the genes (itself included) share a pathway with it. Each pathway
    holds the bit set of the genes in it, so a gene's partners are the union over its own pathways:
    a few big-integer ORs per gene, where comparing every pair of a figure's hundreds of genes costs
    more than all the rest."""
    holders: dict[int, int] = {}  # a pathway's number -> bit set of the positions of the genes in it
    for position, mask in enumerate(masks):
        gene = 1 << position
        for pathway in _pathways(mask):
            holders[pathway] = holders.get(pathway, 0) | gene
    return [reduce(or_, map(holders.__getitem__, _pathways(mask)), 0).bit_count() for mask in masks]


@lru_cache(maxsize=65536)
def _pathways(mask: int) -> tuple[int, ...]:
    """The numbers of a gene's pathways, the bits of its mask (small numbers hash faster than the
    single-bit masks themselves; genes recur from record to record)."""
    numbers = []
    while mask:
        low = mask & -mask
        numbers.append(low.bit_length() - 1)
        mask ^= low
    return tuple(numbers)


@lru_cache(maxsize=65536)
def _enzyme(symbol: str) -> bool:
    """Whether HGNC's name of the gene names an enzyme (a class shared across species)."""
    gene = ev.knowledge().gene(symbol)
    return gene is not None and ev.is_enzymatic(ev.product_kinds(gene.name))


def _record_features(analysis: ev.Analysis, doc: Document) -> dict[str, float]:
    """Species cues of the whole record."""
    values = {}
    if analysis.foreign_rows:
        values["species:foreign-rows"] = 1.0
    listed = {entry.name.casefold() for field in FIELDS for entry in species(doc, field)}
    if listed:
        mammals = sum(1 for name in listed if name in MAMMALS)
        if not mammals:
            values["species:no-mammal-listed"] = 1.0
        elif mammals <= len(listed) / 2:  # a methods section names the host among the figure's species
            values["species:mostly-other-organisms"] = 1.0
    keywords = analysis.keywords
    if keywords:
        shaped = sum(1 for keyword in keywords if _BACTERIAL_SHAPE.fullmatch(keyword.text))
        if shaped:
            values["species:bacterial-shapes"] = min(1.0, shaped / 3)
        other = sum(1 for keyword in keywords if keyword.kind in ("mouse", "rat", "zebrafish", "fly"))
        values["species:other-keywords"] = other / len(keywords)
        values["figure:non-gene-share"] = sum(1 for keyword in keywords if keyword.kind == "non-gene") / len(keywords)
    return values


def _route_features(keyword: ev.Keyword, analysis: ev.Analysis, values: dict[str, float], text: ev.Written) -> None:
    genes = []
    for route in keyword.routes:
        how, written, evidence = _route_evidence(route.word, route.token, route.source, keyword.text,
                                                 keyword.kind == "human")
        values[how] = 1.0
        if route.status == ev.SUPPORTED:
            values["route:supported"] = 1.0
        genes.append(analysis.word_genes.get(route.token, 1))
        for name in evidence:
            values[name] = 1.0
        if text.names(written):
            values["text:names-word"] = 1.0
    values["word:genes"] = math.log2(min(genes))


@lru_cache(maxsize=65536)
def _route_evidence(word: str, token: str, source: str, symbol: str, human: bool) -> tuple[str, str, tuple[str, ...]]:
    """What a route says of its keyword whatever the record: how the word reached it (``route:*``),
    the word as written, and the word's own evidence (``word:*``, ``grounding:*``, ``composite:*``)
    in the order the features list them. Cached: the same words reach the same genes record after record."""
    tokens, previous = _hgnc_names(symbol)
    if not human:
        how = "route:other-species"
    elif source == ev.FAMILY:
        how = "route:family"
    elif token.upper() == symbol.upper():
        how = "route:own-symbol"
    elif token in previous:
        how = "route:previous"
    elif token in tokens:
        how = "route:hgnc-alias"
    else:
        how = "route:ncbi-only"
    evidence = []
    written = ev.bare_word(word)
    if any(c.isalpha() for c in written) and written == written.lower():
        evidence.append("word:lower-case")
    if len(token) <= 3:
        evidence.append("word:short")
    elif len(token) <= 5 and token.isalpha():
        evidence.append("word:short-letters")  # four or five letters: an abbreviation as often as a gene
    grounding = ev.grounding_of(word, token)
    if grounding is not None:
        grounded = ev.grounded_genes(grounding)
        if ev.is_non_gene(grounding):
            evidence.append("grounding:non-gene")
        elif grounded is not None and symbol in grounded:
            evidence.append("grounding:agrees")
        elif grounded is not None:
            evidence.append("grounding:conflicts")
        elif _mesh_only(grounding):
            evidence.append("grounding:mesh")  # a MeSH term (a process, a class of chemicals) and nothing of a gene
    parts = composite_parts(written)
    if len(parts) > 1:
        evidence.append("composite:word")
        if any(_names_gene(part, symbol) for part in parts):
            evidence.append("composite:part-names-keyword")
    return how, written, tuple(evidence)


@lru_cache(maxsize=65536)
def _symbol_features(symbol: str) -> dict[str, float]:
    """What HGNC says of the gene itself: how many other names it carries, short ones among them
    (they collide with every abbreviation), and whether its symbol is too specific to be another word."""
    tokens = ev.knowledge().tokens_of(symbol)
    values = {"symbol:names": math.log2(1 + len(tokens))}
    if any(len(token) <= 3 and token.isalpha() for token in tokens):
        values["symbol:short-alias"] = 1.0
    if len(symbol) >= 5 or any(c.isdigit() for c in symbol):
        values["symbol:distinctive"] = 1.0
    return values


def _names_features(symbol: str, text: ev.Written, values: dict[str, float]) -> None:
    """An alias or a family of the gene that the figure's text writes, unless the caption defines
    one of the gene's names as something else (``COX: cyclooxygenase`` for the COX family's
    cytochrome c oxidase subunits): then writing it names that other thing."""
    if values.pop("text:defines-written-otherwise", None):
        return
    aliases, families = _written_names(symbol)
    words = text.upper_words()
    written = words.intersection(aliases)
    if written:  # an alias HGNC gives this gene alone names it; a shared one (p27) may name another
        own = any(ev.holders_of(aliases[alias]) == (symbol,) for alias in written)
        values["text:names-own-alias" if own else "text:names-alias"] = 1.0
    if not words.isdisjoint(families):
        values["text:names-family"] = 1.0


def _definition_features(symbol: str, defined: dict[str, list[str]], values: dict[str, float]) -> None:
    """Abbreviations of the gene (its symbol, aliases, families) that the caption defines as the
    gene's own name or as something else (``AVP: arginine vasopressin`` for IFNAR1's alias AVP)."""
    if not defined or _abbreviation_keys(symbol).isdisjoint(defined):
        return
    for abbreviation, abbreviation_key, family in _abbreviations(symbol):
        meanings = defined.get(abbreviation_key)
        if not meanings:
            continue
        # a family is defined as itself when the definition names what its members' names say
        name = _family_words(family) if family else _name_words(symbol)
        if any(name & _content_words(meaning) for meaning in meanings):
            values["text:defined-as-gene"] = 1.0
        elif all(ev.names_non_gene(meaning) for meaning in meanings):
            values["text:defined-non-gene"] = 1.0
            values["text:defines-written-otherwise"] = 1.0
        elif not family and abbreviation != symbol.upper() and _owners(abbreviation) - {symbol}:
            values["text:defined-otherwise"] = 1.0  # the abbreviation means another gene (AVP, not IFNAR1)
            values["text:defines-written-otherwise"] = 1.0  # so the text writing it is no support
        elif not family:
            values["text:defined-as-gene"] = 1.0  # a gene product under a name HGNC does not use (OCN: osteocalcin)
        else:
            values["text:defined-otherwise"] = 1.0  # a family word the caption spells out as something else (COX)
            values["text:defines-written-otherwise"] = 1.0


@lru_cache(maxsize=65536)
def _abbreviations(symbol: str) -> tuple[tuple[str, str, str], ...]:
    """(abbreviation, its definition key, the family it names or "") for the gene's symbol, aliases,
    previous symbols and families."""
    k = ev.knowledge()
    names = [(name, "") for name in (symbol.upper(), *k.tokens_of(symbol))]
    names += [(family.upper(), family) for family in k.families_of(symbol)]
    return tuple((name, ev.key(name), family) for name, family in names)


@lru_cache(maxsize=65536)
def _abbreviation_keys(symbol: str) -> frozenset[str]:
    """The definition keys of :func:`_abbreviations`: most captions define none of a gene's names,
    and one set test says so."""
    return frozenset(abbreviation_key for _, abbreviation_key, _ in _abbreviations(symbol))


@lru_cache(maxsize=4096)
def _family_words(family: str) -> frozenset[str]:
    """The content words of the names of a FamPlex family's members (BMP: bone, morphogenetic, ...)."""
    return frozenset().union(*(_name_words(member) for member in ev.knowledge().family_members(family)))


@lru_cache(maxsize=65536)
def _written_names(symbol: str) -> tuple[dict[str, str], frozenset[str]]:
    """A gene's aliases (as :meth:`Written.upper_words` spells words, upper case without hyphens,
    to the alias as HGNC lists it) and its families spelled the same way."""
    k = ev.knowledge()
    return ({token.replace("-", ""): token for token in k.tokens_of(symbol)},
            frozenset(family.upper().replace("-", "") for family in k.families_of(symbol)))


@lru_cache(maxsize=65536)
def _name_words(symbol: str) -> frozenset[str]:
    gene = ev.knowledge().gene(symbol)
    return _content_words(gene.name) if gene is not None else frozenset()


@lru_cache(maxsize=16384)
def _content_words(text: str) -> frozenset[str]:
    """Words of four letters or more, lower case, a plural's s dropped (``kinases`` is ``kinase``)."""
    return frozenset(word[:-1] if word.endswith("s") and len(word) > 4 else word
                     for word in _WORDS.findall(text.lower()) if len(word) >= 4)


def _mesh_only(grounding: Grounding) -> bool:
    namespaces = {item.partition(":")[0] for item in grounding.groundings}
    return "MESH" in namespaces and namespaces <= ev.NON_GENE_NAMESPACES | {"MESH"}


@lru_cache(maxsize=65536)
def _hgnc_names(symbol: str) -> tuple[frozenset[str], frozenset[str]]:
    """A gene's HGNC aliases and previous symbols (upper case), and the previous symbols alone."""
    tokens = frozenset(ev.knowledge().tokens_of(symbol))
    return tokens, frozenset(token for token in tokens if symbol in ev.lookup(token).previous_of)


@lru_cache(maxsize=16384)
def composite_parts(word: str) -> tuple[str, ...]:
    """The names a word packs: ``JNK1/2,p38`` -> JNK1, JNK2, p38; ``Smad2/3`` -> Smad2, Smad3."""
    parts: list[str] = []
    stem = ""
    for piece in _NAME_SEPARATORS.split(word):
        piece = piece.strip(ev.EDGE_PUNCTUATION + " ")
        if not piece:
            continue
        if piece.isdigit() and stem:
            piece = stem + piece  # the 2 of ERK1/2 is ERK2
        else:
            found = _NAME_STEM.match(piece)
            stem = found.group(1) if found and found.group(1) else ""
        parts.append(piece)
    return tuple(parts)


@lru_cache(maxsize=65536)
def _names_gene(part: str, symbol: str) -> bool:
    """Whether one name of a composite word, on its own, is the gene: its symbol, or a word FamPlex
    grounds to it or to a family holding it (an alias alone is what makes a word ambiguous)."""
    upper = part.upper()
    if upper == symbol.upper():
        return True
    for spelling in (part, upper, part.lower()):
        grounding = ev.ground(spelling)
        if grounding is not None:
            genes = ev.grounded_genes(grounding)
            return genes is not None and symbol in genes
    return False


@lru_cache(maxsize=65536)
def _owners(token: str) -> frozenset[str]:
    """The genes an alias means: those FamPlex grounds it to, the one whose approved symbol it is, and
    those HGNC names it the previous symbol of."""
    grounding = ev.ground(token) or ev.ground(token.lower()) or ev.ground(token.capitalize())
    genes = ev.grounded_genes(grounding) if grounding is not None else None
    info = ev.lookup(token)
    return frozenset((*(genes or ()), *info.previous_of, *([info.gene.symbol] if info.gene is not None else ())))


def _positions(analysis: ev.Analysis, human: list[ev.Keyword]) -> dict[int, dict[str, float]]:
    """Without a sidecar: how each keyword sits among the others (shared aliases, families, runs)."""
    slots = {keyword.index: keywords_only.explained_by(keyword.text) for keyword in human}
    by_token = Counter(chain.from_iterable(slots.values()))
    shared = {token for token, count in by_token.items() if count > 1}  # most tokens belong to one keyword
    owned = frozenset().union(*(_owners(token) for token in shared if not token.startswith(keywords_only.FAMILY_MARK)))
    result = {}
    empty: frozenset[str] = frozenset()
    for keyword in human:
        values = {}
        own = slots[keyword.index]
        common = own & shared
        if common:
            aliases = [by_token[token] - 1 for token in common if not token.startswith(keywords_only.FAMILY_MARK)]
            if aliases:
                values["keyword:shares-alias"] = math.log2(1 + max(aliases))
            if len(aliases) < len(common):
                values["keyword:family-present"] = 1.0
        if keyword.text in owned:
            values["keyword:owns-shared-alias"] = 1.0
        before, after = slots.get(keyword.index - 1, empty), slots.get(keyword.index + 1, empty)
        if own & (before | after):
            values["keyword:tied-neighbour"] = 1.0
        elif before & after or (after & slots.get(keyword.index + 2, empty)):
            values["keyword:beside-run"] = 1.0
        result[keyword.index] = values
    return result

