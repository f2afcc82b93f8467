"""E013 unused-suppression: a `# curate: ignore` that silences nothing, or names no rule.

## What it finds
A code in `# curate: ignore[...]` or `# curate: ignore-file[...]` that silenced no diagnostic in
this run, a bare `# curate: ignore` with nothing to silence on its line, and a code or name that no
rule has (a typo, or a rule that was removed). As ruff's RUF100: a rule that is not enabled silences
nothing, so its code is reported as unused.

## Why it matters
A suppression outlives the problem it was written for: once the value is fixed, the comment stays
and would silently hide the next, different problem of that rule on that line. An unknown code
hides nothing at all, though the reader believes it does.

## Example
```yaml
doi: 10.3390/ijms24054893  # curate: ignore[D003]
```

## Fix
Safe: remove the unused code from the list, or the whole directive when nothing in it is used (and
the comment, when the directive was all it said). The record's data does not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.edits import CommentEdit, fix
from curate.linter.registry import all_rules
from curate.linter.rule import Context, FixAvailability, NoOptions, Rule
from curate.linter.suppress import ALL, SUPPRESSION_EVIDENCE, Directive, directives

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


def check(doc: Document, options: NoOptions, context: Context) -> Iterator[Diagnostic]:
    found = directives(doc)
    if not found:
        return
    known = {rule.code for rule in all_rules()} | {rule.name.upper() for rule in all_rules()}
    scalars = _scalar_spans(doc)
    for directive in found:
        if any(start <= directive.start < end for start, end in scalars):
            continue  # "# curate:" inside a quoted or multi-line value is text, not a comment
        if not directive.codes:
            yield _report(doc, directive, None, f"unused blanket `curate: {directive.kind}`, it silences nothing")
            continue
        for code in directive.codes:
            if code.upper() in known:
                message = f"unused suppression of {code} in `curate: {directive.kind}`, it silences nothing"
            else:
                message = f"unknown rule {code!r} in `curate: {directive.kind}`, expected a rule code or name"
            yield _report(doc, directive, code, message)


def _report(doc: Document, directive: Directive, code: str | None, message: str) -> Diagnostic:
    evidence = ((SUPPRESSION_EVIDENCE, f"{directive.key}:{code.upper() if code else ALL}"),)
    line_start = doc.line_starts[directive.line - 1]
    line_end = doc.text.find("\n", directive.start)
    line_end = len(doc.text) if line_end == -1 else line_end
    line = doc.text[line_start:line_end]
    carriage_return = "\r" if line.endswith("\r") else ""  # a CRLF record keeps its line ends
    line = line.removesuffix("\r")
    kept = [other for other in directive.codes if other != code]
    if kept:
        replacement = f"# curate: {directive.kind}[{', '.join(kept)}]"
        new_line = line[: directive.start - line_start] + replacement + line[directive.end - line_start :]
    else:
        before = line[: directive.start - line_start].rstrip()
        after = line[directive.end - line_start :].strip()
        new_line = before + (f"  # {after}" if after and before else f"# {after}" if after else "")
    start, end = line_start, line_end
    if not new_line.strip():  # a line that held only the directive goes, with its line break
        new_line, end = "", min(line_end + 1, len(doc.text))
    else:
        new_line += carriage_return
    title = f"remove {code}" if code and kept else "remove the directive"
    repair = fix(title, CommentEdit(start, end, new_line))
    return doc.diagnostic_at(directive.start, directive.end, message, fix=repair, evidence=evidence)


def _scalar_spans(doc: Document) -> list[tuple[int, int]]:
    """The character spans of every text value (not of mappings or lists, which hold comments)."""
    return [(location.value.start, location.value.end) for path, location in doc.locations.items()
            if isinstance(doc.get(path), str)]


RULE = Rule(
    code="E013",
    name="unused-suppression",
    summary="a curate: ignore comment that silences nothing or names no rule",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
)
