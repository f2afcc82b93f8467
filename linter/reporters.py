"""Output formats. Each reporter streams results as they arrive and closes with the run's summary.

File names come from an untrusted tree: they may hold bytes that are not UTF-8 (Python carries
them as lone surrogates) and control characters. Every format writes them so that its output stays
valid: text and XML show such characters as ``\\xNN`` escapes, JSON formats do the same, and
SARIF's URI percent-encodes the file name's bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from curate import __version__
from curate.linter.diagnostic import Applicability, Diagnostic, Severity

if TYPE_CHECKING:  # the engine's modules load the YAML parser; a reporter needs none of it at import
    from curate.linter.rule import Rule
    from curate.linter.runner import FileResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
GITLAB_LEVELS = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
RDJSON_LEVELS = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}
INFORMATION_URI = "https://pfocr.wikipathways.org/"

_LEVEL_NAMES = {level: str(level) for level in Severity}  # str() of an enum costs a call per diagnostic
# C0 and C1 controls, DEL, and the lone surrogates that stand for bytes that are not UTF-8
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\udc80-\udcff]")
# what XML 1.0 cannot hold at all, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with control characters and undecodable bytes shown as ``\\xNN`` escapes."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text)


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text)


def file_uri(path: str) -> str:
    """A relative URI reference for a file name, its bytes percent-encoded (RFC 3986)."""
    return quote(os.fsencode(path).replace(b"\\", b"/"), safe="/:@!$&'()*+,;=~")


@dataclass
class Summary:
    files: int = 0
    files_with_problems: int = 0
    cached: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_code: Counter = field(default_factory=Counter)
    safe_by_code: Counter = field(default_factory=Counter)  # diagnostics `curate fix` fixes
    unsafe_by_code: Counter = field(default_factory=Counter)  # those that need --unsafe-fixes
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
                if diagnostic.fix is not None:
                    safe = diagnostic.fix.applicability is Applicability.SAFE
                    (self.safe_by_code if safe else self.unsafe_by_code)[diagnostic.code] += 1
            self.fixed.update(result.fixed)
            if result.error:
                self.errors.append(f"{printable(result.path)}: {result.error}")
            yield result

    @property
    def total(self) -> int:
        return sum(self.by_code.values())

    @property
    def fixable_safe(self) -> int:
        return sum(self.safe_by_code.values())

    @property
    def fixable_unsafe(self) -> int:
        return sum(self.unsafe_by_code.values())

    def failing(self, threshold: Severity | None) -> int:
        """Diagnostics at or above the severity that fails the run (none under ``--exit-zero``)."""
        if threshold is None:
            return 0
        return sum(count for level, count in self.by_severity.items() if Severity.parse(level) >= threshold)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "files_with_problems": self.files_with_problems,
            "diagnostics": self.total,
            "by_severity": {level: self.by_severity.get(level, 0) for level in ("error", "warning", "info")},
            "by_code": dict(sorted(self.by_code.items())),
            "fixable": self.fixable_safe + self.fixable_unsafe,
            "fixable_safe": self.fixable_safe,
            "fixable_unsafe": self.fixable_unsafe,
            "fixed": dict(sorted(self.fixed.items())),
        }


@dataclass(frozen=True)
class ReportOptions:
    rules: tuple[Rule, ...]
    show_fixes: bool = False
    color: bool = False
    quiet: bool = False  # diagnostics only: no closing summary
    fail_on: Severity | None = Severity.ERROR  # the severity that fails the run; None under --exit-zero


Reporter = Callable[[Iterable["FileResult"], Summary, TextIO, ReportOptions], None]


def concise_line(d: Diagnostic) -> str:
    return f"{printable(d.path)}:{d.line}:{d.column}: {d.code} [{_LEVEL_NAMES[d.severity]}] {printable(d.message)}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def fixable_line(summary: Summary) -> str:
    """How many problems ``curate fix`` fixes, and how many more ``--unsafe-fixes`` would."""
    safe, unsafe = summary.fixable_safe, summary.fixable_unsafe
    if not safe and not unsafe:
        return ""
    if not safe:
        return f"[*] {unsafe} fixable with `curate fix --unsafe-fixes`."
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
    return f"[*] {safe} fixable with `curate fix`{more}."


def closing_line(summary: Summary) -> str:
    if not summary.total:
        return f"All checks passed ({summary.files} file{'s' if summary.files != 1 else ''})."
    counts = ", ".join(f"{summary.by_severity[level]} {level}" for level in ("error", "warning", "info")
                       if summary.by_severity[level])
    line = f"Found {summary.total} problem{'s' if summary.total != 1 else ''} ({counts}) in " \
           f"{summary.files_with_problems} of {summary.files} files."
    fixable = fixable_line(summary)
    return f"{line}\n{fixable}" if fixable else line


def _close(summary: Summary, out: TextIO, options: ReportOptions) -> None:
    if not options.quiet:
        out.write(closing_line(summary) + "\n")


def _fix_note(d: Diagnostic) -> str:
    return f" [fix ({d.fix.applicability}): {d.fix.title}]" if d.fix else ""


def report_concise(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    show_fixes = options.show_fixes
    for result in results:
        for diagnostic in result.diagnostics:
            out.write(concise_line(diagnostic) + (_fix_note(diagnostic) if show_fixes else "") + "\n")
    _close(summary, out, options)


def report_full(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    color = options.color
    colors = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
    for result in results:
        lines: list[str] | None = None
        for d in result.diagnostics:
            if lines is None:
                lines = _source_lines(result)
            marker = " [*]" if d.fix else ""
            out.write(
                f"{_paint(f'{printable(d.path)}:{d.line}:{d.column}', '1', color)}: "
                f"{_paint(d.code, colors[d.severity], color)} [{d.severity}] {printable(d.message)}{marker}\n"
            )
            if 0 < d.line <= len(lines):
                source = lines[d.line - 1]
                width = max(1, (d.end_column - d.column) if d.end_line == d.line else len(source) - d.column + 1)
                out.write(f"  {d.line:>5} | {printable(source)}\n")
                out.write(f"        | {' ' * (d.column - 1)}{_paint('^' * width, colors[d.severity], color)}\n")
            if options.show_fixes and d.fix:
                out.write(f"        = fix ({d.fix.applicability}): {d.fix.title}\n")
        if result.diagnostics:
            out.write("\n")
    _close(summary, out, options)


def _source_lines(result: FileResult) -> list[str]:
    """The lines the diagnostics point at: the text linted, read again only through the bounded
    reader (never a named pipe or a device, never past the size limit)."""
    from curate.linter.document import InputProblem, read_record_bytes

    if result.source is not None:
        return result.source.splitlines()
    raw = read_record_bytes(result.path)
    if isinstance(raw, InputProblem):
        return []
    return raw.decode("utf-8-sig", errors="replace").splitlines()


def _evidence_value(key: str, value: str) -> object:
    """Evidence values are strings; a confidence is a probability and is written as a number."""
    if key == "confidence":
        try:
            return float(value)
        except ValueError:
            return value
    return value


def diagnostic_dict(d: Diagnostic) -> dict:
    fix = None
    if d.fix is not None:
        fix = {
            "title": d.fix.title,
            "applicability": str(d.fix.applicability),
            "edits": [{"start": e.start, "end": e.end, "content": e.content} for e in d.fix.edits],
        }
    entry = {
        "path": printable(d.path), "line": d.line, "column": d.column, "end_line": d.end_line,
        "end_column": d.end_column, "code": d.code, "name": d.name, "severity": str(d.severity),
        "message": printable(d.message), "fix": fix,
        "evidence": {key: _evidence_value(key, value) for key, value in d.evidence},
    }
    confidence = entry["evidence"].get("confidence")
    if isinstance(confidence, float):
        entry["confidence"] = confidence
    return entry


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
                f"::{GITHUB_LEVELS[d.severity]} file={_github_escape(printable(d.path), True)},line={d.line},"
                f"col={d.column},endLine={d.end_line},endColumn={d.end_column},"
                f"title={_github_escape(f'{d.code} {d.name}', True)}::{_github_escape(f'{d.code} {printable(d.message)}')}\n"
            )
    _close(summary, out, options)


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
        "informationUri": INFORMATION_URI,
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
                "message": {"text": printable(d.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": file_uri(d.path)},
                    "region": {"startLine": d.line, "startColumn": d.column,
                               "endLine": d.end_line, "endColumn": max(d.end_column, 1)},
                }}],
            }
            if d.code in index:
                entry["ruleIndex"] = index[d.code]
            confidence = diagnostic_dict(d).get("confidence") if d.evidence else None
            if confidence is not None:
                entry["properties"] = {"confidence": confidence}
            out.write(("\n" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
            first = False
    out.write("]" + closing + "\n")


def report_junit(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    """One test case per file. It fails when the file has a diagnostic that fails the run (the same
    threshold as the exit code); diagnostics below it go to the case's ``system-out``."""
    from xml.sax.saxutils import escape, quoteattr  # it imports urllib and http: only JUnit pays for them

    cases = []
    failures = 0
    threshold = options.fail_on
    for result in results:
        name = quoteattr(_xml_text(printable(result.path)))
        failing = [d for d in result.diagnostics if threshold is not None and d.severity >= threshold]
        others = [d for d in result.diagnostics if threshold is None or d.severity < threshold]
        body = []
        if failing:
            failures += 1
            message = f"{len(failing)} problem(s) at or above {threshold}"
            text = "\n".join(concise_line(d) for d in failing)
            body.append(f'    <failure message={quoteattr(message)} type="curate">{escape(_xml_text(text))}</failure>')
        if others:
            text = "\n".join(concise_line(d) for d in others)
            body.append(f"    <system-out>{escape(_xml_text(text))}</system-out>")
        if body:
            cases.append(f'  <testcase classname="curate" name={name} file={name}>\n' + "\n".join(body)
                         + "\n  </testcase>")
        else:
            cases.append(f'  <testcase classname="curate" name={name} file={name}/>')
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuite name="curate" tests="{len(cases)}" failures="{failures}" errors="0">\n')
    out.write("\n".join(cases) + ("\n" if cases else ""))
    out.write("</testsuite>\n")


