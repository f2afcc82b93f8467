"""T rules: defects injected into real records are reported on the right line; real text is left alone."""

from __future__ import annotations

import glob
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.linter.document import Document, RecordLoader
from curate.linter.edits import apply_edits, dump
from curate.linter.rule import Context
from curate.rules.text import (
    control_characters, description_caption_drift, empty_brackets, glued_sentence, markup, mixed_script, mojibake,
    placeholder_caption, whitespace,
)
from curate.rules.text.mixed_script import impostor
from curate.rules.text.mojibake import repaired
from curate.rules.text.scalars import offsets

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pfocr-sample" / "_figures"
AHR = "PMC10036442__109_2023_2289_Fig1_HTML.md"  # long plain caption, description equal to it, ’ and – in text
GREEK = "PMC10037502__JCTH-11-675-g001.md"  # HIF-1α, eIF2α: Greek used as Greek
HYGIENE_RULES = [whitespace, markup, mojibake, glued_sentence, empty_brackets, mixed_script, control_characters]


def read(name: str) -> str:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return (SAMPLE / name).read_text(encoding="utf-8")


def sample_names() -> list[str]:
    return sorted(Path(p).name for p in glob.glob(str(SAMPLE / "*.md")))


def split(text: str) -> tuple[dict, str]:
    front, body = text[4:].split("\n---", 1)
    return yaml.load(front, Loader=RecordLoader), "\n---" + body


def join(data: dict, body: str) -> str:
    return "---\n" + dump(data).rstrip("\n") + body


def lint(module, text: str, options=None) -> list:
    doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
    assert doc.ok, doc.problems
    rule = module.RULE
    return list(rule.check(doc, options or rule.options(), Context()))


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def with_field(name: str, field: tuple, change) -> str:
    data, body = split(read(name))
    target = data
    for part in field[:-1]:
        target = target[part]
    before = target[field[-1]]
    target[field[-1]] = change(before)
    assert target[field[-1]] != before, "the injection changed nothing"
    return join(data, body)


# ------------------------------------------------------------------ injected defects, right line

INJECTIONS = [
    # (rule module, field, old, new, what to find on the reported line)
    (whitespace, ("caption",), "tryptamine which", "tryptamine  which", "tryptamine  which"),
    (whitespace, ("figtitle",), "host-microbiota", "host-microbiota\t", "\\t"),
    (markup, ("caption",), "indole sulfate", "indole <i>sulfate</i>", "<i>sulfate"),
    (markup, ("papertitle",), "tryptophan metabolites", "tryptophan &amp; metabolites", "&amp;"),
    (mojibake, ("caption",), "Alzheimer’s", "Alzheimerâ€™s", "Alzheimerâ€™s"),
    (glued_sentence, ("caption",), "pathology. Microbial", "pathology.Microbial", "pathology.Microbial"),
    (glued_sentence, ("caption",), "disease. There", "progression.Abbreviation", "progression.Abbreviation"),
    (empty_brackets, ("caption",), "(see the text)", "[]", "[]"),
    (empty_brackets, ("caption",), "indole sulfate.", "indole sulfate ().", "sulfate ()"),
    (mixed_script, ("caption",), "AhR signaling in the brain", "АКТ signaling in the brain", "АКТ"),
    (mixed_script, ("caption",), "IDO1 enzyme", "ΤΡΗ enzyme", "ΤΡΗ"),
    (control_characters, ("caption",), "serotonin", "sero\u00adtonin", "sero\u00adtonin"),
    (control_characters, ("figtitle",), "Activation", "Activa\x07tion", "\\a"),
]


@pytest.mark.parametrize("module, field, old, new, marker", INJECTIONS, ids=lambda v: getattr(v, "__name__", None))
def test_injected_defect_is_reported_on_its_line(module, field, old, new, marker):
    text = with_field(AHR, field, lambda value: value.replace(old, new, 1))
    found = lint(module, text)
    assert found, f"{module.RULE.code} missed {new!r}"
    key = f"\n{field[-1]}:"
    assert found[0].line == line_of(text, marker, after=key)
    assert found[0].key_path == field


def test_clean_record_is_clean_for_every_text_rule():
    text = read(AHR)
    for module in [*HYGIENE_RULES, description_caption_drift, placeholder_caption]:
        assert lint(module, text) == [], module.RULE.code


