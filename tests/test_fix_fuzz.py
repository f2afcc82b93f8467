"""Fuzzing lint and fix with generated records (issue 13, item 6 of the "done when" list).

Records (the base fixture and a few sample records) get random defects (NA sentinels, doubled and
trailing spaces, markup, repeated keywords, bad DOIs, NA organisms, control characters, text that
needs quoting) and are written in a random layout (block with 2, 3 or 4 spaces, flow, one-line
flow, quoted, long lines, comments) and encoding (LF, CRLF, BOM). For each, through the real CLI:

- lint and fix (safe or unsafe) exit 0 or 1, with no traceback and no internal error;
- the fixed file reads cleanly, holds the data the fixer says it applied (checked against the
  house-style rendering of the same record: the same fixes give the same data), changes data only
  at the key paths of the fixes applied, and leaves every byte outside the changed values as it was;
- fixing again changes nothing.

CI runs a few dozen examples; ``CURATE_FUZZ_EXAMPLES=10000`` runs a long campaign.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import SAMPLE
from test_layouts import ENCODINGS, LAYOUTS

from record_files import changed_paths, place
from curate.linter.config import resolve
from curate.linter.document import Document
from curate.linter.edits import dump
from curate.linter.fixer import fix_text
from curate.linter.registry import all_rules
from curate.linter.rule import Context
from curate_run import curate

FIXTURES = Path(__file__).parent / "rules"
CONFIG = resolve({}, all_rules())
CONTEXT = Context()
EXAMPLES = int(os.environ.get("CURATE_FUZZ_EXAMPLES", "40"))


def _load(path: Path) -> dict:
    return Document.from_path(path).data


SEEDS = [("base", _load(FIXTURES / "base.md"), FIXTURES / "base-genes.tsv")]
if SAMPLE.is_dir():
    for record in sorted((SAMPLE / "_figures").glob("*.md"))[::30]:
        sidecar = SAMPLE / "_data" / f"{record.stem}-genes.tsv"
        SEEDS.append((record.stem, _load(record), sidecar if sidecar.exists() else None))

TEXT_KEYS = ("figtitle", "papertitle", "caption", "journal_title", "reftext")
SENTINELS = (".na.character", "NA", "N/A", "NaN", "NULL", " NA ", "na")
NASTY = ("a: b", "x #y", "'quoted'", '"double"', "a, b", "[x]", "{y}", "- dash", "&anchor", "*alias",
         "trailing ", " leading", "tab\there", "bell\x07", "line\nbreak", "é ü", "\u2028", "?q", "%p", "@at")


def _text_paths(data: dict) -> list[tuple]:
    paths = [(key,) for key in TEXT_KEYS if isinstance(data.get(key), str)]
    nested = data.get("schema-jsonld")
    if isinstance(nested, dict) and isinstance(nested.get("description"), str):
        paths.append(("schema-jsonld", "description"))
    return paths


def _set(data: dict, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: dict, path: tuple):
    for part in path:
        data = data[part]
    return data


@st.composite
def defective_records(draw) -> tuple[str, dict, Path | None]:
    figid, data, sidecar = draw(st.sampled_from(SEEDS))
    data = copy.deepcopy(data)
    for defect in draw(st.lists(st.sampled_from(sorted(DEFECTS)), min_size=1, max_size=5)):
        DEFECTS[defect](draw, data)
    return figid, data, sidecar


def _na(draw, data):
    path = draw(st.sampled_from([(key,) for key in ("doi", "journal_title", "year", "figtitle") if key in data]
                                + [("organisms_ner",)]))
    value = draw(st.sampled_from(SENTINELS))
    _set(data, path, [value] if path == ("organisms_ner",) else value)


def _spaces(draw, data):
    paths = _text_paths(data)
    if paths:
        path = draw(st.sampled_from(paths))
        text = _get(data, path)
        at = draw(st.integers(0, len(text)))
        _set(data, path, text[:at] + draw(st.sampled_from(["  ", " ", "   ", "\u00a0 "])) + text[at:])


def _markup(draw, data):
    paths = _text_paths(data)
    if paths:
        path = draw(st.sampled_from(paths))
        _set(data, path, draw(st.sampled_from(["<i>", "<sup>2</sup>", "&amp;", "<b>x</b> "])) + _get(data, path))


def _nasty(draw, data):
    paths = _text_paths(data)
    if paths:
        path = draw(st.sampled_from(paths))
        _set(data, path, _get(data, path) + draw(st.sampled_from(NASTY)) + "  x")


def _repeated_keywords(draw, data):
    keywords = data.get("schema-jsonld", {}).get("keywords")
    if isinstance(keywords, list) and keywords:
        for _ in range(draw(st.integers(1, 4))):
            keywords.insert(draw(st.integers(0, len(keywords))), draw(st.sampled_from(keywords)))


def _bad_doi(draw, data):
    doi = data.get("doi") if isinstance(data.get("doi"), str) else "10.1000/xyz"
    data["doi"] = draw(st.sampled_from(["https://doi.org/", "http://dx.doi.org/", "doi:", " ", "DOI: "])) + doi + \
        draw(st.sampled_from(["", " ", ".", "\u200b"]))


def _organisms(draw, data):
    data[draw(st.sampled_from(["organisms", "organisms_ner"]))] = draw(st.sampled_from(
        [["NA"], ["Homo sapiens", "NA"], "NA", ["homo sapiens"], ["Homo Sapiens", "Mus musculus"], []]))


def _year(draw, data):
    data["year"] = draw(st.sampled_from(["1999", "20O1", 2001, "", " 2020"]))


DEFECTS = {"na": _na, "spaces": _spaces, "markup": _markup, "nasty": _nasty, "keywords": _repeated_keywords,
           "doi": _bad_doi, "organisms": _organisms, "year": _year}


_SEPARATORS = frozenset(" ,\t\r\n-")


def _allowed_spans(doc: Document, paths: set[tuple]) -> list[tuple[int, int]]:
    """Character spans of the changed values, with the separators around them (commas, dashes, indentation,
    line ends) that go when an entry goes."""
    spans = []
    for path in paths:
        location = doc.locate(path)
        start = (location.key or location.value).start
        end = location.value.end
        while start > doc.fm_start and doc.text[start - 1] in _SEPARATORS:
            start -= 1
        while end < doc.fm_end and doc.text[end] in _SEPARATORS:
            end += 1
        spans.append((start, end))
    return spans


def _assert_only_changed_values_differ(before: Document, after_text: str, paths: set[tuple]) -> None:
    """The fixed text is the original's text between the changed values, in order, with anything in
    their places."""
    kept, position = [], 0
    for start, end in sorted(_allowed_spans(before, paths)):
        if start > position:
            kept.append(before.text[position:start])
        position = max(position, end)
    tail = before.text[position:]
    assert after_text.endswith(tail) and (not kept or after_text.startswith(kept[0])), "text changed outside"
    found = len(kept[0]) if kept else 0
    for piece in kept[1:]:
        found = after_text.find(piece, found)
        assert found != -1, f"{piece[:60]!r} changed, outside the fixed values {sorted(paths, key=str)}"
        found += len(piece)
    assert found <= len(after_text) - len(tail), "text changed outside the fixed values"


def _clean_run(outcome) -> None:
    assert outcome.code in (0, 1), (outcome.code, outcome.err)
    assert "Traceback" not in outcome.err and "internal error" not in outcome.out + outcome.err, outcome.err


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=defective_records(), layout=st.sampled_from(["house", *sorted(LAYOUTS)]),
       encoding=st.sampled_from(sorted(ENCODINGS)), unsafe=st.booleans())
def test_lint_and_fix_never_lose_data(record, layout, encoding, unsafe):
    figid, data, sidecar = record
    text = dump(data) if layout == "house" else LAYOUTS[layout](data)
    if "\n---" in text or "\n..." in text or text.startswith(("---", "...")):
        return  # a document marker inside the data ends the front matter: not this test's subject
    raw = ENCODINGS[encoding](f"---\n{text}---\nbody text\n")
    flag = ("--unsafe-fixes",) if unsafe else ()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = place(root, figid, raw, sidecar)
        original = Document.from_path(path)
        assert original.ok and original.data == data, original.problems

        _clean_run(curate("lint", "--no-cache", "--format", "concise", path))
        expected = fix_text(original, CONFIG, CONTEXT, unsafe)  # the engine's account of the fix
        fixed_run = curate("fix", "--no-cache", *flag, path)
        _clean_run(fixed_run)
        written = path.read_bytes()
        assert [name for name in os.listdir(path.parent) if name.endswith(".tmp")] == []
        fixed = Document.from_path(path)
        assert fixed.ok, fixed.problems
        assert written == raw[: 3 if original.bom else 0] + expected.text.encode()

        changed = changed_paths(original.data, fixed.data)
        asked = [d.key_path for d in expected.applied]
        for key_path in changed:
            assert any(key_path[: len(a)] == a or a[: len(key_path)] == key_path for a in asked), (key_path, asked)
        # a value a fix rewrote may read back as it was (copied, then the copy's source fixed)
        rewritten = {d.key_path for d in expected.applied if d.key_path in original.locations}
        _assert_only_changed_values_differ(original, fixed.text, changed | rewritten)
        assert not expected.skipped or all(" not applied: " in note for note in expected.skipped)

        if layout != "house" and not expected.skipped and expected.error is None:
            house = Document.from_bytes(str(path), f"---\n{dump(data)}---\n".encode(), fs_path=path)
            house_fixed = fix_text(house, CONFIG, CONTEXT, unsafe)
            if not house_fixed.skipped and house_fixed.error is None:
                assert fixed.data == Document.from_bytes(str(path), house_fixed.text.encode(), fs_path=path).data

        again = curate("fix", "--no-cache", *flag, path)
        _clean_run(again)
        assert path.read_bytes() == written, "a second fix changed the file again"
