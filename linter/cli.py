"""The ``curate`` command line: parse arguments, load config, call the engine, hand results to a reporter."""

from __future__ import annotations

import argparse
import functools
import os
import importlib
import pkgutil
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from curate import __version__
from curate.linter.cache import default_cache_dir
from curate.linter.config import Config, ConfigError, load_config
from curate.linter.diagnostic import Severity
from curate.linter.registry import RegistryError, all_rules, find_rule
from curate.linter.reporters import REPORTERS, ReportOptions, Summary, statistics_table
from curate.linter.rule import Context
from curate.linter.runner import FileResult, Target, collect_targets, run

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out; exit 2 with the message."""


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options of every command that runs the rules over paths (lint, fix, report)."""
    parser.add_argument("paths", nargs="*", default=["."], help="record files or folders (default: .)")
    parser.add_argument("--config", type=Path, help="configuration file (default: nearest .curate.toml or pyproject.toml)")
    parser.add_argument("--select", type=_csv, help="rules to run (codes, prefixes or names, comma-separated)")
    parser.add_argument("--ignore", type=_csv, help="rules to skip")
    parser.add_argument("--extend-select", type=_csv, help="rules to run in addition to the configured ones")
    parser.add_argument("--jobs", "-j", type=_jobs, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .curate_cache/")
    parser.add_argument("--online", action="store_true", help="let gene rules ask the HGNC REST service")
    parser.add_argument("--hgnc-url", help="base URL of the HGNC REST service")
    parser.add_argument("--max-file-size", type=int, help="bytes above which a file is not parsed (default 2000000)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print diagnostics only, no summary or progress")


def _add_gate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--changed-since", metavar="REF", help="only records added or changed since a git ref")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(REPORTERS), help="output format (default: full on a terminal)")
    parser.add_argument("--output", "-o", type=Path, help="write the report to a file")
    parser.add_argument("--statistics", action="store_true", help="count diagnostics per rule instead of listing them")
    parser.add_argument("--show-fixes", action="store_true", help="show the fix each diagnostic offers")


def _add_fixing(parser: argparse.ArgumentParser, *, in_lint: bool) -> None:
    if in_lint:
        parser.add_argument("--fix", action="store_true", help="apply fixes (as `curate fix`)")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    parser.add_argument("--dry-run", "--diff", dest="dry_run", action="store_true",
                        help="write nothing; print a diff and exit 1 when a fix would apply")


def _csv(text: str) -> list[str]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("expected rule codes, prefixes or names, got nothing")
    return parts


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (all cores) or a positive number, got {text!r}")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="curate", description="Lint and fix PFOCR figure records.")
    parser.add_argument("--version", action="version", version=f"curate {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    lint = commands.add_parser("lint", help="report problems in records")
    add_run_options(lint)
    _add_gate(lint)
    _add_output(lint)
    _add_fixing(lint, in_lint=True)
    lint.add_argument("--baseline", type=Path, help="report only diagnostics not recorded in this baseline file")
    lint.add_argument("--write-baseline", type=Path, help="record today's diagnostics in a baseline file")
    lint.set_defaults(handler=command_lint)

    fix = commands.add_parser("fix", help="apply fixes to records")
    add_run_options(fix)
    _add_gate(fix)
    _add_output(fix)
    _add_fixing(fix, in_lint=False)
    fix.set_defaults(handler=command_fix, fix=True, baseline=None, write_baseline=None)

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=command_rules)

    explain = commands.add_parser("explain", help="show a rule's documentation and options")
    explain.add_argument("rule", help="a rule code or name")
    explain.set_defaults(handler=command_explain)

    clean = commands.add_parser("clean", help="remove the result cache (.curate_cache/)")
    clean.add_argument("path", nargs="?", default=".", type=Path)
    clean.set_defaults(handler=command_clean)

    import curate.linter.commands as extra

    for info in pkgutil.iter_modules(extra.__path__):
        importlib.import_module(f"curate.linter.commands.{info.name}").register(commands)
    return parser


# ---------------------------------------------------------------- lint and fix
def config_for(args: argparse.Namespace) -> Config:
    first = Path(args.paths[0]) if args.paths else Path.cwd()
    overrides = {
        "select": args.select,
        "ignore": args.ignore,
        "extend-select": args.extend_select,
        "max-file-size": args.max_file_size,
    }
    return load_config(first, args.config, overrides)


def targets_for(args: argparse.Namespace, config: Config) -> list[Target]:
    missing = [path for path in args.paths if not os.path.lexists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    targets = collect_targets(args.paths, config)
    if getattr(args, "changed_since", None):
        from curate.linter.gitscope import changed_records

        keep = changed_records(args.changed_since, args.paths)
        targets = [t for t in targets if Path(os.path.abspath(t.fs_path)) in keep]
    return targets


def context_for(args: argparse.Namespace) -> Context:
    return Context(online=args.online, hgnc_url=args.hgnc_url)


class _Progress:
    """A progress bar on stderr, shown once a run has taken about two seconds, only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.started < 2 or (now - self.drawn < 0.1 and done < total):
            return
        self.drawn = now
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} files")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()


def _open_output(args: argparse.Namespace, stack: ExitStack) -> TextIO:
    if args.output is None:
        return sys.stdout
    args.output.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(open(args.output, "w", encoding="utf-8"))


def _format(args: argparse.Namespace, out: TextIO) -> str:
    if args.format:
        return args.format
    return "full" if out.isatty() else "concise"


def _exit_code(summary: Summary, args: argparse.Namespace) -> int:
    if args.exit_zero:
        return EXIT_OK
    threshold = Severity.parse(args.fail_on)
    failing = sum(count for level, count in summary.by_severity.items() if Severity.parse(level) >= threshold)
    return EXIT_PROBLEMS if failing or summary.errors else EXIT_OK


def command_lint(args: argparse.Namespace) -> int:
    if args.fix or args.dry_run:
        if args.baseline or args.write_baseline:
            raise UsageError("--baseline and --write-baseline work with lint, not with --fix or --dry-run")
        return command_fix(args)
    config = config_for(args)
    targets = targets_for(args, config)
    cache_dir = None if args.no_cache else default_cache_dir(config.root)
    summary = Summary()
    progress = _Progress(sys.stderr.isatty() and not args.quiet)
    results: Iterable[FileResult] = run(targets, config, context_for(args), jobs=args.jobs, cache_dir=cache_dir,
                                        progress=progress)
    if args.baseline or args.write_baseline:
        from curate.linter.baseline import apply_baseline

        results = apply_baseline(results, args.baseline, args.write_baseline, notes=sys.stderr)
    with ExitStack() as stack:
        out = _open_output(args, stack)
        fmt = _format(args, out)
        tracked = summary.track(results)
        if args.statistics:
            for _ in tracked:
                pass
            table = statistics_table(summary, config.rules)
            out.write((table + "\n" if table else "") + f"{summary.total} problems in {summary.files} files\n")
        else:
            options = ReportOptions(config.rules, show_fixes=args.show_fixes, color=out.isatty())
            REPORTERS[fmt](tracked, summary, _QuietStream(out) if args.quiet else out,
                           options)
    return _exit_code(summary, args)


class _QuietStream:
    """Drops the closing summary line of the text reporters under ``--quiet``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        if text.startswith(("Found ", "All checks passed", "[*] ")):
            return 0
        return self.out.write(text)

    def isatty(self) -> bool:
        return self.out.isatty()


def command_fix(args: argparse.Namespace) -> int:
    from curate.linter.fixer import fix_target

    config = config_for(args)
    targets = targets_for(args, config)
    summary = Summary()
    per_file = functools.partial(fix_target, unsafe=args.unsafe_fixes, write=not args.dry_run)
    progress = _Progress(sys.stderr.isatty() and not args.quiet)
    results = summary.track(run(targets, config, context_for(args), jobs=args.jobs, per_file=per_file,
                                progress=progress))
    changed_files = 0
    with ExitStack() as stack:
        out = _open_output(args, stack)
        color = out.isatty()
        if args.dry_run:
            for result in results:
                if result.diff:
                    changed_files += 1
                    out.write(_color_diff(result.diff, color))
        else:
            fmt = _format(args, out)
            options = ReportOptions(config.rules, show_fixes=args.show_fixes, color=color)
            counter = _Counter()
            REPORTERS[fmt](counter.count(results), summary, _QuietStream(out) if args.quiet else out, options)
            changed_files = counter.changed
    fixed = sum(summary.fixed.values())
    if not args.quiet:
        verb = "Would fix" if args.dry_run else "Fixed"
        detail = ", ".join(f"{code} x{count}" for code, count in sorted(summary.fixed.items()))
        sys.stderr.write(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {changed_files} "
                         f"file{'s' if changed_files != 1 else ''}{f' ({detail})' if detail else ''}.\n")
        for error in summary.errors:
            sys.stderr.write(f"error: {error}\n")
    if args.dry_run:
        return EXIT_PROBLEMS if changed_files or summary.errors else EXIT_OK
    return _exit_code(summary, args)


class _Counter:
    def __init__(self) -> None:
        self.changed = 0

    def count(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            self.changed += result.diff is not None
            yield result


def _color_diff(diff: str, color: bool) -> str:
    if not color:
        return diff
    painted = []
    for line in diff.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            painted.append(f"\033[1m{line.rstrip(chr(10))}\033[0m\n")
        elif line.startswith("+"):
            painted.append(f"\033[32m{line.rstrip(chr(10))}\033[0m\n")
        elif line.startswith("-"):
            painted.append(f"\033[31m{line.rstrip(chr(10))}\033[0m\n")
        elif line.startswith("@@"):
            painted.append(f"\033[36m{line.rstrip(chr(10))}\033[0m\n")
        else:
            painted.append(line)
    return "".join(painted)


# ---------------------------------------------------------------- rule docs
def command_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.format == "json":
        import json

        rows = [{"code": r.code, "name": r.name, "severity": str(r.severity), "fix": str(r.fix),
                 "summary": r.summary, "enabled": r.enabled_by_default} for r in rules]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    width = max(len(rule.name) for rule in rules)
    sys.stdout.write(f"{'code':<5} {'name':<{width}} {'severity':<8} {'fix':<6} summary\n")
    for rule in rules:
        sys.stdout.write(f"{rule.code:<5} {rule.name:<{width}} {str(rule.severity):<8} {str(rule.fix):<6} "
                         f"{rule.summary}\n")
    return EXIT_OK


def command_explain(args: argparse.Namespace) -> int:
    rule = find_rule(args.rule)
    if rule is None:
        raise UsageError(f"no rule named {args.rule!r} (see `curate rules`)")
    lines = [
        f"{rule.code} {rule.name}",
        "",
        f"summary:  {rule.summary}",
        f"severity: {rule.severity}",
        f"fix:      {rule.fix}",
        f"enabled:  {'yes' if rule.enabled_by_default else 'no (select it)'}",
        "",
    ]
    doc = rule.doc.strip()
    first_break = doc.find("\n")
    lines.append((doc[first_break:] if first_break != -1 else doc).strip())
    defaults = rule.option_defaults()
    lines += ["", "## Option defaults" if "## Options" in doc else "## Options"]
    if defaults:
        lines += [f"- {key} = {_toml_value(value)}" for key, value in defaults.items()]
        lines.append(f"\nSet them in [tool.curate.rules.{rule.name}] (pyproject.toml) or [rules.{rule.name}] (.curate.toml).")
    else:
        lines.append("none")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _toml_value(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | frozenset | list):
        return json.dumps(sorted(value) if isinstance(value, frozenset) else list(value))
    return json.dumps(value)


def command_clean(args: argparse.Namespace) -> int:
    from curate.linter.config import find_config_file

    source = find_config_file(args.path)
    root = source.parent if source else args.path
    directory = default_cache_dir(root)
    if directory.exists():
        shutil.rmtree(directory)
        sys.stdout.write(f"removed {directory}\n")
    else:
        sys.stdout.write(f"no cache at {directory}\n")
    return EXIT_OK


# ---------------------------------------------------------------- entry point
def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ConfigError, UsageError, RegistryError) as error:
        sys.stderr.write(f"curate: error: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("curate: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
