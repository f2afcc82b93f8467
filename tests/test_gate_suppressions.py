"""E013 unused-suppression: directives that silence nothing, unknown codes, and the fix that removes them."""

from __future__ import annotations

from pathlib import Path

from curate_run import curate
from curate.linter.document import Document
from curate.linter.edits import apply_edits
from curate.rules.input.unused_suppression import RULE as E013

BASE = (Path(__file__).parent / "rules" / "base.md").read_text(encoding="utf-8")
GOOD_DOI = "doi: 10.3390/ijms24054893\n"
BAD_DOI = "doi: https://doi.org/10.3390/ijms24054893"


def lint(tmp_path: Path, text: str, *select: str) -> list[str]:
    path = tmp_path / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    outcome = curate("lint", "--no-cache", "--format", "concise", "--select", ",".join(select), path)
    assert "Traceback" not in outcome.err
    return [line.split(": ", 1)[1] for line in outcome.lines]


def test_a_used_directive_is_quiet_and_an_unused_one_reported(tmp_path):
    used = BASE.replace(GOOD_DOI, f"{BAD_DOI}  # curate: ignore[D003]\n")
    assert lint(tmp_path, used, "D003", "E013") == []
    unused = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore[D003]\n")
    assert lint(tmp_path, unused, "D003", "E013") == [
        "E013 [error] unused suppression of D003 in `curate: ignore`, it silences nothing"]


def test_a_blanket_directive_does_not_hide_its_own_report(tmp_path):
    text = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore\n")
    assert lint(tmp_path, text, "D003", "E013") == ["E013 [error] unused blanket `curate: ignore`, it silences nothing"]
    # only a directive that names the rule silences it
    named = text.replace("figid: ", "# curate: ignore-file[unused-suppression]\nfigid: ", 1)
    assert lint(tmp_path, named, "D003", "E013") == []


def test_unknown_codes_are_reported_even_beside_used_ones(tmp_path):
    text = BASE.replace(GOOD_DOI, f"{BAD_DOI}  # curate: ignore[D003, D0003]\n")
    assert lint(tmp_path, text, "D003", "E013") == [
        "E013 [error] unknown rule 'D0003' in `curate: ignore`, expected a rule code or name"]


def test_a_directive_inside_a_text_value_is_text(tmp_path):
    text = BASE.replace("keywords: osteoblasts |", "keywords: 'tag # curate: ignore[T004]' |")
    assert "# curate: ignore[T004]" in text
    assert lint(tmp_path, text, "T004", "E013") == []


def test_the_fix_removes_the_code_or_the_whole_directive():
    def fixed(text: str) -> list[str]:
        doc = Document.from_bytes("_figures/PMC10003241__ijms-24-04893-g003.md", text.encode("utf-8"))
        return [apply_edits(text, list(d.fix.edits)) for d in E013.check(doc, E013.options(), None)]

    listed = BASE.replace(GOOD_DOI, f"{BAD_DOI}  # curate: ignore[D003, C007]\n")
    assert f"{BAD_DOI}  # curate: ignore[C007]\n" in fixed(listed)[0]
    alone = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore[C007]\n")
    assert fixed(alone) == [BASE]
    with_note = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore[C007] checked by hand\n")
    assert fixed(with_note) == [BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # checked by hand\n")]
    own_line = BASE.replace("seo: CreativeWork\n", "seo: CreativeWork\n# curate: ignore-file[T004]\n")
    assert fixed(own_line) == [BASE]


def test_curate_fix_removes_a_whole_unused_directive_and_keeps_the_data(tmp_path):
    """The directive is a comment: the fixer's comment guard must let this fix, and only it, drop one."""
    path = tmp_path / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    path.parent.mkdir()
    path.write_text(BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore[C007]\n")
                    .replace("seo: CreativeWork\n", "seo: CreativeWork\n# curate: ignore-file[T004]\n"), encoding="utf-8")
    outcome = curate("fix", "--no-cache", "--select", "E013", path)
    assert outcome.code == 0, outcome.out + outcome.err
    assert path.read_text(encoding="utf-8") == BASE


def test_the_fix_keeps_a_crlf_records_line_ends(tmp_path):
    path = tmp_path / "_figures" / "PMC10003241__ijms-24-04893-g003.md"
    path.parent.mkdir()
    text = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # curate: ignore[C007] checked\n")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert curate("fix", "--no-cache", "--select", "E013", path).code == 0
    fixed = BASE.replace(GOOD_DOI, f"{GOOD_DOI.strip()}  # checked\n")
    assert path.read_bytes() == fixed.replace("\n", "\r\n").encode("utf-8")
