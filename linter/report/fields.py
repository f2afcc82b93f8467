"""What the report reads from each record besides its diagnostics, computed in the lint worker.

``report_target`` is the ``per_file`` step of :func:`linter.runner.run`: it lints a record exactly as
``curate lint`` does and, from the same parsed :class:`Document`, adds a few small fields to
``FileResult.extra`` (figid, year, whether a DOI is present, the two organism lists, and the gene
each ``G`` diagnostic is about). Nothing is parsed twice and only plain values cross the process
boundary. What a gene diagnostic blames is read from its evidence (:func:`gene_cause`), never from
its message.
"""

from __future__ import annotations

import re
from typing import Any

from curate.linter.diagnostic import Diagnostic
from curate.linter.document import Document, InputProblem
from curate.linter.sentinels import is_sentinel
from curate.linter.runner import FileResult, Job, Target, check_document, document_for, keyed_sidecar

GENE_FAMILY = "G"
_YEAR = re.compile(r"^\s*(1[89]\d\d|20\d\d)\s*$")


def gene_cause(diagnostic: Diagnostic) -> tuple[str, str] | None:
    """``(cause, token)`` a gene diagnostic's evidence names (token "" when it blames no word), or
    None when it carries no cause (a rule that gives no evidence). The G rules document the
    vocabulary (``rules/genes/analysis/evidence.py``); the report takes it as it comes."""
    evidence = dict(diagnostic.evidence)
    cause = evidence.get("cause")
    return (cause, evidence.get("token", "")) if cause else None


def is_missing(value: Any) -> bool:
    """No usable value: absent, empty, an NA spelling or a float NaN."""
    return value is None or (isinstance(value, str) and not value.strip()) or is_sentinel(value)


def species_list(value: Any) -> list[str] | None:
    """An organism field as a list of species; None when the key is absent (older layout)."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and not is_missing(item)]


def gene_at(doc: Document, key_path: tuple) -> str | None:
    """The gene a diagnostic is about: the keyword (or gene entry's symbol) at its key path."""
    if not key_path:
        return None
    value = doc.get(tuple(key_path))
    if isinstance(value, dict):
        value = value.get("hgnc_symbol") or value.get("symbol") or value.get("word")
    return value.strip() if isinstance(value, str) and value.strip() else None


def record_fields(doc: Document, diagnostics: list[Diagnostic]) -> dict:
    """The report's fields of one record (plain values only: they are pickled between processes)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    year = data.get("year")
    match = _YEAR.match(str(year)) if isinstance(year, (str, int)) and not isinstance(year, bool) else None
    genes = {}
    for index, diagnostic in enumerate(diagnostics):
        if diagnostic.code.startswith(GENE_FAMILY):
            gene = gene_at(doc, diagnostic.key_path)
            if gene is not None:
                genes[index] = gene
    return {
        "figid": doc.figid,
        "loaded": doc.loaded,
        "year": match.group(1) if match else None,
        "doi": doc.loaded and not is_missing(data.get("doi")),
        "organisms": species_list(data.get("organisms")) if "organisms" in data else None,
        "organisms_ner": species_list(data.get("organisms_ner")) if "organisms_ner" in data else None,
        "genes": genes,
    }


def report_target(target: Target, job: Job, raw: bytes | InputProblem, cached: list[Diagnostic] | None) -> FileResult:
    """Lint one record as ``curate lint`` does (or take the cache's answer) and attach :func:`record_fields`."""
    doc = document_for(target, job, raw)
    diagnostics = cached if cached is not None else check_document(doc, job.config, job.context)
    return FileResult(target.display, diagnostics, extra=record_fields(doc, diagnostics),
                      cached=cached is not None, cacheable=keyed_sidecar(doc))
