"""The house-style reader reads exactly what libyaml reads, or leaves the text to libyaml.

For every text below, a document read with the fast reader must equal the same document composed
by libyaml: the data (types included), every key path's location, and the problems reported.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.linter import house_style
from curate.linter.document import Document, Limits
from curate.linter.edits import dump


def _read_both(text: str) -> tuple[Document, Document]:
    raw = f"---\n{text}---\n".encode()
    fast = Document.from_bytes("_figures/x.md", raw)
    original = house_style.read
    house_style.read = lambda *args: None  # the libyaml path only
    try:
        composed = Document.from_bytes("_figures/x.md", raw)
    finally:
        house_style.read = original
    return fast, composed


def _typed(value):
    """The value with every scalar's type spelled out (1 == 1.0 == True would hide a difference)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def assert_same_reading(text: str) -> bool:
    """Both readers agree on ``text``; returns whether the fast reader took it."""
    fast, composed = _read_both(text)
    assert _typed(fast.data) == _typed(composed.data)
    assert fast.problems == composed.problems
    assert fast._walk_locations() == composed._walk_locations()
    for key_path in composed._walk_locations():
        assert fast.locations.get(key_path) == composed.locations.get(key_path)
    return fast._tree is not None


def test_every_sample_record_is_read_as_libyaml_reads_it(sample_dir):
    records = sorted((sample_dir / "_figures").glob("*.md"))
    taken = 0
    for record in records:
        text = record.read_text(encoding="utf-8")
        taken += assert_same_reading(text[4 : text.index("\n---", 3) + 1])
    assert taken == len(records)  # every real record is house style, the legacy layout included


@pytest.mark.parametrize("text", [
    # what the fast reader takes
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 2003-01-01\ng: -x\n",
    "a: 'it''s\n  folded\n\n  with a break'\nb: plain\n  continued\n",
    "a: |-\n  one\n    two\n\n  three\nb: |\n  x\n\n",
    "a: |-\n  last block\n",
    "a:\n- x\n- 'y'\n- -1\nb:\n  c: []\n  d: {}\n  e:\n  - k: v\n    l:\n    - m\n  - n\n",
    "'@context': x\nkeys: \"quoted\"\n",
    # what it leaves to libyaml (each must still read the same)
    "a: 1 # comment\n", "# comment\na: 1\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: [1, 2]\n",
    "a: 1\na: 2\n", "a: \"esc\\tape\"\n", "a: >\n  folded\n", "a:\n", "a: x\n\nb: y\n", "a:\n  - x\n",
    "a: b: c\n", "a:\tb\n", "- a\n", "a: |2-\n   x\n", "a:  two spaces\n", "<<: {}\n", "1: x\n",
    "a: 'unclosed\n", "a: x\n...\n", "a: x\n   bad: indent\n", "a: 'x' y\n", "a:\n- \n", "a: x \n",
    "a: plain\n  - dash\n", "a: caf\u00e9 \u2028 x\n", "a: \x85\n", "a: \ufeffx\n",
    # found by an adversarial review: lines of spaces, extra spaces after a dash, long keys
    "a: |\n  \n", "a: |\n \n   x\n", "a:\n- |-\n  \n    x\n", "a: |-\n \n   x\n y\n", "a:\n  \n",
    "a:\n  \nb: c\n", "c:\n  a: x\n  \n", "a:\n-  k: v\n", "a:\n-   'q': v\n", "a:\n-  k: v\n  l: w\n",
    "k" * 1025 + ": x\n", "k" * 1024 + ": x\n", "'" + "k" * 1023 + "': x\n", "m:\n  " + "\u00e9" * 1025 + ": x\n",
], ids=lambda text: repr(text)[:60])
def test_readers_agree(text):
    assert_same_reading(text)


def test_nesting_deeper_than_the_stack_is_left_to_libyaml():
    text = "".join(" " * depth + "k:\n" for depth in range(1500)) + " " * 1500 + "k: v\n"
    fast, composed = _read_both(text)  # neither raises
    assert fast._tree is None
    assert [problem.kind for problem in fast.problems] == [problem.kind for problem in composed.problems]


def test_the_fast_reader_takes_the_house_style():
    for text in ("a: 1\nb: 1.5\nc: true\nd: ~\n", "a: |-\n  last block\n", "'@context': x\nkeys: \"quoted\"\n"):
        assert _read_both(text)[0]._tree is not None
    for text in ("a: 1 # comment\n", "a: &x 1\nb: *x\n", "a: [1, 2]\n", "a: 1\na: 2\n"):
        assert _read_both(text)[0]._tree is None


# any text, and text like the records' (words, long enough to be folded, with quotes and colons)
_TEXT = st.one_of(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120),
                  st.text(st.sampled_from(list("abcXYZ019 -'\":#.,()[]αé")), max_size=200))
_SCALAR = st.one_of(_TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                    st.sampled_from(["NA", ".na.character", "yes", "No", "1e3", "0x1F", "-TLR-4", "a: b", "a #b",
                                     "x\n\ny", " lead", "trail ", "- item", "'quoted'", "[]", "{}", "~", "@at"]))
_KEYS = st.one_of(st.sampled_from(["figid", "caption", "@id", "keywords", "schema-jsonld", "1", "yes"]), _TEXT)
_VALUES = st.recursive(_SCALAR, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(_KEYS, children, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=8))
def test_readers_agree_on_records_as_libyaml_writes_them(data):
    text = dump(data)
    if text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        return  # a document marker inside would end the front matter itself
    assert_same_reading(text)


def test_a_long_front_matter_stays_within_the_node_limit(tmp_path):
    """The fast reader declines a text that could exceed the limit; libyaml's path enforces it."""
    text = "".join(f"k{index}: v\n" for index in range(60))
    path = tmp_path / "_figures" / "x.md"
    path.parent.mkdir()
    path.write_text(f"---\n{text}---\n")
    doc = Document.from_path(path, Limits(max_yaml_nodes=50))
    assert [problem.kind for problem in doc.problems] == ["too-many-nodes"]
    assert yaml.safe_load(text) == Document.from_path(path).data
