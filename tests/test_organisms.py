"""O rules: organism defects injected into real records, both field layouts, and the species table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from curate.linter.document import Document, RecordLoader
from curate.linter.edits import apply_edits, dump
from curate.linter.rule import Context
from curate.rules.organisms import invalid_species_name, organisms_disagree, organisms_missing, organisms_na_item
from curate.rules.organisms.names import all_na, entries, replaced_part, same_species, table

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pfocr-sample"
TABLE = Path(__file__).resolve().parent.parent / "rules" / "organisms" / "species.tsv"
SEED_LIKE = "PMC10030580__fimmu-14-1122057-g002.md"  # organisms [NA], organisms_ner Danio rerio + Homo sapiens
BOTH = "PMC10031108__fphar-14-1134464-g009.md"  # both lists real; organisms_ner adds Drosophila only
LEGACY = "PMC1487177__pgen.0020099.g007.md"  # organisms: 'Homo sapiens, Caenorhabditis elegans'


def read(name: str) -> str:
    if not SAMPLE.is_dir():
        pytest.skip("sample corpus not found")
    return (SAMPLE / "_figures" / name).read_text(encoding="utf-8")


def split(text: str) -> tuple[dict, str]:
    front, body = text[4:].split("\n---", 1)
    return yaml.load(front, Loader=RecordLoader), "\n---" + body


def edited(name: str, **fields) -> str:
    data, body = split(read(name))
    for key, value in fields.items():
        data[key] = value
    return "---\n" + dump(data).rstrip("\n") + body


def lint(module, text: str, options=None) -> list:
    doc = Document.from_bytes("_figures/record.md", text.encode("utf-8"))
    assert doc.ok, doc.problems
    return list(module.RULE.check(doc, options or module.RULE.options(), Context()))


def line_of(text: str, needle: str, after: str) -> int:
    return text.count("\n", 0, text.index(needle, text.index(after))) + 1


def apply(text: str, found: list) -> str:
    return apply_edits(text, [edit for d in found if d.fix for edit in d.fix.edits])


# ------------------------------------------------------------------ O001 organisms-missing


@pytest.mark.parametrize("value", [["NA"], [], "NA", "", None, ["NA", "NA"]])
def test_missing_organisms_are_reported_and_filled_from_ner(value):
    text = edited(SEED_LIKE, organisms=value)
    (found,) = lint(organisms_missing, text)
    assert "Danio rerio, Homo sapiens" in found.message
    assert found.line == line_of(text, "organisms:", after="---") + (1 if isinstance(value, list) and value else 0)
    assert found.fix.applicability.value == "unsafe"
    fixed = apply(text, [found])
    assert split(fixed)[0]["organisms"] == ["Danio rerio", "Homo sapiens"]
    assert lint(organisms_missing, fixed) == []


def test_seed_layout_is_byte_exact_after_the_fix():
    text = read(SEED_LIKE)
    fixed = apply(text, lint(organisms_missing, text))
    assert fixed == text.replace("organisms:\n- NA\n", "organisms:\n- Danio rerio\n- Homo sapiens\n", 1)


def test_nothing_to_say_when_ner_is_na_too_or_missing():
    assert lint(organisms_missing, edited(SEED_LIKE, organisms_ner=["NA"])) == []
    data, body = split(read(SEED_LIKE))
    del data["organisms_ner"]
    assert lint(organisms_missing, "---\n" + dump(data).rstrip("\n") + body) == []


# ------------------------------------------------------------------ O002 organisms-disagree


def test_a_species_only_in_ner_is_reported_on_its_item_with_the_direction():
    text = edited(BOTH, organisms_ner=["Mus musculus", "Homo sapiens", "Bos taurus"])
    (found,) = lint(organisms_disagree, text)
    assert found.message == "organisms_ner names Bos taurus but organisms does not"
    assert found.line == line_of(text, "- Bos taurus", after="organisms_ner:")


def test_fly_and_zebrafish_are_ignored_only_while_the_lists_agree_elsewhere():
    assert lint(organisms_disagree, read(BOTH)) == []  # organisms_ner adds Drosophila melanogaster
    text = edited(BOTH, organisms=["Homo sapiens"], organisms_ner=["Danio rerio"])
    (found,) = lint(organisms_disagree, text)
    assert "share no species" in found.message


def test_other_direction_is_an_option():
    options = organisms_disagree.Options(report_missing_from_ner=True)
    found = lint(organisms_disagree, read(BOTH), options)
    assert {d.message for d in found} == {
        "organisms names Oryza sativa but organisms_ner does not",
        "organisms names Panax ginseng but organisms_ner does not",
        "organisms names Dendropanax morbifer but organisms_ner does not",
        "organisms names Bergenia purpurascens but organisms_ner does not",
    }


def test_a_strain_matches_its_species():
    assert same_species("Escherichia coli str. K-12 substr. MG1655", "Escherichia coli")
    assert not same_species("Human coronavirus 229E", "Human coronavirus OC43")
    text = edited(BOTH, organisms=["Escherichia coli", "Homo sapiens"],
                  organisms_ner=["Homo sapiens", "Escherichia coli str. K-12 substr. MG1655"])
    assert lint(organisms_disagree, text) == []


def test_legacy_string_is_compared_by_species():
    text = edited(LEGACY, organisms_ner=["Caenorhabditis elegans", "Homo sapiens"])
    assert lint(organisms_disagree, text) == []
    text = edited(LEGACY, organisms_ner=["Homo sapiens", "Mus musculus"])
    (found,) = lint(organisms_disagree, text)
    assert "Mus musculus" in found.message


# ------------------------------------------------------------------ O003 invalid-species-name


@pytest.mark.parametrize(
    "name, expected, fixed",
    [
        ("Homo Sapiens", "wrong case", "Homo sapiens"),
        ("HOMO SAPIENS", "wrong case", "Homo sapiens"),
        ("Homo  sapiens", "stray spaces", "Homo sapiens"),
        ("human", "common name", "Homo sapiens"),
        ("zebrafish", "common name", "Danio rerio"),
        ("Homo sapeins", "misspelt", None),
        ("Mus muscolus", "misspelt", None),
        ("Aedes Aegypti", "epithet", None),
        ("mus spretus", "genus", None),
    ],
)
def test_invalid_names_are_reported_on_their_item(name, expected, fixed):
    text = edited(BOTH, organisms=["Oryza sativa", name, "Homo sapiens"])
    (found,) = lint(invalid_species_name, text)
    assert expected in found.message
    assert found.line == line_of(text, "- " + name, after="organisms:")
    if fixed is None:
        assert found.fix is None
    else:
        assert split(apply(text, [found]))[0]["organisms"][1] == fixed
        safe = found.fix.applicability.value == "safe"
        assert safe == (expected != "common name")


@pytest.mark.parametrize("name", ["Human betaherpesvirus 6", "Brassica napus", "Drosophila simulans",
                                  "Candidatus Liberibacter", "gut metagenome", "Mus spretus", "Xenopus borealis"])
def test_unknown_but_well_formed_names_pass(name):
    assert lint(invalid_species_name, edited(BOTH, organisms=[name])) == []


def test_legacy_string_gets_its_case_fixed_in_place():
    text = edited(LEGACY, organisms="Homo sapiens, caenorhabditis Elegans")
    (found,) = lint(invalid_species_name, text)
    assert split(apply(text, [found]))[0]["organisms"] == "Homo sapiens, Caenorhabditis elegans"


def test_every_sample_name_is_valid():
    for path in sorted((SAMPLE / "_figures").glob("*.md")):
        assert lint(invalid_species_name, path.read_text(encoding="utf-8")) == [], path.name


# ------------------------------------------------------------------ O004 organisms-na-item


def test_na_items_among_species_are_removed_one_by_one():
    text = read("PMC5854428__ppat.1006839.g001.md")
    found = lint(organisms_na_item, text)
    assert len(found) == 3
    fixed = apply(text, found)
    organisms = split(fixed)[0]["organisms"]
    assert "NA" not in organisms and organisms[-1] == "Mus musculus"
    assert lint(organisms_na_item, fixed) == []


def test_na_item_in_a_legacy_string():
    text = edited(LEGACY, organisms="Homo sapiens, NA")
    (found,) = lint(organisms_na_item, text)
    assert split(apply(text, [found]))[0]["organisms"] == "Homo sapiens"


def test_only_na_is_left_to_organisms_missing():
    assert lint(organisms_na_item, read(SEED_LIKE)) == []


# ------------------------------------------------------------------ helpers and the table


def test_entries_read_both_layouts():
    doc = Document.from_bytes("r.md", edited(LEGACY).encode("utf-8"))
    assert [e.name for e in entries(doc, "organisms")] == ["Homo sapiens", "Caenorhabditis elegans"]
    assert entries(doc, "organisms_ner") is None
    assert all_na(["NA", ".na.character"]) and all_na("") and not all_na("Homo sapiens, NA")
    assert replaced_part("Homo sapiens, homo  X", 1, "Mus musculus") == "Homo sapiens, Mus musculus"
    assert replaced_part("NA, Homo sapiens", 0, None) == "Homo sapiens"


def test_table_taxon_ids_agree_with_every_sidecar():
    rows = {row["scientific_name"]: row for row in csv.DictReader(TABLE.open(encoding="utf-8"), delimiter="\t")}
    for sidecar in sorted((SAMPLE / "_data").glob("*-genes.tsv")):
        for row in csv.DictReader(sidecar.open(encoding="utf-8"), delimiter="\t"):
            assert rows[row["organism_name"]]["taxon_id"] == row["organism_id"]
    assert rows["Homo sapiens"]["taxon_id"] == "9606"
    assert table().common["human"] == "Homo sapiens"
