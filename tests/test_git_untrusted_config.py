"""``--changed-since`` runs no command a linted repository's own git config names (issue 13).

The repository is real git; its ``.git/config`` names an fsmonitor, hooks, a clean filter, a
textconv driver and an external diff, each of which would leave a marker file if git ran it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from curate_run import curate

GIT_ENV = {"GIT_AUTHOR_NAME": "curate tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
           "GIT_COMMITTER_NAME": "curate tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
RECORD = "---\nfigid: {figid}\ndoi: 10.1000/a\ndoi: 10.1000/b\n---\n"


def git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)


def test_changed_since_runs_nothing_from_the_repositorys_config(tmp_path):
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    (repo / "_figures").mkdir(parents=True)
    markers.mkdir()
    (repo / "_figures" / "PMC1__f1.md").write_text(RECORD.format(figid="PMC1__f1"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "seed")
    tools = {}
    for name in ("fsmonitor", "hook", "clean", "textconv", "external"):
        script = tmp_path / f"{name}.sh"
        script.write_text(f"#!/bin/sh\ntouch {markers / name}\ncat\n")
        script.chmod(0o755)
        tools[name] = script
    hooks = repo / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "reference-transaction", "post-checkout"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {markers / 'hook'}\n")
        (hooks / hook).chmod(0o755)
    (repo / ".gitattributes").write_text("*.md filter=evil diff=evil\n")
    with open(repo / ".git" / "config", "a") as config:
        config.write(f"[core]\n\tfsmonitor = {tools['fsmonitor']}\n\thooksPath = {hooks}\n"
                     f"[filter \"evil\"]\n\tclean = {tools['clean']}\n\tsmudge = cat\n"
                     f"[diff \"evil\"]\n\ttextconv = {tools['textconv']}\n"
                     f"[diff]\n\texternal = {tools['external']}\n")
    (repo / "_figures" / "PMC1__f1.md").write_text(RECORD.format(figid="PMC1__f1") + "\n")
    (repo / "_figures" / "PMC2__f1.md").write_text(RECORD.format(figid="PMC2__f1"))

    outcome = curate("lint", "--no-cache", "--format", "concise", "--select", "E", "--changed-since", "main",
                     ".", cwd=repo)

    assert sorted(os.listdir(markers)) == []
    assert sorted({line.split(":")[0] for line in outcome.lines}) == ["_figures/PMC1__f1.md", "_figures/PMC2__f1.md"]
