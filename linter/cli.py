"""The ``curate`` command line: parse arguments, load config, call the engine, hand results to a reporter.

Start-up matters (``curate`` runs on every commit through pre-commit): this module imports only light
standard-library modules; each command imports the parts of the engine it needs when it runs, so
``curate --version`` loads none of the engine and ``curate rules`` only the registry and the rules'
generated listing (``rules/_listing.py``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from curate import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which --version and rules need none of
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from contextlib import ExitStack
    from pathlib import Path
    from typing import TextIO

    from curate.linter.config import Config
    from curate.linter.reporters import Summary
    from curate.linter.rule import Context
    from curate.linter.runner import FileResult, Target

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_BROKEN_PIPE = 130, 143, 141  # 128 + SIGINT, SIGTERM, SIGPIPE
FORMATS = ("concise", "full", "json", "github", "sarif", "junit", "gitlab", "rdjson")  # linter.reporters.REPORTERS
BUILTIN_COMMANDS = ("lint", "fix", "rules", "explain", "clean")
STDIN = "-"

# The severity policy, as README.md states it; `curate explain` prints it with each rule's class.
SEVERITY_POLICY = (
    "A finding that is **certain** and that a curator must act on is an **error**; a finding that is a "
    "**judgement** is a **warning**; a **notice** is **info**, worth a look but not a defect. "
    "`curate lint` fails on errors (`--fail-on` sets the threshold), so the default gate stops what is "
    "certainly wrong and shows, without failing, what needs a curator's judgement."
)
SEVERITY_CLASSES = {"error": "certain", "warning": "judgement", "info": "notice"}


def _path(text: str) -> Path:
    """A path option's value: pathlib is imported when a command is given one, not for every start."""
    from pathlib import Path

    return Path(text)


class UsageError(Exception):
    """A command line that cannot be carried out; exit 2 with the message."""