def test_drift_reports_where_the_description_starts_to_differ_and_fixes_it():
    text = with_field(AHR, ("schema-jsonld", "description"), lambda v: v.replace("enterochromaffin", "enteric"))
    (found,) = lint(description_caption_drift, text)
    assert "in content" in found.message
    assert found.line == line_of(text, "enteric cells", after="  description:")
    fixed = apply_edits(text, list(found.fix.edits))
    assert fixed == read(AHR)


def test_drift_in_white_space_only_is_named_as_such():
    text = with_field(AHR, ("schema-jsonld", "description"), lambda v: v.replace("AD pathology.", "AD  pathology."))
    (found,) = lint(description_caption_drift, text)
    assert "in white space only" in found.message
    assert apply_edits(text, list(found.fix.edits)) == read(AHR)


def test_truncated_description_points_at_its_end():
    text = with_field(AHR, ("schema-jsonld", "description"), lambda v: v[:100])
    (found,) = lint(description_caption_drift, text)
    assert "first at character 101" in found.message


@pytest.mark.parametrize("caption", ["Figure", "Fig. 3", "Figure 2.", ".na.character", "NA", "", "  ", "Model."])
def test_placeholder_captions_are_reported(caption):
    text = with_field(AHR, ("caption",), lambda _: caption)
    assert len(lint(placeholder_caption, text)) == 1


def test_short_real_caption_passes_and_min_length_is_an_option():
    text = with_field(AHR, ("caption",), lambda _: "RAS signaling pathway")
    assert lint(placeholder_caption, text) == []
    strict = placeholder_caption.Options(min_length=40)
    assert len(lint(placeholder_caption, text, strict)) == 1


def test_whitespace_fix_changes_only_the_white_space():
    text = with_field(AHR, ("figtitle",), lambda v: "  " + v.replace("role of", "role  of") + " ")
    found = lint(whitespace, text)
    assert [d.message.split(" in ")[0] for d in found] == ["leading 2 spaces", "2 spaces", "trailing space"]
    assert len({d.fix for d in found}) == 1
    assert apply_edits(text, list(found[0].fix.edits)) == read(AHR)


def test_description_is_checked_when_configured():
    text = with_field(AHR, ("schema-jsonld", "description"), lambda v: v.replace("brain via", "brain  via"))
    assert lint(whitespace, text) == []
    options = whitespace.Options(fields=("schema-jsonld.description",))
    (found,) = lint(whitespace, text, options)
    assert found.line == line_of(text, "brain  via", after="  description:")


# ------------------------------------------------------------------ what real text looks like


def test_greek_used_as_greek_is_not_mixed_script():
    assert lint(mixed_script, read(GREEK)) == []
    for word in ["TNF-α", "NF-κB", "β-catenin", "IKKβ", "ΔΨm", "PKCι", "Aβ", "IκB", "α", "Κα", "белок"]:
        assert impostor(word) is None, word


@pytest.mark.parametrize("word, reading", [("АКТ", "AKT"), ("AKТ", "AKT"), ("mTОR", "mTOR"), ("ΜΑΡΚ", "MAPK")])
def test_look_alike_letters_are_read_as_latin(word, reading):
    assert impostor(word) == reading


def test_mojibake_names_the_character_meant_and_ignores_real_accents():
    assert repaired("â€™") == "’" and repaired("Î±") == "α" and repaired("Ã©") == "é"
    text = with_field(AHR, ("caption",), lambda v: v.replace("tryptophan", "São Paulo Müller naïve ×10 tryptophan", 1))
    assert lint(mojibake, text) == []


@pytest.mark.parametrize("phrase", ["et al.The", "E.coli", "Fig.S1", "www.ncbi.nlm.nih.gov", "p.Arg117His",
                                    "figure.PNG", "UDP-glucose:flavonoid", "3.5 mM", "(Fig. 1).The"])
def test_things_that_are_not_glued_sentences(phrase):
    text = with_field(AHR, ("caption",), lambda v: v.replace("tryptophan", phrase, 1))
    assert lint(glued_sentence, text) == []


@pytest.mark.parametrize("phrase", ["Fe(II)", "[Ca2+]", "(-)-epicatechin", "(a) and (b)", "f(x)", "(1–103)"])
def test_brackets_with_content_are_not_empty(phrase):
    text = with_field(AHR, ("caption",), lambda v: v.replace("tryptophan", phrase, 1))
    assert lint(empty_brackets, text) == []


