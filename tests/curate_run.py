"""Running the real CLI in-process for tests: exit code, stdout and stderr."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from curate.linter.cli import main


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """Diagnostic lines only (concise format), without the closing summary."""
        return [line for line in self.out.splitlines() if line and not line.startswith(("Found ", "All checks", "[*] "))]


def curate(*args: str | Path, cwd: Path | None = None) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        os.chdir(previous)
    return Outcome(code, out.getvalue(), err.getvalue())