class _Terminated(Exception):
    """SIGTERM, turned into an exception so the run unwinds (and its worker pool closes) quietly."""


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options of every command that runs the rules over paths (lint, fix, report)."""
    parser.add_argument("paths", nargs="*", default=["."],
                        help="record files or folders (default: .); a genes sidecar _data/<figid>-genes.tsv "
                             "stands for its record; - reads one record from standard input")
    parser.add_argument("--config", type=_path, help="configuration file (default: nearest .curate.toml or pyproject.toml)")
    parser.add_argument("--select", type=_csv, help="rules to run (codes, prefixes or names, comma-separated)")
    parser.add_argument("--ignore", type=_csv, help="rules to skip")
    parser.add_argument("--extend-select", type=_csv, help="rules to run in addition to the configured ones")
    parser.add_argument("--exclude", type=_csv, help="file and folder globs to skip, in place of the configured ones")
    parser.add_argument("--extend-exclude", type=_csv, help="file and folder globs to skip as well")
    parser.add_argument("--jobs", "-j", type=_jobs, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .curate_cache/")
    parser.add_argument("--online", action="store_true", help="let gene rules ask the HGNC REST service")
    parser.add_argument("--hgnc-url", help="base URL of the HGNC REST service")
    parser.add_argument("--max-file-size", type=int, help="bytes above which a file is not parsed (default 2000000)")
    parser.add_argument("--min-confidence", type=_confidence,
                        help="report a judgement only when its confidence reaches this (0 to 1; default: each rule's)")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="the path of the record read from standard input (with the path -)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print diagnostics only, no summary or progress")
    parser.add_argument("--show-settings", action="store_true", help="print the resolved configuration and exit")
    parser.add_argument("--show-files", action="store_true", help="print the files that would be linted and exit")


def _add_gate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    parser.add_argument("--changed-since", metavar="REF", help="only records added or changed since a git ref")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS,
                        help="output format (default: github under GitHub Actions, full on a terminal, else concise)")
    parser.add_argument("--output", "-o", type=_path, help="write the report to a file")
    parser.add_argument("--statistics", action="store_true", help="count diagnostics per rule instead of listing them")
    parser.add_argument("--show-fixes", action="store_true", help="show the fix each diagnostic offers")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the output (default: auto, on a terminal unless NO_COLOR is set)")


def _add_fixing(parser: argparse.ArgumentParser, *, in_lint: bool) -> None:
    if in_lint:
        parser.add_argument("--fix", action="store_true", help="apply fixes (as `curate fix`)")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    parser.add_argument("--dry-run", "--diff", dest="dry_run", action="store_true",
                        help="write nothing; print a diff and exit 1 when a fix would apply")


def _csv(text: str) -> list[str]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("expected a comma-separated list, got nothing")
    return parts


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (all cores) or a positive number, got {text!r}")
    return jobs


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def build_parser(extra_commands: bool = True) -> argparse.ArgumentParser:
    """The parser; ``extra_commands`` adds the sub-commands of ``linter/commands/`` (imported to do so)."""
    parser = argparse.ArgumentParser(prog="curate", description="Lint and fix PFOCR figure records.")
    parser.add_argument("--version", action="version", version=f"curate {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    lint = commands.add_parser("lint", help="report problems in records")
    add_run_options(lint)
    _add_gate(lint)
    _add_output(lint)
    _add_fixing(lint, in_lint=True)
    lint.add_argument("--baseline", type=_path, help="report only diagnostics not recorded in this baseline file")
    lint.add_argument("--write-baseline", type=_path, help="record today's diagnostics in a baseline file")
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

    explain = commands.add_parser("explain", help="show a rule's documentation, severity class and options")
    explain.add_argument("rule", help="a rule code or name")
    explain.set_defaults(handler=command_explain)

    clean = commands.add_parser("clean", help="remove the result cache (.curate_cache/)")
    clean.add_argument("path", nargs="?", default=".", type=_path)
    clean.set_defaults(handler=command_clean)

    if extra_commands:
        import importlib

        for name in _extra_command_names():
            importlib.import_module(f"curate.linter.commands.{name}").register(commands)
    return parser


def _extra_command_names() -> list[str]:
    import pkgutil

    import curate.linter.commands as extra

    return [info.name for info in pkgutil.iter_modules(extra.__path__)]


# ---------------------------------------------------------------- lint and fix
def config_for(args: argparse.Namespace) -> Config:
    from curate.linter.config import load_config

    # before anything runs: a fix must not rewrite files and then stop at a usage error
    if getattr(args, "statistics", False) and args.format not in (None, "concise", "full", "json"):
        raise UsageError(f"--statistics prints a table or JSON, not {args.format}")

    if _reads_stdin(args) and args.stdin_filename:
        first = _path(args.stdin_filename)  # the configuration of the folder the record says it is in
    else:
        first = _path(args.paths[0] if args.paths else os.getcwd())
    overrides = {
        "select": args.select,
        "ignore": args.ignore,
        "extend-select": args.extend_select,
        "exclude": args.exclude,
        "extend-exclude": args.extend_exclude,
        "max-file-size": args.max_file_size,
        "min-confidence": args.min_confidence,
    }
    return load_config(first, args.config, overrides)


def _reads_stdin(args: argparse.Namespace) -> bool:
    return STDIN in args.paths


def targets_for(args: argparse.Namespace, config: Config) -> list[Target]:
    from curate.linter.runner import collect_targets

    missing = [path for path in args.paths if not os.path.lexists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    targets = collect_targets(_records_for_sidecars(args.paths), config)
    if getattr(args, "changed_since", None):
        from pathlib import Path

        from curate.linter.gitscope import changed_records

        keep = changed_records(args.changed_since, args.paths)
        targets = [t for t in targets if Path(os.path.abspath(t.fs_path)) in keep]
    return targets


def _records_for_sidecars(paths: list[str]) -> list[str]:
    """Paths with each genes sidecar (``_data/<figid>-genes.tsv``) replaced by its record, as pre-commit
    passes a commit's changed files: the gene rules read the sidecar, so a changed sidecar lints its record."""
    from curate.linter.document import records_of_sidecar

    replaced = []
    for path in paths:
        records = records_of_sidecar(_path(path)) if os.path.isfile(path) else []
        if records:
            replaced += [str(record) for record in records if os.path.isfile(record)]
        else:
            replaced.append(path)
    return replaced


