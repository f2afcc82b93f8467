"""Properties of `curate fix` over every sample record, every fixture and generated records.

1. nothing to fix: output byte-identical to input;
2. only lines inside keys whose values changed differ;
3. where the front matter was libyaml's emission of its data, the fixed one is libyaml's emission of
   the fixed data;
4. idempotent, and the fixed diagnostics are gone;
5. the fixed file parses to the original data plus the fixes, nothing else;
6. YAML comments survive.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from record_files import changed_paths
from curate.linter.config import resolve
from curate.linter.diagnostic import Applicability
from curate.linter.document import Document
from curate.linter.edits import dump
from curate.linter.fixer import comment_lines, finding_key, fix_text
from curate.linter.registry import all_rules
from curate.linter.rule import Context
from curate.linter.runner import check_document

FIXTURES = Path(__file__).parent / "rules"
CONFIG = resolve({}, all_rules())
CONTEXT = Context()


def _doc(path: Path, text: str | None = None) -> Document:
    if text is None:
        return Document.from_path(path)
    return Document.from_bytes(str(path), text.encode("utf-8"), fs_path=path)


def _front_matter(doc: Document) -> str:
    return doc.text[doc.fm_start : doc.fm_end]


def _line_range(doc: Document, key_path: tuple) -> range:
    """Lines from a key path's key (or item) to the end of its value."""
    location = doc.locations[key_path]
    first = (location.key or location.value).line
    return range(first, location.value.end_line + 1)


def check_fix_properties(path: Path, unsafe: bool) -> bool:
    """Assert the properties for one record; True when a fix applied."""
    original = _doc(path)
    if not original.ok:
        return False
    outcome = fix_text(original, CONFIG, CONTEXT, unsafe)
    assert outcome.error is None, outcome.error
    fixable = [d for d in check_document(original, CONFIG, CONTEXT)
               if d.fix and (unsafe or d.fix.applicability is Applicability.SAFE)]
    if not fixable:
        assert outcome.text == original.text  # property 1
        return False
    fixed = _doc(path, outcome.text)
    assert fixed.ok, fixed.problems

    # property 5: data changes only at the values the applied fixes point at
    changed = changed_paths(original.data, fixed.data)
    asked = [d.key_path for d in outcome.applied]
    for key_path in changed:
        assert any(key_path[: len(a)] == a or a[: len(key_path)] == key_path for a in asked), (
            f"{path}: {key_path} changed, but the fixes applied point at {asked}"
        )

    # property 2: every changed original line lies inside a changed key's lines, or the lines of a
    # fix that edits no data (a comment, such as an unused suppression)
    allowed: set[int] = {line for d in outcome.applied for line in range(d.line, d.end_line + 1)}
    for key_path in changed:
        anchor = key_path
        while anchor not in original.locations:
            anchor = anchor[:-1]
        allowed |= set(_line_range(original, anchor))
    before_lines = original.text.splitlines(keepends=True)
    after_lines = fixed.text.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, before_lines, after_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(i1 + 1, i2 + 1))
        inserted_next_to_allowed = tag == "insert" and {i1, i1 + 1} & allowed
        assert touched <= allowed and (touched or inserted_next_to_allowed), (
            f"{path}: lines {sorted(touched)} changed outside the fixed keys {sorted(changed, key=str)}"
        )

    # property 3: libyaml-faithful output
    if _front_matter(original) == dump(original.data):
        assert _front_matter(fixed) == dump(fixed.data), f"{path}: fixed front matter is not libyaml's emission"

    # property 4: what was fixed is not reported again, and a second safe fix is a no-op. An unsafe
    # fix acts only on the first lint's findings, which must be gone; its verdicts are judgements
    # that read the rest of the record (a keyword's neighbours, a meant gene written in place of a
    # wrong match), so the next lint may judge a keyword it did not judge before, and a second
    # unsafe fix may act on that new finding.
    remaining = [d for d in check_document(fixed, CONFIG, CONTEXT)
                 if d.fix and (unsafe or d.fix.applicability is Applicability.SAFE)]
    if unsafe:
        first = {finding_key(original, d) for d in fixable}
        remaining = [d for d in remaining if finding_key(fixed, d) in first]
    assert remaining == [], f"{path}: fixable diagnostics remain: {[d.code for d in remaining]}"
    if not unsafe:
        again = fix_text(fixed, CONFIG, CONTEXT, unsafe)
        assert again.text == fixed.text, f"{path}: a second fix changed the file again"
    return True



def _sample_records(sample_dir: Path) -> list[Path]:
    return sorted((sample_dir / "_figures").glob("*.md"))


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_properties_hold_on_every_sample_record(sample_dir, tmp_path, unsafe):
    root = tmp_path / "corpus"
    shutil.copytree(sample_dir, root)
    applied = sum(check_fix_properties(path, unsafe) for path in _sample_records(root))
    print(f"fixes applied to {applied} sample records ({'unsafe' if unsafe else 'safe'})")


def test_properties_hold_on_every_fixture(tmp_path):
    for bad in sorted(FIXTURES.glob("*/bad.md")):
        if bad.is_symlink():
            continue
        doc = Document.from_path(bad)
        if not doc.ok:
            continue
        target = tmp_path / bad.parent.name / "_figures" / f"{doc.figid}.md"
        target.parent.mkdir(parents=True)
        shutil.copyfile(bad, target)
        sidecar = bad.parent / "bad-genes.tsv"
        if sidecar.exists():
            (target.parent.parent / "_data").mkdir()
            shutil.copyfile(sidecar, target.parent.parent / "_data" / f"{doc.figid}-genes.tsv")
        for unsafe in (False, True):
            check_fix_properties(target, unsafe)


