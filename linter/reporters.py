"""Output formats. Each reporter streams results as they arrive and closes with the run's summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from curate import __version__
from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Rule
from curate.linter.runner import FileResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


_LEVEL_NAMES = {level: str(level) for level in Severity}  # str() of an enum costs a call per diagnostic


@dataclass
class Summary:
    files: int = 0
    files_with_problems: int = 0
    cached: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_code: Counter = field(default_factory=Counter)
    fixable: int = 0
    fixed: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def track(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """Pass results through while counting them."""
        for result in results:
            self.files += 1
            self.cached += result.cached
            if result.diagnostics:
                self.files_with_problems += 1
            for diagnostic in result.diagnostics:
                self.by_severity[_LEVEL_NAMES[diagnostic.severity]] += 1
                self.by_code[diagnostic.code] += 1
                self.fixable += diagnostic.fix is not None
            self.fixed.update(result.fixed)
            if result.error:
                self.errors.append(f"{result.path}: {result.error}")
            yield result

    @property
    def total(self) -> int:
        return sum(self.by_code.values())

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "files_with_problems": self.files_with_problems,
            "diagnostics": self.total,
            "by_severity": {level: self.by_severity.get(level, 0) for level in ("error", "warning", "info")},
            "by_code": dict(sorted(self.by_code.items())),
            "fixable": self.fixable,
            "fixed": dict(sorted(self.fixed.items())),
        }


@dataclass(frozen=True)
class ReportOptions:
    rules: tuple[Rule, ...]
    show_fixes: bool = False
    color: bool = False


Reporter = Callable[[Iterable[FileResult], Summary, TextIO, ReportOptions], None]


def concise_line(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _closing_line(summary: Summary) -> str:
    if not summary.total:
        return f"All checks passed ({summary.files} file{'s' if summary.files != 1 else ''})."
    counts = ", ".join(f"{summary.by_severity[level]} {level}" for level in ("error", "warning", "info")
                       if summary.by_severity[level])
    line = f"Found {summary.total} problem{'s' if summary.total != 1 else ''} ({counts}) in " \
           f"{summary.files_with_problems} of {summary.files} files."
    if summary.fixable:
        line += f"\n[*] {summary.fixable} fixable with `curate fix` (some may need --unsafe-fixes)."
    return line


def report_concise(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    for result in results:
        for diagnostic in result.diagnostics:
            out.write(concise_line(diagnostic) + "\n")
    out.write(_closing_line(summary) + "\n")


def report_full(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    color = options.color
    colors = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
    for result in results:
        lines: list[str] | None = None
        for d in result.diagnostics:
            if lines is None:
                lines = _source_lines(result.path)
            marker = " [*]" if d.fix else ""
            out.write(
                f"{_paint(f'{d.path}:{d.line}:{d.column}', '1', color)}: "
                f"{_paint(d.code, colors[d.severity], color)} [{d.severity}] {d.message}{marker}\n"
            )
            if 0 < d.line <= len(lines):
                source = lines[d.line - 1]
                width = max(1, (d.end_column - d.column) if d.end_line == d.line else len(source) - d.column + 1)
                out.write(f"  {d.line:>5} | {source}\n")
                out.write(f"        | {' ' * (d.column - 1)}{_paint('^' * width, colors[d.severity], color)}\n")
            if options.show_fixes and d.fix:
                out.write(f"        = fix ({d.fix.applicability}): {d.fix.title}\n")
        if result.diagnostics:
            out.write("\n")
    out.write(_closing_line(summary) + "\n")


def _source_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def diagnostic_dict(d: Diagnostic) -> dict:
    fix = None
    if d.fix is not None:
        fix = {
            "title": d.fix.title,
            "applicability": str(d.fix.applicability),
            "edits": [{"start": e.start, "end": e.end, "content": e.content} for e in d.fix.edits],
        }
    return {
        "path": d.path, "line": d.line, "column": d.column, "end_line": d.end_line, "end_column": d.end_column,
        "code": d.code, "name": d.name, "severity": str(d.severity), "message": d.message, "fix": fix,
        "evidence": dict(d.evidence),
    }


def report_json(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    out.write('{"version": 1, "diagnostics": [')
    first = True
    for result in results:
        for diagnostic in result.diagnostics:
            out.write(("\n  " if first else ",\n  ") + json.dumps(diagnostic_dict(diagnostic), ensure_ascii=False))
            first = False
    out.write('\n], "summary": ' + json.dumps(summary.as_dict()) + "}\n")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def report_github(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    for result in results:
        for d in result.diagnostics:
            out.write(
                f"::{GITHUB_LEVELS[d.severity]} file={_github_escape(d.path, True)},line={d.line},col={d.column},"
                f"endLine={d.end_line},endColumn={d.end_column},title={_github_escape(f'{d.code} {d.name}', True)}"
                f"::{_github_escape(f'{d.code} {d.message}')}\n"
            )
    out.write(_closing_line(summary) + "\n")


def sarif_rule(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc.strip() or rule.summary, "markdown": rule.doc.strip() or rule.summary},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"fix": str(rule.fix)},
    }


def report_sarif(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    """SARIF 2.1.0, streamed: the results array is written as results arrive, never held whole."""
    index = {rule.code: position for position, rule in enumerate(options.rules)}
    tool = {"driver": {
        "name": "curate",
        "version": __version__,
        "informationUri": "https://pfocr.wikipathways.org/",
        "rules": [sarif_rule(rule) for rule in options.rules],
    }}
    head = json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": tool, "results": []}]},
                      indent=2, ensure_ascii=False)
    opening, closing = head.rsplit('"results": []', 1)
    out.write(opening + '"results": [')
    first = True
    for result in results:
        for d in result.diagnostics:
            entry = {
                "ruleId": d.code,
                "level": SARIF_LEVELS[d.severity],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": quote(d.path.replace("\\", "/"), safe="/:@!$&'()*+,;=~")},
                    "region": {"startLine": d.line, "startColumn": d.column,
                               "endLine": d.end_line, "endColumn": max(d.end_column, 1)},
                }}],
            }
            if d.code in index:
                entry["ruleIndex"] = index[d.code]
            out.write(("\n" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
            first = False
    out.write("]" + closing + "\n")


def report_junit(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    cases = []
    failures = 0
    for result in results:
        if result.diagnostics:
            failures += 1
            body = "\n".join(concise_line(d) for d in result.diagnostics)
            message = f"{len(result.diagnostics)} problem(s)"
            cases.append(
                f'  <testcase classname="curate" name={quoteattr(result.path)} file={quoteattr(result.path)}>\n'
                f'    <failure message={quoteattr(message)} type="curate">{escape(body)}</failure>\n'
                f"  </testcase>"
            )
        else:
            cases.append(f'  <testcase classname="curate" name={quoteattr(result.path)} file={quoteattr(result.path)}/>')
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuite name="curate" tests="{len(cases)}" failures="{failures}" errors="0">\n')
    out.write("\n".join(cases) + ("\n" if cases else ""))
    out.write("</testsuite>\n")


REPORTERS: dict[str, Reporter] = {
    "concise": report_concise,
    "full": report_full,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}


def statistics_table(summary: Summary, rules: tuple[Rule, ...]) -> str:
    by_code = {rule.code: rule for rule in rules}
    rows = []
    for code, count in sorted(summary.by_code.items(), key=lambda item: (-item[1], item[0])):
        rule = by_code.get(code)
        name = rule.name if rule else ""
        fixable = " [*]" if rule and str(rule.fix) != "never" else ""
        rows.append(f"{count:>7}  {code}  {name}{fixable}")
    return "\n".join(rows)