def context_for(args: argparse.Namespace, config: Config) -> Context:
    """What the rules may know of the run; ``min-confidence`` comes resolved (file, then flag) with the config."""
    from curate.linter.rule import Context

    return Context(online=args.online, hgnc_url=args.hgnc_url, min_confidence=config.min_confidence)


class _Progress:
    """A progress bar on stderr, shown once a run has taken about two seconds, only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        import time

        self.clock = time.monotonic
        self.enabled = enabled
        self.started = self.clock()
        self.drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
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
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        return stack.enter_context(open(args.output, "w", encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write --output {args.output}: {error.strerror or error}") from None


def _format(args: argparse.Namespace, out: TextIO) -> str:
    if args.format:
        return args.format
    if os.environ.get("GITHUB_ACTIONS") == "true" and args.output is None:
        return "github"
    return "full" if out.isatty() else "concise"


def _color(args: argparse.Namespace, out: TextIO) -> bool:
    """``--color``: always, never, or auto: on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if args.color != "auto":
        return args.color == "always"
    return out.isatty() and not os.environ.get("NO_COLOR")


def _threshold(args: argparse.Namespace):
    from curate.linter.diagnostic import Severity

    return None if args.exit_zero else Severity.parse(args.fail_on)


def _exit_code(summary: Summary, args: argparse.Namespace) -> int:
    if args.exit_zero:
        return EXIT_OK
    return EXIT_PROBLEMS if summary.failing(_threshold(args)) or summary.errors else EXIT_OK


def _warn_if_nothing_linted(summary: Summary, args: argparse.Namespace) -> None:
    if summary.files == 0:
        scope = f" changed since {args.changed_since}" if getattr(args, "changed_since", None) else ""
        sys.stderr.write(f"warning: no records{scope} found under {', '.join(args.paths)} "
                         f"(records are _figures/*.md, *.yaml, *.yml; see `include` in the configuration)\n")


def _show_settings(config: Config, out: TextIO) -> None:
    import dataclasses
    import json

    settings = {
        "source": str(config.source) if config.source else None,
        "root": str(config.root),
        "rules": [rule.code for rule in config.rules],
        "severity": {code: str(level) for code, level in sorted(config.severities.items())},
        "per-file-ignores": {pattern: sorted(codes) for pattern, codes in config.per_file_ignores},
        "include": list(config.include),
        "exclude": list(config.exclude),
        "max-file-size": config.limits.max_file_size,
        "max-yaml-nodes": config.limits.max_yaml_nodes,
        "min-confidence": config.min_confidence,
        "options": {rule.code: {key.replace("_", "-"): _plain(value)
                                for key, value in dataclasses.asdict(config.options[rule.code]).items()}
                    for rule in config.rules if dataclasses.fields(config.options[rule.code])},
    }
    out.write(json.dumps(settings, indent=2, ensure_ascii=False) + "\n")


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _stdin_result(args: argparse.Namespace, config: Config, context: Context) -> list[FileResult]:
    """The record on standard input, linted as if it were at ``--stdin-filename`` (its sidecar read from there)."""
    from curate.linter.document import Document
    from curate.linter.runner import FileResult, check_document

    if args.paths != [STDIN]:
        raise UsageError("- (standard input) cannot be combined with other paths")
    display = args.stdin_filename or "<stdin>"
    raw = sys.stdin.buffer.read(config.limits.max_file_size + 1)
    doc = Document.from_bytes(display, raw, config.limits, _path(display) if args.stdin_filename else None)
    return [FileResult(display, check_document(doc, config, context), source=doc.text)]