def test_comments_survive_fixes(sample_dir, tmp_path):
    """Curators' notes and suppressions stay, wherever they sit, and a fix that would drop one is refused."""
    checked = 0
    for source in _sample_records(sample_dir):
        original = Document.from_path(source)
        fixable = [d for d in check_document(original, CONFIG, CONTEXT) if d.fix]
        if not fixable:
            continue
        lines = original.text.splitlines(keepends=True)
        # a note before every top-level key and a trailing comment on every list item of the front matter
        noted = []
        for number, line in enumerate(lines, start=1):
            inside = original.fm_line <= number < original.fm_line + _front_matter(original).count("\n")
            if inside and line[:1].isalpha():
                noted.append(f"# note {number}\n")
            if inside and line.lstrip().startswith("- ") and "#" not in line and not line.rstrip().endswith(":"):
                line = line.rstrip("\n") + f"  # item note {number}\n"
            noted.append(line)
        target = tmp_path / "_figures" / source.name
        target.parent.mkdir(exist_ok=True)
        target.write_text("".join(noted))
        doc = Document.from_path(target)
        assert doc.ok
        before = comment_lines(_front_matter(doc))
        outcome = fix_text(doc, CONFIG, CONTEXT, unsafe=True)
        after = comment_lines(_front_matter(_doc(target, outcome.text)))
        assert before <= after, f"{source.name}: comments lost {before - after}"
        checked += 1
    assert checked or not any(r.fix.value != "never" for r in all_rules())


# ------------------------------------------------------------------ generated records
BASE = yaml.load((FIXTURES / "base.md").read_text().split("---\n")[1], Loader=yaml.CSafeLoader)

DEFECTS = {
    "doi-prefix": lambda d, r: d.__setitem__("doi", r.choice(["https://doi.org/", "http://dx.doi.org/", "doi:", " "]) + d["doi"]),
    "doi-na": lambda d, r: d.__setitem__("doi", ".na.character"),
    "journal-na": lambda d, r: d.__setitem__("journal_title", ".na.character"),
    "organisms-na": lambda d, r: d.__setitem__("organisms", ["NA"]),
    "organism-case": lambda d, r: d.__setitem__("organisms", ["Homo Sapiens"]),
    "description-space": lambda d, r: d["schema-jsonld"].__setitem__("description", d["caption"].replace(" ", "  ", 1)),
    "description-drift": lambda d, r: d["schema-jsonld"].__setitem__("description", d["caption"][:-20]),
    "duplicate-keyword": lambda d, r: d["schema-jsonld"]["keywords"].insert(r.randrange(5), d["schema-jsonld"]["keywords"][0]),
    "figid-alias": lambda d, r: d.__setitem__("figid_alias", "PMC10003241__F9"),
    "trailing-space-title": lambda d, r: d.__setitem__("figtitle", d["figtitle"] + " "),
    "comment": None,
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(defects=st.sets(st.sampled_from(sorted(DEFECTS)), min_size=1, max_size=4), seed=st.integers(0, 2**16),
       unsafe=st.booleans(), crlf=st.booleans(), flow=st.booleans())
def test_properties_hold_on_generated_records(tmp_path, defects, seed, unsafe, crlf, flow):
    import copy
    import random

    rng = random.Random(seed)
    data = copy.deepcopy(BASE)
    for name in sorted(defects):
        if DEFECTS[name] is not None:
            DEFECTS[name](data, rng)
    text = "---\n" + (dump(data) if not flow else yaml.dump(data, sort_keys=False, allow_unicode=True, width=80,
                                                               default_flow_style=None)) + "---\n"
    if "comment" in defects:
        text = text.replace("\nyear:", "\n# curator: checked the year by hand\nyear:", 1)
    if crlf:
        text = text.replace("\n", "\r\n")
    target = tmp_path / f"case{seed}" / "_figures" / f"{data['figid']}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    (target.parent.parent / "_data").mkdir(exist_ok=True)
    shutil.copyfile(FIXTURES / "base-genes.tsv", target.parent.parent / "_data" / f"{data['figid']}-genes.tsv")
    if crlf:
        outcome = fix_text(Document.from_path(target), CONFIG, CONTEXT, unsafe)
        assert "\n" not in outcome.text.replace("\r\n", "")
        return
    check_fix_properties(target, unsafe)
    if "comment" in defects:
        outcome = fix_text(Document.from_path(target), CONFIG, CONTEXT, unsafe)
        assert "# curator: checked the year by hand" in outcome.text


def test_fix_that_would_remove_an_anchor_is_refused(tmp_path):
    data = dict(BASE, doi=".na.character")
    text = "---\n" + dump(data) + "---\n"
    text = text.replace("doi: .na.character", "doi: &missing .na.character\njournal_copy: *missing")
    target = tmp_path / "_figures" / f"{data['figid']}.md"
    target.parent.mkdir()
    target.write_text(text)
    doc = Document.from_path(target)
    assert doc.ok
    outcome = fix_text(doc, resolve({"select": ["N001"]}, all_rules()), CONTEXT, unsafe=False)
    assert "&missing" in outcome.text and "*missing" in outcome.text
    assert any("anchor" in note for note in outcome.skipped)
