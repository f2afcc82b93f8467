"""Shared by the C rules: how PFOCR derives one identifier from another.

``pmcid``, ``filename`` and ``number`` are authoritative (they come from the article);
``figid`` is built from the first two, and ``figid_alias``, ``redirect_from`` and
``schema-jsonld.@id`` are derived from those.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


SITE = "https://pfocr.wikipathways.org/figures/"
_EXTENSION = re.compile(r"\.[A-Za-z]{2,5}$")
_ARTICLE = re.compile(r"(?:^|/)articles/(PMC\d+)(?:/|$)")


def text(doc: Document, *path: str) -> str | None:
    value = doc.get(path)
    return value if isinstance(value, str) and value else None


def stem(filename: str) -> str:
    """The file name without its extension (``pone.0291976.g007.jpg`` -> ``pone.0291976.g007``).

    Only an alphabetic suffix counts as an extension, so ``pone.0291976.g007`` keeps its ``.g007``.
    """
    return _EXTENSION.sub("", PurePosixPath(filename).name)


def expected_figid(doc: Document) -> str | None:
    pmcid, filename = text(doc, "pmcid"), text(doc, "filename")
    return f"{pmcid}__{stem(filename)}" if pmcid and filename else None


def figlink_article(figlink: str) -> str | None:
    """The PMC id a figure link names (``/pmc/articles/PMC123/figure/F1/`` -> ``PMC123``)."""
    match = _ARTICLE.search(figlink)
    return match.group(1) if match else None


def authority_conflict(doc: Document) -> str | None:
    """Why the authoritative fields cannot be trusted to recompute others, or None when they agree."""
    figid, wanted = text(doc, "figid"), expected_figid(doc)
    if figid and wanted and figid != wanted:
        return "figid, pmcid and filename disagree"
    figlink, pmcid = text(doc, "figlink"), text(doc, "pmcid")
    if figlink and pmcid and figlink_article(figlink) not in (None, pmcid):
        return "figlink and pmcid name different articles"
    return None
