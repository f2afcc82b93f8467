"""Symbolic links met while walking a folder (issue 13, item 5 and "a symlinked _figures folder").

Policy: a link is followed when what it points to is inside the folder being walked; a link that
points outside it is not followed, and a warning names it. Each real folder is walked once, so a
loop or a second name for a folder adds nothing.
"""

from __future__ import annotations

import pytest

from curate_run import curate

PROBLEMS = "---\nfigid: {figid}\ndoi: 10.1000/a\ndoi: 10.1000/b\n---\n"


def record(folder, figid):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{figid}.md").write_text(PROBLEMS.format(figid=figid))


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / ".curate.toml").write_text("")
    return root


def linted(tree, *paths):
    outcome = curate("lint", "--format", "concise", "--no-cache", "--select", "E", *(paths or (".",)), cwd=tree)
    return outcome, sorted({line.split(":")[0] for line in outcome.lines})


def test_a_symlinked_figures_folder_inside_the_tree_is_linted(tree):
    record(tree / "store" / "figures", "PMC1__f1")
    (tree / "_figures").symlink_to("store/figures")
    outcome, files = linted(tree)
    assert files == ["_figures/PMC1__f1.md"] and outcome.code == 1 and outcome.err == ""
    outcome, files = linted(tree, "_figures")  # the link named on the command line
    assert files == ["_figures/PMC1__f1.md"]


def test_a_symlinked_folder_pointing_outside_is_named_and_not_read(tree, tmp_path):
    record(tmp_path / "elsewhere" / "_figures", "PMC2__f1")
    record(tree / "_figures", "PMC1__f1")
    (tree / "more").mkdir()
    (tree / "more" / "_figures").symlink_to(tmp_path / "elsewhere" / "_figures")
    outcome, files = linted(tree)
    assert files == ["_figures/PMC1__f1.md"]
    assert outcome.err == ("curate: warning: more/_figures is a symbolic link to a folder outside ., "
                           "not followed\n")


def test_a_symlinked_record_pointing_outside_is_named_and_not_read(tree, tmp_path):
    record(tmp_path / "elsewhere", "PMC2__f1")
    record(tree / "_figures", "PMC1__f1")
    (tree / "_figures" / "PMC2__f1.md").symlink_to(tmp_path / "elsewhere" / "PMC2__f1.md")
    outcome, files = linted(tree)
    assert files == ["_figures/PMC1__f1.md"]
    assert outcome.err == ("curate: warning: _figures/PMC2__f1.md is a symbolic link to a file outside ., "
                           "not followed\n")


def test_loops_and_second_names_add_nothing(tree):
    record(tree / "_figures", "PMC1__f1")
    (tree / "_figures" / "loop").symlink_to("..")
    (tree / "alias").symlink_to("_figures")
    outcome, files = linted(tree)
    assert files == ["_figures/PMC1__f1.md"] and outcome.err == ""
