"""What the G rules' options default to, and the version of the data their verdicts depend on.

Rule modules read this when rules are listed (``curate rules``, ``curate explain``, a config
check), so it imports nothing of the gene analysis: that loads with the first record a G rule
checks (in the rule's ``check``), and a lint answered from the cache never loads it.
"""

from __future__ import annotations

MIN_AMBIGUOUS_GENES = 2  # G108: genes one NCBI-only synonym must reach to count as ambiguous
MIN_ANCHORS = 3  # G107: annotated anchor words needed before context is judged
MIN_COHERENCE = 0.5  # G107: below this share of words sharing pathways a figure is not a human pathway
MAX_SHORT_ALIAS = 3  # G107: aliases this short are judged by pathway membership alone
NON_CODING = (  # G103: HGNC locus types that are not protein-coding genes
    "pseudogene", "T cell receptor pseudogene", "immunoglobulin pseudogene", "endogenous retrovirus",
    "readthrough", "RNA, long non-coding", "RNA, micro", "RNA, misc", "RNA, small nucleolar", "unknown",
)


def data_version() -> str:
    """The knowledge snapshot's version and the fitted weights' digest (part of every G rule's cache key).

    A lint computes it before reading any record, and a run answered from the cache reads no more:
    so it comes from the snapshot's header and the weights file, not from the analysis."""
    from curate.linter import knowledge
    from curate.rules.genes.analysis import weighing

    return f"{knowledge.version()}-{weighing.digest()}"
