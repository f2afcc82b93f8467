"""Abbreviations a figure's title and caption define, and whether a definition names a gene.

Captions often spell out their abbreviations (``HBP: hexosamine biosynthetic pathway``,
``lipoteichoic acid (LTA)``, ``PAL (phenylalanine ammonia-lyase)``). When PFOCR matched such an
abbreviation to a gene, the definition is the curator's best witness: a definition that names a
chemical, a process or a disease says the word was not a gene at all. Definitions are found
three ways: list entries ``ABBR: long form`` / ``ABBR, long form`` / ``ABBR = long form``
separated by semicolons, and the two parenthesised forms, checked with the Schwartz-Hearst rule
(the abbreviation's letters appear in order in the long form, the first one starting a word).
"""

from __future__ import annotations

import re
from functools import lru_cache

_GREEK = {"α": "alpha ", "β": "beta ", "γ": "gamma ", "δ": "delta ", "κ": "kappa ", "ε": "epsilon "}
_GREEK_LETTER = re.compile("[αβγδκε]")
# Semicolons and sentence ends, also where OCR or an editor glued two sentences together
# (``pathway.Abbreviations: HBP, ...``). The character class comes first so the engine scans for
# it instead of trying a look-behind at every position (four times faster on captions).
_SEGMENTS = re.compile(r"[;.](?:(?<=;)|(?<=[a-z)]\.)\s*(?=[A-Z]))")
_LIST_ENTRY = re.compile(
    r"^\s*(?:abbreviations?\s*:\s*)?(?P<short>[^\s:;,=()]{1,16})\s*(?::|,|=)\s*(?P<long>[^:;=()]{3,80}?)\s*\.?\s*$",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\(([^()]{1,80})\)")
_INDICATED = re.compile(
    r" (?:is|are) (?:indicated|denoted|shown|labell?ed|marked|written) (?:as|by) "
    r"['‘\"“]?(?P<short>[^\s'’\"”.;,]{1,12})['’\"”]?"
)
_CLAUSE_BREAK = re.compile(r"[.;:,()]")
_STEM = re.compile(r"[A-Za-z]+")
_KEY = re.compile(r"[^A-Z0-9]")
_NAMEY = re.compile(r"[A-Za-z]{3}")
_WORDS = re.compile(r"[a-z0-9]+")

# A long form naming something other than a gene product: chemistry, processes, diseases, cells.
_NON_GENE_WORDS = frozenset("""
acid acids pool species cycle current repair sequencing transition carcinoma cancer syndrome disease
fibroblasts cells cell group groups ion ions atom biosynthetic biosynthesis metabolite metabolites
infarction embolism thrombosis sugar sugars pathway pathways lipid lipids nucleotide nucleotides cofactor drug drugs
arginine asparagine aspartate glutamate glutamine glycine serine threonine alanine leucine isoleucine
valine proline lysine histidine cysteine methionine tyrosine tryptophan phenylalanine ornithine
glucose fructose galactose lactose sucrose ribose arabinose hexosamine glutathione pyruvate lactate
citrate succinate fumarate malate oxaloacetate acetate acetyl ethanol cholesterol sterol sterols
""".split())
_NON_GENE_SUFFIXES = ("mycin", "cillin", "saccharide", "saccharides", "glycan", "phosphate", "phosphates")
_GENE_WORDS = frozenset("""
protein proteins kinase kinases receptor receptors factor factors enzyme enzymes hormone hormones peptide
peptides ligand ligands channel channels transporter transporters antigen antibody subunit complex
""".split())
_SIGNALLING = re.compile(r"signall?ing pathway")
# Kinds of gene product a name can say it is (G112). Enzymes are any ``-ase`` word or ``enzyme``.
_PRODUCT_KINDS = frozenset("""
hormone receptor factor ligand peptide cytokine chemokine interleukin interferon integrin channel transporter
""".split())
_NOT_ENZYMES = frozenset("disease release increase decrease phase base case database lease cease ease purchase".split())
_LETTERS = re.compile(r"[a-z]+")


def definitions(*texts: str) -> dict[str, list[str]]:
    r"""Abbreviation key (upper case, letters and digits) -> the long forms the texts give it.

    >>> definitions("Acetyl groups are indicated as 'AC'; HBP: hexosamine biosynthetic pathway")["AC"]
    ['Acetyl groups']
    """
    found: dict[str, list[str]] = {}
    for text in texts:
        for short, long in _pairs(_spell_greek(text)):
            for key in keys(short, long):
                found.setdefault(key[0], []).append(key[1])
    return found


def _spell_greek(text: str) -> str:
    """``TNFα`` -> ``TNFalpha ``: Greek letters spelled out, as long forms write them."""
    return _GREEK_LETTER.sub(_spelled, text) if _GREEK_LETTER.search(text) else text


def _spelled(match: re.Match) -> str:
    return _GREEK[match.group(0)]


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for segment in _SEGMENTS.split(text):
        entry = _LIST_ENTRY.match(segment)
        if entry and any(c.isupper() or c.isdigit() for c in entry["short"]) and len(entry["long"].split()) <= 10:
            if entry["long"][0].isalpha():
                pairs.append((entry["short"], entry["long"].strip()))
    for match in _INDICATED.finditer(text):
        before = _CLAUSE_BREAK.split(text[max(0, match.start() - 80) : match.start()])[-1].split()
        if any(c.isupper() for c in match["short"]) and 0 < len(before) <= 6:
            pairs.append((match["short"], " ".join(before)))
    for match in _PARENTHESIS.finditer(text):
        inner = match.group(1).strip()
        # the words before the parenthesis, split from the right only as far as needed
        before = text[max(0, match.start() - 300) : match.start()]
        if len(inner) <= 12 and len(inner.split()) <= 2 and any(c.isupper() for c in inner):
            count = min(len(inner) + 5, len(inner) * 2)
            window = " ".join(before.rsplit(None, count)[-count:])
            long = _long_form(inner, window)
            if long and len(long) > len(inner):
                pairs.append((inner, long))
        elif last_words := before.rsplit(None, 1):
            short = last_words[-1].strip("(),;:")
            if 1 < len(short) <= 12 and any(c.isupper() for c in short) and _long_form(short, inner):
                pairs.append((short, inner))
    return pairs


def _long_form(short: str, window: str) -> str | None:
    """Schwartz and Hearst (2003): the shortest end of ``window`` holding the letters of ``short``."""
    letters = [c for c in short.lower() if c.isalnum()]
    text = window.lower()
    if not letters or not letters[0].isalpha():
        return None
    index = len(text) - 1
    for position in range(len(letters) - 1, -1, -1):
        letter = letters[position]
        while index >= 0 and (text[index] != letter or (position == 0 and index > 0 and text[index - 1].isalnum())):
            index -= 1
        if index < 0:
            return None
        index -= 1
    return window[index + 1 :].strip() or None


def keys(short: str, long: str) -> list[tuple[str, str]]:
    """``CPT1/2`` -> CPT1 and CPT2; ``AVP/ADH`` with ``vasopressin/antidiuretic hormone`` pairs them up;
    a plural ``PAMPs`` also stands for ``PAMP``."""
    parts = short.split("/")
    pieces = long.split("/")
    longs = pieces if len(parts) > 1 and len(pieces) == len(parts) and all(_NAMEY.search(p) for p in pieces) else None
    stem = _STEM.match(parts[0])
    result = []
    for index, part in enumerate(parts):
        if index and part.isdigit() and stem:
            part = stem.group(0) + part
        key = _KEY.sub("", part.upper())
        if not key:
            continue
        meaning = (longs[index] if longs and not part.isdigit() else long).strip()
        result.append((key, meaning))
        if key.endswith("S") and len(key) > 3 and part.endswith("s"):
            result.append((key[:-1], meaning))
    return result


def key(text: str) -> str:
    return _KEY.sub("", text.upper())


@lru_cache(maxsize=4096)
def names_non_gene(long: str) -> bool:
    """Whether a long form names a chemical, process, disease or cell rather than a gene product.

    The head word decides (the last word before any ``of``): ``lipoteichoic acid``, ``hexosamine
    biosynthetic pathway``, ``labile iron pool``, ``Fosfomycin``. A long form with a gene-product
    word anywhere (protein, receptor, hormone, an ``-ase`` enzyme) is never taken for a non-gene,
    nor is a signalling pathway (``Wnt signaling pathway`` means the genes of that pathway).
    """
    text = _SIGNALLING.sub("", _spell_greek(long).lower())
    words = _WORDS.findall(text)
    if not words or any(word in _GENE_WORDS or (word.endswith(("ase", "ases")) and len(word) >= 5) for word in words):
        return False
    head_words = _WORDS.findall(text.split(" of ")[0])
    head = head_words[-1] if head_words else words[-1]
    return head in _NON_GENE_WORDS or head.endswith(_NON_GENE_SUFFIXES)


@lru_cache(maxsize=16384)
def product_kinds(name: str) -> frozenset[str]:
    """The kinds of gene product a name says (``antidiuretic hormone`` -> hormone, ``fumarate
    hydratase`` -> hydratase): the words of ``_PRODUCT_KINDS`` and enzyme words, plurals folded.

    >>> sorted(product_kinds("alcohol dehydrogenase 1A (class I), alpha polypeptide"))
    ['dehydrogenase']
    """
    kinds = set()
    for word in _LETTERS.findall(name.lower()):
        if word.endswith("s") and len(word) > 4:
            word = word[:-1]
        if word in _PRODUCT_KINDS or word == "enzyme" or (
                word.endswith("ase") and len(word) >= 5 and word not in _NOT_ENZYMES):
            kinds.add(word)
    return frozenset(kinds)


def is_enzymatic(kinds: frozenset[str]) -> bool:
    return any(kind == "enzyme" or kind.endswith("ase") for kind in kinds)
