"""``curate data build`` compiles the gene knowledge snapshot, the species table and the schema checks;
``curate data info`` describes the snapshot."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from importlib import resources
from pathlib import Path

from curate.linter import knowledge
from curate.linter.knowledge import build

DATA_ENV = "CURATE_DATA_DIR"
SPECIES = "species.tsv"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("data", help="build or describe the gene knowledge snapshot")
    actions = parser.add_subparsers(dest="data_command", metavar="{build,info}")
    actions.required = True

    compile_ = actions.add_parser("build", help="compile HGNC, MGI, RGD, FamPlex and WikiPathways into a snapshot")
    compile_.add_argument("--source", type=Path, help=f"reference data folder (default: ${DATA_ENV} or ../shared/data)")
    compile_.add_argument("--output", type=Path, help="snapshot file to write (default: the packaged snapshot)")
    compile_.add_argument("--date", help="release date of the HGNC data, YYYY-MM or YYYY-MM-DD "
                                              "(default: from the file's entry in releases.json)")
    compile_.add_argument("--corpus", type=Path, action="append",
                          help="PFOCR corpus the species table is built from (repeatable; default: "
                               "corpus/pfocr-sample beside the reference data folder, skipped when absent)")
    compile_.add_argument("--species-output", type=Path,
                          help="species table to write (default: the packaged one, or species.tsv beside --output)")
    compile_.set_defaults(handler=command_build)

    info = actions.add_parser("info", help="show the snapshot in use: source, date, checksums, counts, load time")
    info.add_argument("--snapshot", type=Path, help="describe this snapshot file instead")
    info.add_argument("--json", action="store_true", help="print the description as JSON")
    info.set_defaults(handler=command_info)


def default_source() -> Path | None:
    """``$CURATE_DATA_DIR``, else ``../shared/data`` from the working folder or the repository."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = root.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def packaged_path() -> Path:
    return Path(build.__file__).with_name(knowledge.SNAPSHOT_NAME)


def command_build(args: argparse.Namespace) -> int:
    source = args.source or default_source()
    if source is None:
        return _fail(f"no reference data found; pass --source DIR or set {DATA_ENV}", 2)
    if args.date is not None and not _DATE.fullmatch(args.date):
        return _fail(f"--date {args.date!r} is not YYYY-MM or YYYY-MM-DD", 2)
    output = args.output or packaged_path()
    try:
        header = build.build(source, output, args.date)
    except build.BuildError as error:
        return _fail(str(error), 1)
    except OSError as error:
        return _fail(f"{output}: cannot write ({error.strerror or error})", 1)
    size = output.stat().st_size
    print(f"wrote {output} ({size:,} bytes) from {source}, date {header['date']}, checksum {header['checksum'][:16]}")
    for name, count in header["counts"].items():
        print(f"  {name:<20} {count:>9,}")
    if args.output is None:
        write_schema_validators()
    corpora = args.corpus or [Path(source).parent / "corpus" / "pfocr-sample"]
    if not args.corpus and not corpora[0].is_dir():
        print(f"species table not rebuilt: no corpus at {corpora[0]} (pass --corpus DIR)")
        return 0
    species = args.species_output or (packaged_species_path() if args.output is None else output.with_name(SPECIES))
    try:
        names = build.build_species(corpora, species)
    except build.BuildError as error:
        return _fail(str(error), 1)
    except OSError as error:
        return _fail(f"{species}: cannot write ({error.strerror or error})", 1)
    print(f"wrote {species} ({names:,} species names) from {', '.join(map(str, corpora))}")
    return 0


def write_schema_validators() -> None:
    """The figure schema's compiled checks, beside the S rules that import them."""
    from curate.rules.schema import layouts

    for name, module in layouts.VALIDATOR_MODULES.items():
        path = Path(layouts.__file__).with_name(f"{module}.py")
        build.write_atomically(layouts.validator_source(name).encode("utf-8"), path)
        print(f"wrote {path} (the {name} layout's schema check)")


def packaged_species_path() -> Path:
    """The species table shipped with the organism rules."""
    return Path(str(resources.files("curate.rules.organisms").joinpath(SPECIES)))


def command_info(args: argparse.Namespace) -> int:
    clocks = [(time.perf_counter(), time.process_time())]
    try:
        snapshot = knowledge.open_snapshot(args.snapshot)
        clocks.append((time.perf_counter(), time.process_time()))
        snapshot.lookup("TP53")
        clocks.append((time.perf_counter(), time.process_time()))
        snapshot.load_all()
    except knowledge.SnapshotError as error:
        return _fail(str(error), 1)
    clocks.append((time.perf_counter(), time.process_time()))
    header = snapshot.header
    where = "file" if args.snapshot else (
        "user cache (curate hgnc update)" if snapshot.origin == str(knowledge.user_snapshot_path()) else "packaged"
    )
    timing = {
        f"{step}_{kind}_ms": round((clocks[index][position] - clocks[0][position]) * 1000, 1)
        for index, step in ((1, "open"), (2, "human"), (3, "all"))
        for position, kind in ((0, "wall"), (1, "cpu"))
    }
    if args.json:
        description = {"snapshot": snapshot.origin, "kind": where, "size": snapshot.size, "version": snapshot.version,
                       **header, "load_time": timing}
        print(json.dumps(description, indent=2, sort_keys=True))
        return 0
    print(f"snapshot:  {snapshot.origin} ({where}, {snapshot.size:,} bytes)")
    print(f"version:   {snapshot.version} (format {header['format']}, checksum {header['checksum']})")
    print(f"date:      {header['date']}")
    print("sources:")
    for name, source in header["sources"].items():
        where_from = source.get("path") or source.get("url", "")
        released = f"  released {source['released']}" if source.get("released") else ""
        print(f"  {name:<22} {where_from}  {source.get('bytes', 0):,} bytes  sha256 {source.get('sha256', '')}{released}")
    print("counts:")
    for name, count in header["counts"].items():
        print(f"  {name:<22} {count:>9,}")
    print(f"load time: open {timing['open_wall_ms']} ms, with the human section {timing['human_wall_ms']} ms, "
          f"with every section {timing['all_wall_ms']} ms (CPU {timing['open_cpu_ms']}, {timing['human_cpu_ms']}, "
          f"{timing['all_cpu_ms']} ms)")
    return 0


def _fail(message: str, code: int) -> int:
    print(f"curate: error: {message}", file=sys.stderr)
    return code
