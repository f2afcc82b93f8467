"""Keywords only: the judgements made when no sidecar names the word behind each keyword.

Without the sidecar nobody knows which OCR'd word produced a keyword, so the keywords are compared
among themselves (:func:`judge_clusters`: several keywords carrying one alias or previous symbol),
against the caption's definitions (:func:`judge_definitions`), and, in the current layout, by
their order (:func:`judge_runs`: PFOCR lists the genes one word produced together).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from curate.linter.knowledge import Grounding, Knowledge
from curate.rules.genes.analysis import conclusions
from curate.rules.genes.analysis import evidence as ev
from curate.rules.genes.analysis.definitions import key, names_non_gene

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def judge_clusters(analysis: ev.Analysis, candidates: list[ev.Keyword]) -> None:
    """Keywords only: an alias or previous symbol carried by several keywords is a cluster.

    Without the sidecar nobody knows which word produced a keyword, so only aliases that no gene
    holds as its symbol count, and related genes (one FamPlex family) sharing an alias are left
    alone. The owner is FamPlex's grounding of the alias, else its one previous holder, else the
    carrier that shares pathways with the other keywords; a cluster of three or more carriers
    with no owner is suspect as a whole.
    """
    human = [keyword for keyword in analysis.human() if keyword.exact]
    candidates = [keyword for keyword in candidates if keyword.exact]
    if len(candidates) < 2:
        return
    present = {keyword.text for keyword in human}
    tokens_of = ev.knowledge().tokens_of
    counts = Counter(chain.from_iterable(tokens_of(keyword.text) for keyword in candidates))
    shared = {token for token, count in counts.items() if count > 1}
    if not shared:
        return
    carriers: dict[str, list[ev.Keyword]] = {}
    for keyword in candidates:
        for token in tokens_of(keyword.text):
            if token in shared:
                carriers.setdefault(token, []).append(keyword)
    k = ev.knowledge()
    for token, members in carriers.items():
        if ev.lookup(token).gene is not None:
            continue
        grounding = ev.ground(token) or ev.ground(token.lower()) or ev.ground(token.capitalize())
        genes = ev.grounded_genes(grounding) if grounding is not None else None
        previous = ev.lookup(token).previous_of
        cause, meant = "alias", ""
        if genes is not None:
            owners = set(genes)
            why = (f"FamPlex grounds {grounding.text} to {ev.describe_grounding(grounding)}, which the figure most "
                   f"likely meant")
            meant = ev.meant_of(grounding)
        elif previous:
            owners = set(previous)
            why = f"{token} is the previous symbol of {ev.listed(previous)}"
            cause, meant = "previous", ev.only_one(previous)
        else:
            owners = _owners_by_context(members, human)
            if owners:
                why = (f"of those, {ev.listed(sorted(owners))} {'shares' if len(owners) == 1 else 'share'} pathways "
                       f"with the other keywords")
            elif len(members) >= 3:
                why = "HGNC gives it to no gene as its symbol"
            else:
                continue
        for keyword in members:
            if keyword.text in owners or _related(keyword.text, owners | {m.text for m in members}, k):
                continue
            others = [other.text for other in members if other is not keyword]
            if grounding is not None and grounding.namespace == "FPLX" and present.intersection(owners):
                members_present = sorted(present.intersection(owners))
                finding = ev.Finding(
                    "G102", f"{keyword.text} matches the family {grounding.identifier} only through its alias "
                    f"{token}; FamPlex's {grounding.identifier} is {ev.members_text(grounding.genes, members_present)}",
                    "family", token, grounding.identifier)
            else:
                finding = ev.Finding("G101", f"{keyword.text} shares the alias {token} with {ev.listed(others)}; {why}",
                                  cause, token, meant)
            keyword.findings.append(finding)
    for keyword in candidates:
        if keyword.findings and keyword.locus_type in ev.NON_CODING:
            keyword.findings.append(ev.Finding(
                "G103", f"{keyword.text} (locus type: {keyword.locus_type}) shares an alias with other keywords; "
                f"expected a protein-coding gene", "locus"))
        keyword.findings = ev.unique(keyword.findings)


def _related(symbol: str, others: set[str], k: Knowledge) -> bool:
    """Whether ``symbol`` shares a FamPlex family with one of ``others`` (paralogs share aliases)."""
    families = set(k.families_of(symbol))
    return any(families.intersection(k.families_of(other)) for other in others if other != symbol)


def _owners_by_context(members: list[ev.Keyword], human: list[ev.Keyword]) -> set[str]:
    cluster = {keyword.text for keyword in members}
    masks = [ev.mask(keyword.text) for keyword in human if keyword.text not in cluster]
    annotated = [m for m in masks if m]
    if len(annotated) < conclusions.MIN_ANCHORS:
        return set()
    shares = {keyword.text: sum(1 for m in annotated if m & ev.mask(keyword.text)) / len(annotated) for keyword in members}
    best = max(shares.values())
    # Without the sidecar every carrier may be in the figure under its own symbol: all those the
    # other keywords support keep the alias, not just the best.
    return {symbol for symbol, share in shares.items() if share >= conclusions.MIN_OWNER_SHARE} if best >= conclusions.MIN_OWNER_SHARE else set()


@lru_cache(maxsize=65536)
def _keyed_tokens(symbol: str) -> tuple[tuple[str, str], ...]:
    """(token, its abbreviation key) for each previous symbol and alias of an approved symbol."""
    return tuple((token, key(token)) for token in ev.knowledge().tokens_of(symbol))


def judge_definitions(candidates: list[ev.Keyword], defined: dict[str, list[str]], text: str) -> None:
    """Keywords only: a gene the caption never names, carrying an alias the caption defines as a non-gene."""
    named: set[str] | None = None  # the caption's words, split only when a definition matters
    for keyword in candidates:
        if not keyword.exact:
            continue
        for token, token_key in _keyed_tokens(keyword.text):
            meanings = defined.get(token_key)
            if not meanings or not all(names_non_gene(meaning) for meaning in meanings):
                continue
            if named is None:
                named = set(ev.CAPTION_WORD.findall(text.upper()))
            if keyword.text.upper() not in named:
                keyword.findings.append(ev.Finding(
                    "G110", f"{keyword.text} carries the alias {token}, which the caption defines as "
                    f"'{meanings[0]}', not a gene product, and the caption never names {keyword.text}; "
                    f"expected a gene word", "caption", token))
            break


FAMILY_MARK = "FPLX:"  # marks a FamPlex family among the tokens that explain a keyword


_PLACES = {"inside": "inside", "before": "right before", "after": "right after"}


@lru_cache(maxsize=65536)
def explained_by(symbol: str) -> frozenset[str]:
    """The words that can have produced a keyword: its own symbol, its HGNC previous symbols and
    aliases (upper case), and its FamPlex families (``FPLX:RAF``)."""
    k = ev.knowledge()
    return frozenset((symbol.upper(), *k.tokens_of(symbol), *(FAMILY_MARK + name for name in k.families_of(symbol))))


def judge_runs(analysis: ev.Analysis, doc: Document) -> None:
    """Keywords only, current layout: the keyword order shows which keywords one word produced.

    PFOCR lists a word's genes together, in the order of its sidecar rows (NCBI synonyms, then
    FamPlex expansions): in the sample's current-layout records, the human keywords of one word
    form one unbroken run for 217 of 218 words. So a keyword that no HGNC token or FamPlex family
    ties to either neighbour, but that sits inside a run of keywords carrying one token, or right
    before a run of one family's members, most likely came from that run's word through an NCBI
    synonym HGNC does not list (TMED7 among the ``P27`` carriers, ZHX2 before ARAF, BRAF). The
    position alone is not proof, so the figure's pathways must not support the keyword either:
    inside a run it shares pathways with fewer than ``MIN_OWNER_SHARE`` of the figure's other
    genes (the share that makes a gene an alias's owner); at a run's edge, where the next word's
    genes start, it shares none. A token run also explains the keyword right after it (a word's
    NCBI synonyms come in any order); a family run only the one before it (synonyms come first).
    A symbol the figure's title, caption or paper title writes is most likely its own word.
    """
    human = [keyword for keyword in analysis.human() if keyword.exact]
    if len(human) < 3:
        return
    slots = {keyword.index: explained_by(keyword.text) for keyword in human}
    pairs = {index: tokens & slots[index + 1] for index, tokens in slots.items() if index + 1 in slots}
    masks = [m for keyword in human if not keyword.findings and (m := ev.mask(keyword.text))]
    texts = {keyword.index: keyword.text for keyword in human}
    written: ev.Written | None = None
    for keyword in human:
        index = keyword.index
        if keyword.findings or pairs.get(index - 1) or pairs.get(index):
            continue  # suspect already, or tied to a neighbour by a shared token or family
        runs = _runs_around(slots, pairs, index)
        if not runs:
            continue
        own = ev.mask(keyword.text)
        annotated = len(masks) - (own != 0)  # the figure's other genes in a pathway (the keyword is among masks)
        if annotated < conclusions.MIN_ANCHORS:
            continue
        sharing = (sum(1 for m in masks if m & own) - 1) if own else 0
        runs = [(token, where) for token, where in runs
                if sharing < (conclusions.MIN_OWNER_SHARE * annotated if where == "inside" else 1)]
        if not runs:
            continue
        written = written or ev.Written(doc)
        if written.names(keyword.text):
            continue
        best = None
        for token, where in runs:
            grounding = _token_grounding(token)
            genes = ev.grounded_genes(grounding) if grounding is not None else None
            if genes is not None and keyword.text in genes:
                continue  # the word's owner sits among the genes that merely carry it
            members = _run(texts, slots, token, index, where)
            rank = (-len(members), token.startswith(FAMILY_MARK), _family_size(token), token)
            if best is None or rank < best[0]:
                best = (rank, token, where, members, grounding)
        if best is None:
            continue
        _, token, where, members, grounding = best
        keyword.findings.append(_run_finding(keyword.text, token, where, members, grounding, sharing, annotated))
        if keyword.locus_type in ev.NON_CODING:
            keyword.findings.append(ev.Finding(
                "G103", f"{keyword.text} (locus type: {keyword.locus_type}) sits {_PLACES[where]} a run of "
                f"keywords another word produced; expected a protein-coding gene", "locus"))


def _runs_around(slots: dict[int, frozenset[str]], pairs: dict[int, frozenset[str]],
                 index: int) -> list[tuple[str, str]]:
    """(token, where) for each run next to position ``index``: inside one, else right before a run
    (any token or family), else right after a run of an HGNC token."""
    empty: frozenset[str] = frozenset()
    inside = slots.get(index - 1, empty) & slots.get(index + 1, empty)
    if inside:
        return [(token, "inside") for token in inside]
    runs = [(token, "before") for token in pairs.get(index + 1, empty)]
    runs += [(token, "after") for token in pairs.get(index - 2, empty) if not token.startswith(FAMILY_MARK)]
    return runs


def _token_grounding(token: str) -> Grounding | None:
    if token.startswith(FAMILY_MARK):
        return None
    return ev.ground(token) or ev.ground(token.lower()) or ev.ground(token.capitalize())


def _family_size(token: str) -> int:
    return len(ev.knowledge().family_members(token[len(FAMILY_MARK):])) if token.startswith(FAMILY_MARK) else 0


def _run(texts: dict[int, str], slots: dict[int, frozenset[str]], token: str, index: int, where: str) -> list[str]:
    """The keywords of the unbroken run carrying ``token`` next to (or around) position ``index``."""
    members = []
    if where in ("inside", "after"):
        position = index - 1
        while token in slots.get(position, ()):
            members.insert(0, texts[position])
            position -= 1
    if where in ("inside", "before"):
        position = index + 1
        while token in slots.get(position, ()):
            members.append(texts[position])
            position += 1
    return members


def _run_finding(symbol: str, token: str, where: str, members: list[str], grounding: Grounding | None,
                 sharing: int, annotated: int) -> ev.Finding:
    place, why = _PLACES[where], "PFOCR lists the genes one word produced together"
    context = ("shares no WikiPathways pathway with the figure's other genes" if not sharing else
               f"shares WikiPathways pathways with only {sharing} of the figure's {annotated} other genes in them")
    if token.startswith(FAMILY_MARK):
        family = token[len(FAMILY_MARK):]
        return ev.Finding(
            "G102", f"{symbol} sits {place} {ev.listed(members)}, members of the FamPlex family {family} ({why}), but "
            f"{symbol} is not a member of {family} and {context}; expected a member of {family} or a gene of the "
            f"figure's pathways", "family", family, family)
    kind = "previous symbol" if all(member in ev.lookup(token).previous_of for member in members) else "alias"
    if grounding is not None and ev.grounded_genes(grounding) is not None:
        expected = (f"FamPlex grounds {grounding.text} to {ev.describe_grounding(grounding)}, which the figure most "
                    f"likely meant")
        meant = ev.meant_of(grounding)
    else:
        expected = f"expected a gene that carries {token} in HGNC or shares the figure's pathways"
        meant = ""
    return ev.Finding(
        "G101", f"{symbol} sits {place} {ev.listed(members)}, which all carry the {kind} {token} ({why}), but HGNC "
        f"does not give {token} to {symbol} and it {context}; {expected}",
        "previous" if kind == "previous symbol" else "alias", token, meant)
