"""Fixing is near-linear in the number of edits (issue 13, item 5).

16,000 repeated keywords took 41 s to fix against 1 s to lint: every edit was checked against
every edit already taken, and applied by copying the whole text. The bound below compares fixing
with linting the same record in the same process, so it holds on a slow or busy machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from curate.linter.config import resolve
from curate.linter.document import Document
from curate.linter.edits import dump
from curate.linter.fixer import fix_text
from curate.linter.registry import all_rules
from curate.linter.rule import Context
from curate.linter.runner import check_document

BASE = yaml.safe_load((Path(__file__).parent / "rules" / "base.md").read_text().split("---\n")[1])


def test_fixing_thousands_of_repeated_keywords_costs_about_as_much_as_linting_them():
    keywords = BASE["schema-jsonld"]["keywords"]
    data = dict(BASE, **{"schema-jsonld": dict(BASE["schema-jsonld"],
                                               keywords=keywords + [keywords[i % len(keywords)] for i in range(8000)])})
    config = resolve({"select": ["C007"]}, all_rules())
    path = Path("_figures") / f"{data['figid']}.md"
    doc = Document.from_bytes(str(path), f"---\n{dump(data)}---\n".encode(), config.limits, path)

    started = time.perf_counter()
    found = check_document(doc, config, Context())
    lint_seconds = time.perf_counter() - started
    started = time.perf_counter()
    outcome = fix_text(doc, config, Context(), unsafe=False)
    fix_seconds = time.perf_counter() - started

    assert len(found) == 8000
    assert outcome.fixed == {"C007": 8000}
    assert Document.from_bytes(str(path), outcome.text.encode(), fs_path=path).data == BASE
    # a fix lints the record twice (before and after) and re-reads it: a few lints' worth, not thousands
    assert fix_seconds < 6 * lint_seconds + 0.5, (fix_seconds, lint_seconds)
