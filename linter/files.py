"""Writing files the engine makes itself (baselines, the knowledge snapshot, the species table)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(data: bytes, output: Path) -> None:
    """Write ``data`` to ``output`` through a new temporary file in the same folder, then rename.

    The temporary file is made with ``O_EXCL`` under a random name, so a symbolic link planted in
    the folder is never written through; the rename replaces a link at ``output`` itself, never
    what it points to. The file gets the permissions the umask gives a new file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
