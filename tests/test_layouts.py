"""Every valid layout of the same records gives the same findings as the house style (issue 13, item 6).

The same data is written the way PFOCR writes it (the house style) and in other valid YAML
layouts: block mappings indented by 3 or 4, everything in flow style on lines of 80 or on one line
(keys past column 2,000), leaf collections in flow style, every scalar single- or double-quoted,
CRLF line ends, a byte-order mark, comments on their own lines and after values. Lint must find the
same problems (rule codes and key paths) in every layout, never an internal error; and every fix
must either apply, leaving exactly the data the house style's fix leaves, or be refused with a
reason.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE
from record_files import place
from curate.linter.config import resolve
from curate.linter.document import Document
from curate.linter.edits import dump
from curate.linter.fixer import fix_text
from curate.linter.registry import all_rules
from curate.linter.rule import Context
from curate.linter.runner import check_document

FIXTURES = Path(__file__).parent / "rules"
CONFIG = resolve({}, all_rules())
CONTEXT = Context()


def _yaml(data, **options) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, **options)


def _commented(text: str) -> str:
    """A comment line before every top-level key and after every one-line plain scalar that ends its line."""
    lines = text.split("\n")
    ends = set()
    pending = [yaml.compose(text, Loader=yaml.CSafeLoader)]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.start_mark.line == node.end_mark.line:
                ends.add((node.end_mark.line, node.end_mark.column))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        else:
            pending.extend(item for pair in node.value for item in pair)
    commented = []
    for number, line in enumerate(lines[:-1]):
        if line[:1].isalpha():
            commented.append(f"# note {number}")
        commented.append(line + (f"  # after {number}" if (number, len(line)) in ends else ""))
    return "\n".join(commented) + "\n"


LAYOUTS = {
    "indent-3": lambda data: _yaml(data, width=80, indent=3),
    "indent-4": lambda data: _yaml(data, width=80, indent=4),
    "flow": lambda data: _yaml(data, width=80, default_flow_style=True),
    "flow-one-line": lambda data: _yaml(data, width=10**6, default_flow_style=True),
    "flow-leaves": lambda data: _yaml(data, width=80, default_flow_style=None),
    "single-quoted": lambda data: _yaml(data, width=80, default_style="'"),
    "double-quoted": lambda data: _yaml(data, width=80, default_style='"'),
    "long-lines": lambda data: _yaml(data, width=10**6),
    "comments": lambda data: _commented(dump(data)),
}
ENCODINGS = {"plain": lambda text: text.encode(), "crlf": lambda text: text.replace("\n", "\r\n").encode(),
             "bom": lambda text: b"\xef\xbb\xbf" + text.encode()}


def _defective(data: dict, rng: random.Random) -> dict:
    """The record with a few fixable defects of several families."""
    data = copy.deepcopy(data)
    data["figtitle"] = str(data.get("figtitle", "a title")).replace(" ", "  ", 1) + " "
    if isinstance(data.get("doi"), str):
        data["doi"] = "https://doi.org/" + data["doi"]
    data["journal_title"] = ".na.character"
    nested = data.get("schema-jsonld", {})
    if isinstance(nested.get("description"), str):  # a value nested at the layout's indentation
        nested["description"] = nested["description"].replace(" ", "  ", 1)
    keywords = nested.get("keywords")
    if isinstance(keywords, list) and keywords:
        keywords.insert(rng.randrange(len(keywords)), keywords[0])
    if rng.random() < 0.5:
        data["organisms"] = ["NA"]
    return data


def _records(sample_dir: Path) -> list[tuple[str, dict, Path | None]]:
    """(figid, data, sidecar) of some sample records and defective versions of them."""
    rng = random.Random(13)
    found = []
    for path in sorted((sample_dir / "_figures").glob("*.md"))[::15]:
        doc = Document.from_path(path)
        sidecar = Path(doc.sidecar_path) if doc.sidecar_path and Path(doc.sidecar_path).exists() else None
        found.append((doc.figid, doc.data, sidecar))
        found.append((doc.figid, _defective(doc.data, rng), sidecar))
    return found


def _findings(doc: Document) -> Counter:
    found = check_document(doc, CONFIG, CONTEXT)
    assert not [d.message for d in found if "internal error" in d.message], doc.path
    return Counter((d.code, d.key_path) for d in found)


@pytest.fixture(scope="module")
def house_results(tmp_path_factory) -> list[tuple[str, dict, Path | None, Counter, dict]]:
    """Per record: figid, data, sidecar, the house style's findings and the data its fix leaves."""
    if not SAMPLE.is_dir():
        pytest.skip(f"sample corpus not found at {SAMPLE}")
    root = tmp_path_factory.mktemp("house")
    results = []
    for number, (figid, data, sidecar) in enumerate(_records(SAMPLE)):
        path = place(root / str(number), figid, f"---\n{dump(data)}---\n".encode(), sidecar)
        house = Document.from_path(path)
        fixed = fix_text(house, CONFIG, CONTEXT, unsafe=True)
        fixed_data = Document.from_bytes(house.path, fixed.text.encode(), fs_path=path).data
        results.append((figid, data, sidecar, _findings(house), fixed_data))
    return results


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_gives_the_house_style_findings(layout, house_results, tmp_path):
    for number, (figid, data, sidecar, expected, fixed_data) in enumerate(house_results):
        encoding = sorted(ENCODINGS)[number % len(ENCODINGS)]  # each layout meets every encoding
        raw = ENCODINGS[encoding](f"---\n{LAYOUTS[layout](data)}---\n")
        path = place(tmp_path / f"{number}", figid, raw, sidecar)
        doc = Document.from_path(path)
        assert doc.ok and doc.data == data, (layout, encoding, doc.problems)
        assert _findings(doc) == expected, (figid, layout, encoding)
        outcome = fix_text(doc, CONFIG, CONTEXT, unsafe=True)
        assert outcome.error is None, (figid, layout, encoding, outcome.error)
        fixed = Document.from_bytes(str(path), raw[: 3 if doc.bom else 0] + outcome.text.encode(), fs_path=path)
        assert fixed.ok, (figid, layout, encoding, fixed.problems)
        if outcome.skipped:  # refused, with a reason each, and the data as the fixes that applied left it
            assert all(" not applied: " in note for note in outcome.skipped)
        else:
            assert fixed.data == fixed_data, (figid, layout, encoding)