def _gitlab_fingerprint(d: Diagnostic) -> str:
    """Stable across edits elsewhere in the file: no line number, the key path and message instead."""
    payload = "\0".join((d.path, d.code, repr(d.key_path), d.message))
    return hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest()


def report_gitlab(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    """GitLab Code Quality: a JSON array of issues (``artifacts: reports: codequality``)."""
    out.write("[")
    first = True
    for result in results:
        for d in result.diagnostics:
            issue = {
                "type": "issue",
                "check_name": d.code,
                "description": f"{d.code} {printable(d.message)}",
                "categories": ["Style"],
                "severity": GITLAB_LEVELS[d.severity],
                "fingerprint": _gitlab_fingerprint(d),
                "location": {"path": printable(d.path), "lines": {"begin": d.line, "end": d.end_line}},
            }
            out.write(("\n  " if first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
            first = False
    out.write("\n]\n" if not first else "]\n")


def report_rdjson(results: Iterable[FileResult], summary: Summary, out: TextIO, options: ReportOptions) -> None:
    """reviewdog's Diagnostic Format, as one JSON document (``reviewdog -f=rdjson``)."""
    out.write('{"source": {"name": "curate", "url": "' + INFORMATION_URI + '"}, "diagnostics": [')
    first = True
    for result in results:
        for d in result.diagnostics:
            entry = {
                "message": printable(d.message),
                "location": {"path": printable(d.path), "range": {
                    "start": {"line": d.line, "column": d.column},
                    "end": {"line": d.end_line, "column": max(d.end_column, 1)},
                }},
                "severity": RDJSON_LEVELS[d.severity],
                "code": {"value": d.code},
            }
            out.write(("\n  " if first else ",\n  ") + json.dumps(entry, ensure_ascii=False))
            first = False
    out.write("\n]}\n" if not first else "]}\n")


REPORTERS: dict[str, Reporter] = {
    "concise": report_concise,
    "full": report_full,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
    "gitlab": report_gitlab,
    "rdjson": report_rdjson,
}


def statistics_rows(summary: Summary, rules: tuple[Rule, ...]) -> list[dict]:
    """Counts per rule, most frequent first, with how many ``curate fix`` and ``--unsafe-fixes`` fix."""
    by_code = {rule.code: rule for rule in rules}
    rows = []
    for code, count in sorted(summary.by_code.items(), key=lambda item: (-item[1], item[0])):
        rule = by_code.get(code)
        rows.append({"code": code, "name": rule.name if rule else "", "count": count,
                     "fixable": summary.safe_by_code[code], "unsafe_fixable": summary.unsafe_by_code[code]})
    return rows


def statistics_table(summary: Summary, rules: tuple[Rule, ...]) -> str:
    """``[*]``: `curate fix` fixes some; ``[-]``: only `--unsafe-fixes` does."""
    lines = []
    for row in statistics_rows(summary, rules):
        mark = "[*]" if row["fixable"] else "[-]" if row["unsafe_fixable"] else "   "
        lines.append(f"{row['count']:>7}  {row['code']}  {mark} {row['name']}")
    return "\n".join(lines)
