"""Gene knowledge: HGNC, MGI, RGD, FamPlex and WikiPathways compiled into one snapshot.

``load()`` returns the process-wide :class:`Knowledge` (the user's ``curate hgnc update`` snapshot
when there is one, else the snapshot shipped in this package); sections are parsed on first use.
The snapshot knows nothing of HTTP: :mod:`curate.linter.symbol_lookup` adds HGNC's live service
for ``--online`` runs.

Build the packaged snapshot with ``curate data build`` (see :mod:`curate.linter.knowledge.build`).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from curate.linter.knowledge.model import (
    SPECIES_WITH_DATA,
    Gene,
    Grounding,
    Knowledge,
    Pathway,
    PathwayOverlap,
    SnapshotError,
    SymbolInfo,
)
from curate.linter.knowledge.nomenclature import (
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
    "species_key", "load", "open_snapshot", "packaged_snapshot", "user_cache_dir",
    "user_snapshot_path", "version", "warn",
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
            warn(f"{error}; using the packaged snapshot")
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


def warn(message: str) -> None:
    print(f"curate: warning: {message}", file=sys.stderr)
