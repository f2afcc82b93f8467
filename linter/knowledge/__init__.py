"""Gene knowledge: HGNC, MGI, RGD, FamPlex and WikiPathways compiled into one snapshot.

``load()`` returns the process-wide :class:`Knowledge` (the user's ``curate hgnc update`` snapshot
when there is one, else the snapshot shipped in this package); sections are parsed on first use.
``lookup_symbol(symbol, context)`` is what gene rules call: the snapshot's answer, and for a human
symbol the snapshot does not know, the live HGNC service's when the run is ``--online``. A failing
service is reported once on stderr and the run continues on the snapshot.

Build the packaged snapshot with ``curate data build`` (see :mod:`linter.knowledge.build`).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from linter.knowledge.model import (
    SPECIES_WITH_DATA,
    Gene,
    Grounding,
    Knowledge,
    Pathway,
    PathwayOverlap,
    SnapshotError,
    SymbolInfo,
)
from linter.knowledge.nomenclature import (
    is_human_style,
    is_rodent_style,
    is_zebrafish_style,
    matches_nomenclature,
    species_key,
)

SNAPSHOT_NAME = "snapshot.bin"
CACHE_ENV = "CURATE_CACHE_DIR"

__all__ = [
    "SPECIES_WITH_DATA", "Gene", "Grounding", "Knowledge", "Pathway", "PathwayOverlap", "SnapshotError",
    "SymbolInfo", "is_human_style", "is_rodent_style", "is_zebrafish_style", "matches_nomenclature",
    "species_key", "load", "lookup_symbol", "open_snapshot", "packaged_snapshot", "user_cache_dir",
    "user_snapshot_path", "version",
]


def user_cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``override``, else ``$CURATE_CACHE_DIR``, else the platform's user cache folder + ``curate``."""
    if override:
        return Path(override)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "curate"


def user_snapshot_path(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where ``curate hgnc update`` writes its snapshot."""
    return user_cache_dir(cache_dir) / "knowledge" / SNAPSHOT_NAME


def packaged_snapshot() -> Any:
    """The snapshot shipped in the package (an ``importlib.resources`` traversable)."""
    return resources.files(__name__).joinpath(SNAPSHOT_NAME)


def open_snapshot(path: str | os.PathLike[str] | None = None) -> Knowledge:
    """The snapshot at ``path``, else the user's updated snapshot, else the packaged one (uncached)."""
    if path is not None:
        return _read(Path(path))
    user = user_snapshot_path()
    if user.is_file():
        try:
            return _read(user)
        except SnapshotError as error:
            _warn(f"{error}; using the packaged snapshot")
    resource = packaged_snapshot()
    return Knowledge(resource.read_bytes(), origin=str(resource))


@cache
def load(path: str | os.PathLike[str] | None = None) -> Knowledge:
    """:func:`open_snapshot`, once per process and argument (``load.cache_clear()`` forgets)."""
    return open_snapshot(path)


def version() -> str:
    """The loaded snapshot's version (``Rule.data_version`` for rules that read it)."""
    return load().version


def _read(path: Path) -> Knowledge:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SnapshotError(f"{path}: cannot read snapshot ({error.strerror or error})") from None
    return Knowledge(data, origin=str(path))


def lookup_symbol(symbol: str, context: Any = None, species: str = "human") -> SymbolInfo:
    """The snapshot's :class:`SymbolInfo`; for a human symbol it does not know, HGNC's live answer
    when ``context.online``. ``context.hgnc_url`` and ``context.cache_dir`` configure the client, and
    ``context.extras["hgnc_client"]`` may hold further :class:`~linter.hgnc_client.HGNCClient`
    keyword arguments (``timeout``, ``retries``, ``backoff``, ``rate``, ``expiry``)."""
    info = load().lookup(symbol, species)
    if species != "human" or info.status != "unknown" or not getattr(context, "online", False):
        return info
    options = (getattr(context, "extras", None) or {}).get("hgnc_client", {})
    online = _online(getattr(context, "hgnc_url", None), getattr(context, "cache_dir", None),
                     tuple(sorted(options.items())))
    return online.lookup(symbol) or info


class _Online:
    """The live service for one run: after the first failure it is not asked again."""

    def __init__(self, base_url: str | None, cache_dir: str | None, options: tuple[tuple[str, Any], ...]) -> None:
        from linter.hgnc_client import HGNCClient  # requests is imported only for online runs

        self.client = HGNCClient(base_url, cache_dir=cache_dir, **dict(options))
        self.failed = False

    def lookup(self, symbol: str) -> SymbolInfo | None:
        from linter.hgnc_client import HGNCError

        if self.failed:
            return None
        try:
            return self.client.lookup(symbol, knowledge=load())
        except HGNCError as error:
            self.failed = True
            _warn(f"HGNC service unavailable ({error}); continuing with the snapshot")
            return None


@cache
def _online(base_url: str | None, cache_dir: str | None, options: tuple[tuple[str, Any], ...] = ()) -> _Online:
    return _Online(base_url, cache_dir, options)


def _warn(message: str) -> None:
    print(f"curate: warning: {message}", file=sys.stderr)
