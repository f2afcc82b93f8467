"""``curate report PATHS... --html FILE`` and ``--format json``: a curation report of a lint run.

The run is ``curate lint``'s (same configuration, selection, cache and workers); each worker also
reads a few fields of its record (see :mod:`linter.report.fields`) and the main process aggregates
the results as they stream in. The exit code is 0 whatever the records hold: a report is not a gate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from linter.cache import default_cache_dir
from linter.config import load_config
from linter.rule import Context
from linter.runner import collect_targets, run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="write a curation report (HTML page or JSON aggregates)")
    parser.add_argument("paths", nargs="*", default=["."], help="record files or folders (default: .)")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the self-contained HTML report to FILE")
    parser.add_argument("--format", choices=("json",), help="print the aggregates as JSON (to --output or stdout)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the JSON to FILE")
    parser.add_argument("--config", type=Path,
                        help="configuration file (default: nearest .curate.toml or pyproject.toml)")
    parser.add_argument("--select", type=_csv, help="rules to run (codes, prefixes or names, comma-separated)")
    parser.add_argument("--ignore", type=_csv, help="rules to skip")
    parser.add_argument("--extend-select", type=_csv, help="rules to run in addition to the configured ones")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .curate_cache/")
    parser.add_argument("--online", action="store_true", help="let gene rules ask the HGNC REST service")
    parser.add_argument("--hgnc-url", help="base URL of the HGNC REST service")
    parser.add_argument("--max-file-size", type=int, help="bytes above which a file is not parsed (default 2000000)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no closing line on stderr")
    parser.set_defaults(handler=command_report)


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def command_report(args: argparse.Namespace) -> int:
    from linter.cli import EXIT_OK, UsageError
    from linter.report.aggregate import Aggregate
    from linter.report.fields import report_target

    if args.html is None and args.format is None:
        raise UsageError("nothing to write: give --html FILE and/or --format json")
    if args.output is not None and args.format is None:
        raise UsageError("--output is for --format json; the HTML page goes to --html FILE")
    missing = [path for path in args.paths if not os.path.lexists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    overrides = {"select": args.select, "ignore": args.ignore, "extend-select": args.extend_select,
                 "max-file-size": args.max_file_size}
    config = load_config(Path(args.paths[0]), args.config, overrides)
    targets = collect_targets(args.paths, config)
    cache_dir = None if args.no_cache else default_cache_dir(config.root)
    context = Context(online=args.online, hgnc_url=args.hgnc_url)
    aggregate = Aggregate(config.rules, list(args.paths))
    for result in run(targets, config, context, jobs=args.jobs, cache_dir=cache_dir, per_file=report_target):
        aggregate.add(result)

    if args.html is not None:
        from linter.report.render import render_html

        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(render_html(aggregate, args.html), encoding="utf-8")
    if args.format == "json":
        text = json.dumps(aggregate.as_dict(), indent=2, ensure_ascii=False) + "\n"
        if args.output is not None:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if not args.quiet:
        totals = aggregate.totals()
        written = f" to {args.html}" if args.html is not None else ""
        sys.stderr.write(f"Reported {totals['diagnostics']} problems in {totals['records_with_problems']} of "
                         f"{totals['records']} records{written}.\n")
    return EXIT_OK
