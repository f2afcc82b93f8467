"""The named evidence about each human keyword, as numbers a fitted model weighs (:mod:`.weighing`).

:func:`features` turns a record's :class:`~curate.rules.genes.evidence.Analysis` into one
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
  shaped like bacterial genes (``purA``, ``lpxC``), keywords of other species;
- ``locus:non-coding``: a pseudogene or other non-coding locus.

Everything here reads the analysis and the snapshot's per-process caches; nothing is fitted.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from curate.linter.document import Document
from curate.rules.genes import evidence as ev

MAMMALS = frozenset({
    "homo sapiens", "mus musculus", "rattus norvegicus", "bos taurus", "sus scrofa", "macaca mulatta",
    "canis lupus familiaris", "oryctolagus cuniculus", "ovis aries", "equus caballus", "pan troglodytes",
})
_BACTERIAL_SHAPE = re.compile(r"[a-z]{3}[A-Z][0-9]?")  # purA, lpxC, murG: E. coli's gene names
_NAME_SEPARATORS = re.compile(r"[/,;]")
_NAME_STEM = re.compile(r"^(.*?)([0-9]+)$")


def features(analysis: ev.Analysis, doc: Document) -> dict[int, dict[str, float]]:
    """Keyword index -> its named evidence, for every human keyword and every keyword a judgement found against."""
    judged = [keyword for keyword in analysis.keywords if keyword.kind == "human" or keyword.findings]
    if not judged:
        return {}
    record = _record_features(analysis, doc)
    text = ev.Written(doc)
    human = [keyword for keyword in analysis.human() if keyword.exact]
    masks = {keyword.index: ev.mask(keyword.text) for keyword in human}
    annotated = [m for m in masks.values() if m]
    coherence = sum(1 for m in annotated if sum(1 for other in annotated if other & m) > 1) / len(annotated) \
        if len(annotated) >= ev.MIN_ANCHORS else None
    positions = _positions(analysis, human)
    result = {}
    for keyword in judged:
        values: dict[str, float] = dict(record)
        for finding in keyword.findings:
            values["rule:" + finding.code] = 1.0
        if keyword.routes:
            _route_features(keyword, analysis, values, text)
        elif keyword.index in positions:
            values.update(positions[keyword.index])
        own = masks.get(keyword.index, ev.mask(keyword.text) if keyword.kind == "human" else 0)
        others = len(annotated) - (own != 0)
        if others < ev.MIN_ANCHORS:
            values["context:few"] = 1.0
        elif not own:
            values["context:unannotated"] = 1.0
        else:
            values["context:share"] = (sum(1 for m in annotated if m & own) - 1) / others
        if coherence is not None:
            values["figure:coherence"] = coherence
        if keyword.locus_type in ev.NON_CODING:
            values["locus:non-coding"] = 1.0
        if text.names(keyword.text):
            values["text:names-symbol"] = 1.0
        result[keyword.index] = values
    return result


def _record_features(analysis: ev.Analysis, doc: Document) -> dict[str, float]:
    """Species cues of the whole record."""
    values = {}
    if analysis.foreign_rows:
        values["species:foreign-rows"] = 1.0
    listed = [name.casefold() for field in ("organisms", "organisms_ner") for name in _names(doc.get((field,)))]
    if listed and not any(name in MAMMALS for name in listed):
        values["species:no-mammal-listed"] = 1.0
    keywords = analysis.keywords
    if keywords:
        shaped = sum(1 for keyword in keywords if _BACTERIAL_SHAPE.fullmatch(keyword.text))
        if shaped:
            values["species:bacterial-shapes"] = min(1.0, shaped / 3)
        other = sum(1 for keyword in keywords if keyword.kind in ("mouse", "rat", "zebrafish", "fly", "other"))
        values["species:other-keywords"] = other / len(keywords)
    return values


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _route_features(keyword: ev.Keyword, analysis: ev.Analysis, values: dict[str, float], text: ev.Written) -> None:
    symbol = keyword.text
    tokens = set(ev.knowledge().tokens_of(symbol))
    previous = {token for token in tokens if symbol in ev.lookup(token).previous_of}
    genes = []
    for route in keyword.routes:
        if keyword.kind != "human":
            values["route:other-species"] = 1.0
        elif route.source == ev.FAMILY:
            values["route:family"] = 1.0
        elif route.token.upper() == symbol.upper():
            values["route:own-symbol"] = 1.0
        elif route.token in previous:
            values["route:previous"] = 1.0
        elif route.token in tokens:
            values["route:hgnc-alias"] = 1.0
        else:
            values["route:ncbi-only"] = 1.0
        if route.status == ev.SUPPORTED:
            values["route:supported"] = 1.0
        genes.append(analysis.word_genes.get(route.token, 1))
        written = ev.word_of(route)
        if any(c.isalpha() for c in written) and written == written.lower():
            values["word:lower-case"] = 1.0
        if len(route.token) <= 3:
            values["word:short"] = 1.0
        grounding = ev.grounding_of(route.word, route.token)
        if grounding is not None:
            grounded = ev.grounded_genes(grounding)
            if ev.is_non_gene(grounding):
                values["grounding:non-gene"] = 1.0
            elif grounded is not None and symbol in grounded:
                values["grounding:agrees"] = 1.0
            elif grounded is not None:
                values["grounding:conflicts"] = 1.0
        parts = composite_parts(written)
        if len(parts) > 1:
            values["composite:word"] = 1.0
            if any(_names_gene(part, symbol) for part in parts):
                values["composite:part-names-keyword"] = 1.0
        if text.names(written):
            values["text:names-word"] = 1.0
    values["word:genes"] = math.log2(min(genes))


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
    """Whether one name of a composite word, on its own, is the gene: its symbol, an HGNC alias or
    previous symbol of it, or a word FamPlex grounds to it or to a family holding it."""
    upper = part.upper()
    if upper == symbol.upper() or upper in ev.knowledge().tokens_of(symbol):
        return True
    for spelling in (part, upper, part.lower()):
        grounding = ev.ground(spelling)
        if grounding is not None:
            genes = ev.grounded_genes(grounding)
            return genes is not None and symbol in genes
    return False


def _positions(analysis: ev.Analysis, human: list[ev.Keyword]) -> dict[int, dict[str, float]]:
    """Without a sidecar: how each keyword sits among the others (shared aliases, families, runs)."""
    by_token: dict[str, int] = {}
    slots = {keyword.index: ev.explained_by(keyword.text) for keyword in human}
    for tokens in slots.values():
        for token in tokens:
            by_token[token] = by_token.get(token, 0) + 1
    result = {}
    empty: frozenset[str] = frozenset()
    for keyword in human:
        values = {}
        own = slots[keyword.index]
        sharing = max((by_token[token] - 1 for token in own if not token.startswith(ev.FAMILY_MARK)), default=0)
        if sharing:
            values["keyword:shares-alias"] = math.log2(1 + sharing)
        if any(by_token[token] > 1 for token in own if token.startswith(ev.FAMILY_MARK)):
            values["keyword:family-present"] = 1.0
        before, after = slots.get(keyword.index - 1, empty), slots.get(keyword.index + 1, empty)
        if own & (before | after):
            values["keyword:tied-neighbour"] = 1.0
        elif before & after or (after & slots.get(keyword.index + 2, empty)):
            values["keyword:beside-run"] = 1.0
        result[keyword.index] = values
    return result