def command_lint(args: argparse.Namespace) -> int:
    if args.fix or args.dry_run:
        if args.baseline or args.write_baseline:
            raise UsageError("--baseline and --write-baseline work with lint, not with --fix or --dry-run")
        return command_fix(args)
    from contextlib import ExitStack

    from curate.linter.reporters import REPORTERS, ReportOptions, Summary

    config = config_for(args)
    if args.show_settings:
        _show_settings(config, sys.stdout)
        return EXIT_OK
    context = context_for(args, config)
    summary = Summary()
    with ExitStack() as stack:
        if _reads_stdin(args):
            results: Iterable[FileResult] = _stdin_result(args, config, context)
        else:
            targets = targets_for(args, config)
            if args.show_files:
                from curate.linter.reporters import printable

                sys.stdout.writelines(printable(target.display) + "\n" for target in targets)
                return EXIT_OK
            results = _run(args, targets, config, context)
        if args.baseline or args.write_baseline:
            from curate.linter.baseline import apply_baseline

            results = apply_baseline(results, args.baseline, args.write_baseline, notes=sys.stderr)
        out = _open_output(args, stack)
        tracked = summary.track(results)
        if args.statistics:
            _write_statistics(tracked, summary, config, args, out)
        else:
            options = ReportOptions(config.rules, show_fixes=args.show_fixes, color=_color(args, out),
                                    quiet=args.quiet, fail_on=_threshold(args))
            REPORTERS[_format(args, out)](tracked, summary, out, options)
    if not args.quiet:
        _warn_if_nothing_linted(summary, args)
    return _exit_code(summary, args)


def _run(args: argparse.Namespace, targets: list[Target], config: Config, context: Context,
         per_file=None, cached: bool = True) -> Iterable[FileResult]:
    """The engine over the targets; ``cached`` False for steps whose results the cache must not hold
    (a fix's diagnostics are those of the fixed text, not of the bytes a cache key covers)."""
    from curate.linter.cache import default_cache_dir
    from curate.linter.runner import lint_target, run

    cache_dir = None if args.no_cache or not cached else default_cache_dir(config.root)
    progress = _Progress(sys.stderr.isatty() and not args.quiet)
    return run(targets, config, context, jobs=args.jobs, cache_dir=cache_dir, per_file=per_file or lint_target,
               progress=progress)


def _write_statistics(results: Iterable[FileResult], summary: Summary, config: Config, args: argparse.Namespace,
                      out: TextIO) -> None:
    """Counts per rule: a table, or with ``--format json`` the same rows as JSON."""
    from curate.linter.reporters import fixable_line, statistics_rows, statistics_table

    for _ in results:
        pass
    if args.format == "json":
        import json

        out.write(json.dumps(statistics_rows(summary, config.rules), indent=2) + "\n")
        return
    table = statistics_table(summary, config.rules)
    out.write(table + "\n" if table else "")
    if not args.quiet:
        fixable = fixable_line(summary)
        out.write(f"{summary.total} problems in {summary.files} files\n" + (fixable + "\n" if fixable else ""))


def command_fix(args: argparse.Namespace) -> int:
    import functools
    from contextlib import ExitStack

    from curate.linter.fixer import fix_target
    from curate.linter.reporters import REPORTERS, ReportOptions, Summary, printable

    if _reads_stdin(args):
        raise UsageError("fix does not read standard input; name the record's file")
    config = config_for(args)
    if args.show_settings:
        _show_settings(config, sys.stdout)
        return EXIT_OK
    targets = targets_for(args, config)
    if args.show_files:
        sys.stdout.writelines(printable(target.display) + "\n" for target in targets)
        return EXIT_OK
    summary = Summary()
    per_file = functools.partial(fix_target, unsafe=args.unsafe_fixes, write=not args.dry_run)
    changed_files = 0
    with ExitStack() as stack:
        out = _open_output(args, stack)
        results = summary.track(_run(args, targets, config, context_for(args, config), per_file=per_file,
                                     cached=False))
        color = _color(args, out)
        if args.dry_run:
            for result in results:
                if result.diff:
                    changed_files += 1
                    out.write(_color_diff(result.diff, color))
        else:
            counter = _Counter()
            if args.statistics:  # of what is left after fixing
                _write_statistics(counter.count(results), summary, config, args, out)
            else:
                options = ReportOptions(config.rules, show_fixes=args.show_fixes, color=color, quiet=args.quiet,
                                        fail_on=_threshold(args))
                REPORTERS[_format(args, out)](counter.count(results), summary, out, options)
            changed_files = counter.changed
    fixed = sum(summary.fixed.values())
    if not args.quiet:
        verb = "Would fix" if args.dry_run else "Fixed"
        detail = ", ".join(f"{code} x{count}" for code, count in sorted(summary.fixed.items()))
        sys.stderr.write(f"{verb} {fixed} problem{'s' if fixed != 1 else ''} in {changed_files} "
                         f"file{'s' if changed_files != 1 else ''}{f' ({detail})' if detail else ''}.\n")
        for error in summary.errors:
            sys.stderr.write(f"error: {error}\n")
        _warn_if_nothing_linted(summary, args)
    if args.dry_run:
        return EXIT_PROBLEMS if (changed_files or summary.errors) and not args.exit_zero else EXIT_OK
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
    from curate.linter.registry import listed_rules

    rules = listed_rules()
    if args.format == "json":
        import json

        rows = [{"code": r.code, "name": r.name, "severity": r.severity, "fix": r.fix,
                 "summary": r.summary, "enabled": r.enabled_by_default} for r in rules]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    width = max(len(rule.name) for rule in rules)
    sys.stdout.write(f"{'code':<5} {'name':<{width}} {'severity':<8} {'fix':<6} summary\n")
    for rule in rules:
        sys.stdout.write(f"{rule.code:<5} {rule.name:<{width}} {rule.severity:<8} {rule.fix:<6} {rule.summary}\n")
    return EXIT_OK


