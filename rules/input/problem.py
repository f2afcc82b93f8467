"""Shared by the E rules: turn the document's input problems of one kind into diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic
from curate.linter.rule import Check, Context

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def report_problem(kind: str) -> Check:
    def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
        for problem in doc.problems:
            if problem.kind == kind:
                end = problem.end or problem.start
                end_line, end_column = doc.position(end) if problem.end and doc.text else (problem.line, problem.column)
                yield Diagnostic(doc.path, problem.line, problem.column, end_line, end_column, problem.message,
                                 problem.start, end)

    return check
