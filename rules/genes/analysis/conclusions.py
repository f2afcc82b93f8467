"""How a keyword's routes conclude once each is judged: the figure's pathways, the locus type, and
figures that are not about human genes.

A route left *neutral* by the word alone (an unshared alias, a family expansion) is judged against
the figure's other words (:func:`pathway_context`, :func:`out_of_context`, G107); a non-coding locus
reached only through synonyms is suspect (:func:`non_coding`, G103); and in a figure whose words
name a bacterium's or a plant's genes, or are mostly false matches, only family words and
distinctive symbols support a human keyword (:func:`foreign_figure`, :func:`judge_foreign`, G111).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from curate.rules.genes.analysis import evidence as ev
from curate.rules.genes.settings import MAX_SHORT_ALIAS, MIN_ANCHORS, MIN_COHERENCE

MIN_OWNER_SHARE = 0.3  # G101: share of anchor words a gene must share pathways with to own a shared alias
MIN_FALSE_SHARE = 0.5  # G111: above this share of false gene words (and incoherent) a figure is not human


def pathway_context(human: list[ev.Keyword], words: dict[str, ev.Word]) -> float | None:
    """Judge neutral routes and unowned alias clusters against the figure's other words.

    Anchor words are words with a gene not judged suspect; a word's pathways are the union of its
    genes' WikiPathways pathways. A route's context is how many anchor words other than its own
    share a pathway with it: the gene's own pathways for a synonym, the whole word's for a family
    expansion (a family is judged once, as the curator would). Returns the figure's coherence:
    the share of annotated anchor words that share a pathway with another anchor word, or None
    when fewer than ``MIN_ANCHORS`` words are annotated.
    """
    good: dict[str, set[str]] = {}
    for keyword in human:
        for route in keyword.routes:
            if route.status != ev.SUSPECT or route.ambiguous == -1:
                good.setdefault(route.token, set()).add(keyword.text)
    anchors: list[tuple[str, int]] = []
    for token, genes in good.items():
        word_mask = 0
        for gene in genes:
            word_mask |= ev.mask(gene)
        words[token].mask = word_mask
        if word_mask:
            anchors.append((token, word_mask))

    anchor_masks = [word_mask for _, word_mask in anchors]
    anchor_tokens = dict(anchors)
    contexts: dict[tuple[str, int], tuple[int, int]] = {}  # routes of one word share their answer

    def context(own: str, route_mask: int) -> tuple[int, int]:
        found = contexts.get((own, route_mask))
        if found is None:
            sharing = sum(1 for word_mask in anchor_masks if word_mask & route_mask)
            annotated = len(anchor_masks)
            own_mask = anchor_tokens.get(own)
            if own_mask is not None:  # a word is no context for itself
                annotated -= 1
                sharing -= bool(own_mask & route_mask)
            found = contexts[(own, route_mask)] = (sharing, annotated)
        return found

    for keyword in human:
        gene_mask = ev.mask(keyword.text)
        for route in keyword.routes:
            route_mask = words[route.token].mask if route.source == ev.FAMILY else gene_mask
            if route_mask:
                route.context = context(route.token, route_mask)
        if gene_mask:
            keyword.context = max((route.context for route in keyword.routes if route.context), default=None)
    # Unowned alias clusters: candidates with context keep the alias when the others have none.
    clusters: dict[str, list[tuple[ev.Keyword, ev.Route]]] = {}
    for keyword in human:
        for route in keyword.routes:
            if route.ambiguous == -1:
                clusters.setdefault(route.token, []).append((keyword, route))
    for members in clusters.values():
        scored = [(_share(route.context), keyword, route) for keyword, route in members]
        best = max(score for score, _, _ in scored)
        if best < MIN_OWNER_SHARE:
            continue
        owners = [keyword.text for score, keyword, _ in scored if score == best]
        for score, keyword, route in scored:
            if score == best:
                route.status, route.finding = ev.NEUTRAL, None
            else:
                route.finding = route.finding._replace(message=route.finding.message.replace(
                    "HGNC gives it to no gene as its symbol",
                    f"of those, {ev.listed(owners)} {'shares' if len(owners) == 1 else 'share'} pathways with the "
                    f"figure's other genes and {keyword.text} does not"))
    if len(anchors) < MIN_ANCHORS:
        return None
    coherent = sum(1 for token, word_mask in anchors if context(token, word_mask)[0] > 0)
    return coherent / len(anchors)


def _share(context: tuple[int, int] | None) -> float:
    return context[0] / context[1] if context and context[1] else 0.0


@dataclass(frozen=True)
class ContextSettings:
    """What G107 needs before it calls a keyword out of context (its options; these are the defaults)."""

    min_anchors: int = MIN_ANCHORS
    max_short_alias: int = MAX_SHORT_ALIAS
    min_coherence: float = MIN_COHERENCE


DEFAULT_CONTEXT = ContextSettings()


def conclude(keyword: ev.Keyword, coherence: float | None, confirmed: set[str]) -> None:
    statuses = [route.status for route in keyword.routes]
    if not statuses or ev.SUPPORTED in statuses:
        return
    findings = [route.finding for route in keyword.routes if route.finding is not None]
    locus = non_coding(keyword, ev.NON_CODING)
    if locus is not None:
        findings.append(locus)
    if ev.NEUTRAL in statuses:
        context = out_of_context(keyword, coherence, confirmed, DEFAULT_CONTEXT)
        if context is None and locus is None:
            return
        if context is not None:
            findings.append(context)
    keyword.findings = ev.unique(findings)


def foreign_figure(human: list[ev.Keyword], coherence: float | None, foreign: list[str]) -> str:
    """Why the figure is not about human genes, or "" when nothing says so (G111).

    Either the sidecar matched the figure's words to genes of a bacterium or a plant, or most of
    the figure's human gene words (more than ``MIN_ANCHORS`` of them) are already false matches;
    in both cases the words must not share pathways either (a coherent human figure mentioning
    bacteria is about the host).
    """
    if coherence is not None and coherence >= MIN_COHERENCE:
        return ""
    if foreign:
        return f"the sidecar matches its words to genes of {ev.listed(foreign, 3)}"
    produced: dict[str, bool] = {}
    for keyword in human:
        for route in keyword.routes:
            produced[route.token] = produced.get(route.token, True) and bool(keyword.findings)
    false = sum(produced.values())
    if len(produced) > MIN_ANCHORS and false > MIN_FALSE_SHARE * len(produced):
        return f"{false} of its {len(produced)} human gene words are false matches"
    return ""


def judge_foreign(keyword: ev.Keyword, reason: str) -> None:
    """G111: in a figure not about human genes, only a word naming a family conserved beyond
    animals (FamPlex families written as such: GST, SOD, MAPK) or a distinctive human symbol
    written as HGNC writes it (ERCC5, FANCC: digits or five letters) supports a human keyword."""
    if not keyword.routes or any(
            _family_word(route, keyword.text) or _distinctive_symbol(route, keyword.text) for route in keyword.routes):
        return
    keyword.findings.append(ev.Finding(
        "G111", f"{keyword.text} is reached only through {_route_words(keyword.routes)} in a figure that is not "
        f"about human genes ({reason}); expected a word naming a gene family shared with humans",
        "species", ev.word_of(keyword.routes[0])))


def _distinctive_symbol(route: ev.Route, symbol: str) -> bool:
    """The gene's own symbol written exactly (case included) and too specific to be another word:
    it holds a digit or has five characters or more (ERCC5, FANCC; not CAD, STAR, PurA, Ten1)."""
    return (route.source == ev.SYMBOL and _written(route) == symbol
            and (len(symbol) >= 5 or any(c.isdigit() for c in symbol)))


def _written(route: ev.Route) -> str:
    """The part of the word as written that PFOCR matched (``CreB`` in ``CreB;``)."""
    position = route.word.upper().find(route.token)
    return route.word[position : position + len(route.token)] if position >= 0 else route.word.strip(ev.EDGE_PUNCTUATION)


def _family_word(route: ev.Route, symbol: str) -> bool:
    """A FamPlex family word as written: grounded to a family holding the gene, or expanded by
    PFOCR and written in capitals as family names are (``CreB``, ``Med`` are another species' genes)."""
    written = _written(route)
    grounding = ev.ground(written)
    if grounding is not None and grounding.namespace == "FPLX" and symbol in grounding.genes:
        return True
    return route.source == ev.FAMILY and written == written.upper()


def non_coding(keyword: ev.Keyword, locus_types: Iterable[str]) -> ev.Finding | None:
    """G103: a non-coding locus reached only through synonyms that are not its own former symbols."""
    if keyword.locus_type not in locus_types or not keyword.routes or keyword.supported:
        return None
    if all(route.source == ev.SYNONYM and keyword.text not in ev.lookup(route.token).previous_of for route in keyword.routes):
        return ev.Finding(
            "G103", f"{keyword.text} (locus type: {keyword.locus_type}) is reached only through "
            f"{_route_words(keyword.routes)}; expected a protein-coding gene", "locus", ev.word_of(keyword.routes[0]))
    return None


def out_of_context(keyword: ev.Keyword, coherence: float | None, confirmed: set[str],
                   settings: ContextSettings) -> ev.Finding | None:
    """G107: every route left neutral is unsupported by the figure's pathways."""
    if not keyword.routes or keyword.supported:
        return None
    neutral = [route for route in keyword.routes if route.status == ev.NEUTRAL]
    if not neutral:
        return None
    if all(route.source == ev.SYMBOL and _unshared(route) for route in neutral):
        return ev.Finding(
            "G107", f"{keyword.text} is reached only through {_words(neutral)}, its symbol written in lower case like "
            f"a common word, and shares no WikiPathways pathway with the figure's other gene words; expected a "
            f"symbol in capitals or a gene of the figure's pathways", "word", ev.word_of(neutral[0]))
    if all(_isolated(route, settings) for route in neutral):
        return ev.Finding(
            "G107", f"{keyword.text} is reached only through {_route_words(neutral)} and shares no WikiPathways "
            f"pathway with the figure's other gene words", "context", ev.word_of(neutral[0]))
    if all(_unplaced(keyword, route, settings) for route in neutral):
        return ev.Finding(
            "G107", f"{keyword.text} is reached only through the short alias {_words(neutral)} and is in no "
            f"WikiPathways pathway, so nothing in the figure supports it; expected a gene of the figure's pathways",
            "context", ev.word_of(neutral[0]))
    if (coherence is not None and coherence < settings.min_coherence
            and not any(route.token in confirmed for route in neutral)):
        return ev.Finding(
            "G107", f"{keyword.text} is reached only through {_route_words(neutral)} in a figure whose gene "
            f"words hardly share pathways ({coherence:.0%} of them do); expected a gene of a human pathway",
            "context", ev.word_of(neutral[0]))
    return None


def lower_case(route: ev.Route) -> bool:
    written = _written(route)
    return any(c.isalpha() for c in written) and written == written.lower()


def _unshared(route: ev.Route) -> bool:
    """A word whose gene is in no pathway, or in none of the figure's other words' pathways."""
    return route.context is None or route.context[0] == 0


def _isolated(route: ev.Route, settings: ContextSettings) -> bool:
    """A synonym whose gene shares no pathway with any of enough annotated anchor words."""
    if route.context is None or route.source == ev.FAMILY:
        return False
    sharing, annotated = route.context
    return annotated >= settings.min_anchors and sharing == 0


def _unplaced(keyword: ev.Keyword, route: ev.Route, settings: ContextSettings) -> bool:
    """A short alias (it collides with every abbreviation of that length) of a gene that
    WikiPathways places in no pathway at all."""
    return (route.source == ev.SYNONYM and len(route.token) <= settings.max_short_alias and route.token.isalpha()
            and not ev.mask(keyword.text))


def _words(routes: list[ev.Route]) -> str:
    return " and ".join(ev.quoted(route) for route in routes)


def _route_words(routes: list[ev.Route]) -> str:
    kinds = {ev.SYNONYM: "the synonym", ev.FAMILY: "the family word", ev.SYMBOL: "the word"}
    return " and ".join(f"{kinds[route.source]} {ev.quoted(route)}" for route in routes)