def command_explain(args: argparse.Namespace) -> int:
    from curate.linter.registry import find_rule

    rule = find_rule(args.rule)
    if rule is None:
        raise UsageError(f"no rule named {args.rule!r} (see `curate rules`)")
    severity = str(rule.severity)
    lines = [
        f"{rule.code} {rule.name}",
        "",
        f"summary:  {rule.summary}",
        f"severity: {severity} ({SEVERITY_CLASSES[severity]})",
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
    lines += ["", "## Severity policy", SEVERITY_POLICY,
              f"{rule.code}'s findings are {SEVERITY_CLASSES[severity]} by default, hence {severity}s; "
              "`[tool.curate.severity]` overrides that for a repository."]
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
    from curate.linter.cache import default_cache_dir, remove_cache
    from curate.linter.config import find_config_file

    source = find_config_file(args.path)
    root = source.parent if source else args.path
    sys.stdout.write(remove_cache(default_cache_dir(root)) + "\n")
    return EXIT_OK


# ---------------------------------------------------------------- entry point
def _needs_extra_commands(argv: list[str]) -> bool:
    """Whether the command line names a command of ``linter/commands/`` or asks for the full help.

    Those modules load the engine; ``curate --version`` and the built-in commands must not pay for it."""
    words = [word for word in argv if not word.startswith("-")]
    if words:
        return words[0] not in BUILTIN_COMMANDS
    return not argv or any(word in ("-h", "--help") for word in argv)


def _is_usage_error(error: Exception) -> bool:
    """A usage, configuration or plugin error (exit 2). The engine's error classes are looked up among
    the modules already loaded: an error of a module that was never imported cannot have been raised."""
    if isinstance(error, UsageError):
        return True
    for module, name in (("curate.linter.config", "ConfigError"), ("curate.linter.registry", "RegistryError")):
        kind = getattr(sys.modules.get(module), name, None)
        if kind is not None and isinstance(error, kind):
            return True
    return False


_MAIN_PID = os.getpid()


def _on_sigterm(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:
        # a forked worker inherits the handler; the pool ends its workers with SIGTERM, which must
        # kill them as it would have without curate's handler
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(extra_commands=_needs_extra_commands(argv))
    args = parser.parse_args(argv)
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # main() called from another thread, where Python sets no signal handler
        previous = None
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        sys.stderr.write("curate: interrupted\n")
        return EXIT_INTERRUPTED
    except _Terminated:
        sys.stderr.write("curate: terminated\n")
        return EXIT_TERMINATED
    except BrokenPipeError:
        # the reader went away (`curate lint | head`): say nothing more, and keep Python's final flush
        # of stdout from failing again with a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if not _is_usage_error(error):
            raise
        sys.stderr.write(f"curate: error: {error}\n")
        return EXIT_USAGE
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