def test_nested_empty_citation_group_is_one_finding():
    text = with_field(AHR, ("caption",), lambda v: v.replace("(see the text)", "[(), (), and ()]"))
    (found,) = lint(empty_brackets, text)
    assert "'[(), (), and ()]'" in found.message


@pytest.mark.parametrize("phrase", ["p < 0.05", "IL-1<->IL-6", "R&D", "A & B", "<5 mM", "Na+/K+"])
def test_text_that_is_not_markup(phrase):
    text = with_field(AHR, ("caption",), lambda v: v.replace("tryptophan", phrase, 1))
    assert lint(markup, text) == []


def test_no_text_rule_fires_where_the_sample_is_right():
    """Rules with no true finding in the sample stay silent on all 90 records (judged by hand)."""
    quiet = [description_caption_drift, markup, mojibake, mixed_script, control_characters]
    for name in sample_names():
        text = read(name)
        for module in quiet:
            assert lint(module, text) == [], (name, module.RULE.code)


# ------------------------------------------------------------------ character offsets


def test_offsets_of_every_sample_string_match_the_source():
    mapped = 0
    for name in sample_names():
        doc = Document.from_bytes(name, read(name).encode("utf-8"))
        for path, location in doc.locations.items():
            value = doc.get(path)
            if not isinstance(value, str):
                continue
            table = offsets(doc, path)
            if doc.text[location.value.start] in "|>":
                assert table is None
                continue
            assert table is not None and len(table) == len(value) + 1, (name, path)
            for char, offset in zip(value, table):
                assert doc.text[offset] == char or (char == " " and doc.text[offset] in "\r\n"), (name, path)
            mapped += 1
    assert mapped > 5000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB  '\"\\:#-,.\t\n\x07é\u200bα€")), max_size=240))
def test_offsets_survive_every_quoting_style(value):
    text = "---\n" + dump({"figid": "PMC1__x", "caption": value, "nested": {"description": value}}) + "---\n"
    doc = Document.from_bytes("x.md", text.encode("utf-8"))
    for path in (("caption",), ("nested", "description")):
        table = offsets(doc, path)
        assert table is not None and len(table) == len(value) + 1
        for char, offset in zip(value, table):
            source = doc.text[offset]
            assert source == char or source in "\\\r\n'\"" or (char == " " and source == "\n")


def test_offsets_are_exact_with_windows_line_breaks():
    text = read(AHR).replace("\n", "\r\n")
    text = text.replace("tryptamine which", "tryptamine  which")
    (found,) = lint(whitespace, text)
    assert found.line == line_of(text, "tryptamine  which", after="\r\ncaption:")


def test_hygiene_rules_scale_linearly_on_hostile_text():
    random.seed(7)
    hostile = "(" + " , ; and" * 4000 + "[" * 2000 + "a." * 3000 + "&" * 2000 + "<i" * 2000
    text = with_field(AHR, ("caption",), lambda _: hostile)
    import time

    began = time.perf_counter()
    for module in HYGIENE_RULES:
        lint(module, text)
    assert time.perf_counter() - began < 2.0


def test_look_alike_and_invisible_characters_in_keywords(tmp_path):
    """Gene words are where a look-alike letter does the most harm: it silently breaks matching."""
    import yaml

    from curate_run import curate
    from curate.linter.edits import dump

    base = Path(__file__).parent / "rules" / "base.md"
    data = yaml.safe_load(base.read_text().split("---\n")[1])
    data["schema-jsonld"]["keywords"] += ["АКТ1", "ＬＲＰ５", "\u200bLRP5"]
    record = tmp_path / "_figures" / f"{data['figid']}.md"
    record.parent.mkdir()
    record.write_text("---\n" + dump(data) + "---\n")
    lines = curate("lint", "--no-cache", "--format", "concise", "--select", "T008,T009", record).lines
    first = 2 + dump(data).splitlines().index("  - АКТ1")
    assert [line.split(": ", 1)[0].rsplit(":", 2)[1:] for line in lines] == [[str(first), "5"], [str(first + 1), "5"],
                                                                             [str(first + 2), "5"]]
    assert "'АКТ' in schema-jsonld.keywords[18] has Cyrillic letters" in lines[0]
    assert "fullwidth letters" in lines[1] and "expected 'LRP'" in lines[1]
    assert "U+200B (zero width space)" in lines[2]
