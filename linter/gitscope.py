"""``--changed-since REF``: the records a branch added or changed, asked of real git.

"Changed since REF" has merge-base semantics, like ``git diff REF...``: a file counts when it
differs between the point where the current branch left REF and the working tree. On a pull
request, ``--changed-since origin/main`` is then the pull request's own files, whatever landed
on main meanwhile. Uncommitted edits (staged or not) and untracked files that git does not
ignore count too; deleted files do not (there is nothing left to lint). A changed genes sidecar
``_data/<figid>-genes.tsv`` brings in its record ``_figures/<figid>.md`` (or ``.yaml``/``.yml``),
since the gene rules read both.

The linted repository is untrusted, its ``.git/config`` included, and these read-only questions
need none of the programs a config can name: git runs with fsmonitor and hooks off, without
external diff or textconv drivers, with every clean/smudge filter blanked, without the system
config and without optional locks (nothing is written to the repository).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from curate.linter.config import ConfigError
from curate.linter.document import records_of_sidecar


def changed_records(ref: str, paths: list[str]) -> set[Path]:
    """Absolute paths (``os.path.abspath``, symlinks kept) of files added, copied, modified or renamed since ``ref``."""
    root = repo_root(paths[0] if paths else ".")
    if _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False) is None:
        raise ConfigError(
            f"--changed-since: unknown git ref {ref!r} in {root} "
            "(in CI, fetch the base branch: actions/checkout with fetch-depth: 0)"
        )
    base = _git(root, "merge-base", "--end-of-options", ref, "HEAD", check=False)
    if base is None:
        raise ConfigError(f"--changed-since: {ref!r} and HEAD have no common ancestor in {root}")
    base = base.strip()
    changed = _git(root, *_without_filters(root), "diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv",
                   "--diff-filter=ACMR", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    names = {name for name in (changed + untracked).split("\0") if name}
    found = {Path(os.path.abspath(os.path.join(root, name))) for name in names}
    return found | {record for path in found for record in records_of_sidecar(path)}


def repo_root(path: str) -> str:
    """The work tree's top folder, spelled from ``path`` (not resolved) so it matches the targets' paths."""
    start = os.path.abspath(path)
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    top = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if top is None:
        raise ConfigError(f"--changed-since needs a git repository: {path} is not inside one")
    top = top.rstrip("\n")
    cdup = _git(folder, "rev-parse", "--show-cdup").rstrip("\n")
    spelled = os.path.normpath(os.path.join(folder, cdup))
    try:
        return spelled if os.path.samefile(spelled, top) else top
    except OSError:
        return top


def _without_filters(root: str) -> list[str]:
    """``-c`` options blanking every filter driver the config defines: comparing the working tree
    with a commit would otherwise run their clean commands on changed files."""
    keys = _git(root, "config", "--null", "--name-only", "--get-regexp", r"^filter\.", check=False) or ""
    names = dict.fromkeys(key[len("filter."):].rpartition(".")[0] for key in keys.split("\0") if key)
    return [option for name in names for setting in ("clean=", "smudge=", "process=", "required=false")
            for option in ("-c", f"filter.{name}.{setting}")]


_NO_PROGRAMS = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")
_ENVIRONMENT = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_OPTIONAL_LOCKS": "0"}


def _git(cwd: str, *args: str, check: bool = True) -> str | None:
    """git's standard output; ``None`` on failure when ``check`` is false, else a ConfigError."""
    try:
        done = subprocess.run(["git", "-C", cwd, *_NO_PROGRAMS, *args], capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", env={**os.environ, **_ENVIRONMENT})
    except FileNotFoundError:
        raise ConfigError("--changed-since needs git, and git is not installed") from None
    if done.returncode == 0:
        return done.stdout
    if not check:
        return None
    raise ConfigError(f"--changed-since: git {' '.join(args)} failed: {done.stderr.strip()}")
