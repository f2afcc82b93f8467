"""``curate report PATHS... --html FILE`` and ``--format json``: a curation report of a lint run.

The run is ``curate lint``'s (same configuration, selection, cache and workers); each worker also
reads a few fields of its record (see :mod:`linter.report.fields`) and the main process aggregates
the results as they stream in. The exit code is 0 whatever the records hold: a report is not a gate.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from curate.linter.cli import add_run_options

    parser = subparsers.add_parser("report", help="write a curation report (HTML page or JSON aggregates)")
    add_run_options(parser)
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the self-contained HTML report to FILE")
    parser.add_argument("--format", choices=("json",), help="print the aggregates as JSON (to --output or stdout)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the JSON to FILE")
    parser.set_defaults(handler=command_report)


def command_report(args: argparse.Namespace) -> int:
    from curate.linter.cache import default_cache_dir
    from curate.linter.cli import EXIT_OK, UsageError, config_for, context_for, targets_for
    from curate.linter.report.aggregate import Aggregate
    from curate.linter.runner import run
    from curate.linter.report.fields import report_target

    if args.html is None and args.format is None:
        raise UsageError("nothing to write: give --html FILE and/or --format json")
    if args.output is not None and args.format is None:
        raise UsageError("--output is for --format json; the HTML page goes to --html FILE")
    config = config_for(args)
    targets = targets_for(args, config)
    cache_dir = None if args.no_cache else default_cache_dir(config.root)
    context = context_for(args, config)
    aggregate = Aggregate(config.rules, list(args.paths))
    for result in run(targets, config, context, jobs=args.jobs, cache_dir=cache_dir, per_file=report_target):
        aggregate.add(result)

    if args.html is not None:
        from curate.linter.report.render import render_html

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
