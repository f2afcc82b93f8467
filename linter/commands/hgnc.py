"""``curate hgnc SYMBOL...`` looks symbols up; ``curate hgnc update`` refreshes the human data.

A look-up prints one tab-separated line per symbol: the symbol, its status (``approved``,
``previous symbol of X``, ``alias of X, Y``, ``withdrawn, replaced by Z``, ``unknown``), the locus
type(s) and HGNC id(s) of the gene(s) it stands for. It answers from the snapshot, or from the live
REST service with ``--online`` (falling back to the snapshot, with a warning, when the service
fails). ``update`` downloads HGNC's complete set and writes a snapshot to the user cache folder,
which then takes precedence over the packaged one (``--revert`` removes it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import json
import os
import sys

from curate.linter import knowledge
from curate.linter.knowledge import SnapshotError, SymbolInfo, build

BULK_URL_ENV = "CURATE_HGNC_BULK_URL"
WITHDRAWN_URL_ENV = "CURATE_HGNC_WITHDRAWN_URL"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "hgnc",
        help="look up human gene symbols in HGNC (or: curate hgnc update)",
        usage="curate hgnc [options] SYMBOL [SYMBOL ...]\n       curate hgnc update [--bulk-url URL] "
        "[--withdrawn-url URL] [--cache-dir DIR] [--revert]",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("symbols", nargs="+", metavar="SYMBOL", help="gene symbols, or `update`")
    parser.add_argument("--online", action="store_true", help="ask the live HGNC REST service")
    parser.add_argument("--hgnc-url", metavar="URL", help="base URL of the HGNC REST service")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="cache folder (default: $CURATE_CACHE_DIR or ~/.cache/curate)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write cached HGNC answers")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="time the service may take to start answering, and again to send the whole answer "
                             "(default 10)")
    parser.add_argument("--retries", type=int, default=3, help="retries on 429, 5xx and network errors (default 3)")
    parser.add_argument("--backoff", type=float, default=0.5, metavar="SECONDS",
                        help="first retry delay, doubled each retry (default 0.5)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--snapshot", metavar="FILE", help="answer from this snapshot file")
    parser.add_argument("--bulk-url", metavar="URL", help="update: URL of hgnc_complete_set.txt")
    parser.add_argument("--withdrawn-url", metavar="URL", help="update: URL of withdrawn.txt ('none' to skip)")
    parser.add_argument("--revert", action="store_true", help="update: remove the updated snapshot")
    parser.set_defaults(handler=command_hgnc)


def command_hgnc(args: argparse.Namespace) -> int:
    if args.timeout <= 0 or args.retries < 0 or args.backoff < 0:
        return _fail("--timeout must be positive, --retries and --backoff not negative", 2)
    if args.symbols[0] == "update":
        if len(args.symbols) > 1:
            return _fail(f"`curate hgnc update` takes no symbols (got {' '.join(args.symbols[1:])})", 2)
        return command_update(args)
    try:
        snapshot = knowledge.load(args.snapshot)
    except SnapshotError as error:
        return _fail(str(error), 1)
    infos = [snapshot.lookup(symbol) for symbol in args.symbols]
    if args.online:
        infos = _online(args, infos, snapshot)
    if args.format == "json":
        print(json.dumps([_as_json(info) for info in infos], indent=2))
    else:
        for info in infos:
            print(_as_line(info))
    return 0


def _client(args: argparse.Namespace, use_cache: bool = True):
    from curate.linter.hgnc_client import HGNCClient

    return HGNCClient(
        args.hgnc_url,
        cache_dir=args.cache_dir,
        use_cache=use_cache and not args.no_cache,
        timeout=(min(3.05, args.timeout), args.timeout),
        retries=args.retries,
        backoff=args.backoff,
    )


def _online(args: argparse.Namespace, infos: list[SymbolInfo], snapshot: knowledge.Knowledge) -> list[SymbolInfo]:
    from curate.linter.hgnc_client import HGNCError

    answered = []
    with _client(args) as client:
        for position, info in enumerate(infos):
            try:
                answered.append(client.lookup(info.query, snapshot))
            except HGNCError as error:
                _warn(f"HGNC service unavailable ({error}); answering from the snapshot")
                return answered + infos[position:]
    return answered


def _as_line(info: SymbolInfo) -> str:
    records = info.records()
    return "\t".join((
        info.query,
        info.describe(),
        ", ".join(gene.locus_type or "-" for gene in records) or "-",
        ", ".join(gene.id for gene in records) or "-",
    ))


def _as_json(info: SymbolInfo) -> dict[str, object]:
    return {
        "query": info.query,
        "status": info.status,
        "description": info.describe(),
        "symbols": list(info.symbols),
        "genes": [
            {"symbol": gene.symbol, "hgnc_id": gene.id, "locus_type": gene.locus_type, "entrez": gene.entrez}
            for gene in info.records()
        ],
        "source": info.source,
    }


# --- update ----------------------------------------------------------------------------------


def command_update(args: argparse.Namespace) -> int:
    from curate.linter.hgnc_client import DEFAULT_BULK_URL, DEFAULT_WITHDRAWN_URL, HGNCError

    target = knowledge.user_snapshot_path(args.cache_dir)
    if args.revert:
        if target.exists():
            target.unlink()
            print(f"removed {target}; the packaged snapshot is in use again")
        else:
            print(f"no updated snapshot at {target}")
        knowledge.load.cache_clear()
        return 0
    bulk_url = args.bulk_url or os.environ.get(BULK_URL_ENV) or DEFAULT_BULK_URL
    withdrawn_url = args.withdrawn_url or os.environ.get(WITHDRAWN_URL_ENV) or DEFAULT_WITHDRAWN_URL
    with _client(args, use_cache=False) as client:
        try:
            complete = client.download(bulk_url)
        except HGNCError as error:
            return _fail(f"cannot download the HGNC complete set: {error}", 1)
        withdrawn = None
        if withdrawn_url.lower() != "none":
            try:
                withdrawn = client.download(withdrawn_url)
            except HGNCError as error:
                _warn(f"cannot download withdrawn symbols ({error}); keeping the packaged ones")
    try:
        base = build.read(knowledge.packaged_snapshot().read_bytes())
        sources = {"hgnc_complete_set": _source(complete)}
        if withdrawn is not None:
            sources["hgnc_withdrawn"] = _source(withdrawn)
        snapshot = build.updated(
            base,
            complete.data.decode("utf-8-sig"),
            withdrawn.data.decode("utf-8-sig") if withdrawn is not None else None,
            sources,
            _date(complete.last_modified),
        )
    except UnicodeDecodeError:
        return _fail(f"{bulk_url}: not UTF-8 text", 1)
    except build.BuildError as error:
        return _fail(f"{bulk_url}: {error}", 1)
    genes = snapshot["header"]["counts"]["human_genes"]
    if genes == 0:
        return _fail(f"{bulk_url}: no approved genes in the download; snapshot left unchanged", 1)
    try:
        header = build.write(snapshot, target)
    except OSError as error:
        return _fail(f"{target}: cannot write ({error.strerror or error})", 1)
    knowledge.load.cache_clear()
    before = base["header"]["counts"]["human_genes"]
    print(f"wrote {target}: {genes:,} approved genes (packaged snapshot: {before:,}), "
          f"date {header['date']}, version {header['format']}-{header['checksum'][:16]}")
    return 0


def _source(download) -> dict[str, object]:
    return {"url": download.url, "bytes": len(download.data), "sha256": download.sha256}


def _date(last_modified: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(last_modified).date().isoformat()
    except (TypeError, ValueError):
        return dt.datetime.now(dt.timezone.utc).date().isoformat()


def _warn(message: str) -> None:
    print(f"curate: warning: {message}", file=sys.stderr)


def _fail(message: str, code: int) -> int:
    print(f"curate: error: {message}", file=sys.stderr)
    return code
