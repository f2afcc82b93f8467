"""Helpers the fixer's property, fuzz and layout tests share: placing a record, comparing its data."""

from __future__ import annotations

from pathlib import Path


def place(root: Path, figid: str, raw: bytes, sidecar: Path | None) -> Path:
    """Write ``raw`` as ``root/_figures/<figid>.md``, with ``sidecar`` copied as its genes sidecar."""
    path = root / "_figures" / f"{figid}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    if sidecar is not None:
        (root / "_data").mkdir(exist_ok=True)
        (root / "_data" / f"{figid}-genes.tsv").write_bytes(sidecar.read_bytes())
    return path


def changed_paths(before, after, path=()) -> set[tuple]:
    """Deepest key paths whose values differ between two loaded documents (types included)."""
    if isinstance(before, dict) and isinstance(after, dict):
        changed = set()
        for key in before.keys() | after.keys():
            if key not in before or key not in after:
                changed.add((*path, key))
            else:
                changed |= changed_paths(before[key], after[key], (*path, key))
        return changed
    return set() if before == after and type(before) is type(after) else {path}
