"""The weighed gene verdicts: named evidence, the fitted model, the threshold, the meant gene."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from curate.linter.edits import apply_edits
from curate.linter.rule import Context
from curate.rules.genes import settings
from curate.rules.genes.analysis import evidence, features, weighing
from test_genes import ANCHORS, detail, lint, record

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import fit_gene_model  # noqa: E402

P27 = [("p27", "P27", symbol, "synonym") for symbol in ("IFI27", "PSMD9", "ZNRD2", "DCTN6", "TMED7", "H3P23")]


@pytest.mark.parametrize("word, parts", [
    ("ERK1/2", ("ERK1", "ERK2")),
    ("JNK1/2,p38", ("JNK1", "JNK2", "p38")),
    ("Smad2/3", ("Smad2", "Smad3")),
    ("(Osx,", ("Osx",)),
])
def test_composite_words_are_read_name_by_name(word, parts):
    assert features.composite_parts(word) == parts


def test_a_part_of_a_composite_word_names_its_gene(tmp_path):
    doc = record(tmp_path, ["MAPK8", "MAPK14", "CRK"], [
        ("JNK1/2,p38", "JNK1", "MAPK8", "synonym"), ("JNK1/2,p38", "P38", "MAPK14", "synonym"),
        ("JNK1/2,p38", "P38", "CRK", "synonym")])
    values = {keyword.text: evidence.analyse(doc).scores[keyword.index][1]
              for keyword in evidence.analyse(doc).keywords if keyword.index in evidence.analyse(doc).scores}
    assert values["CRK"].get("composite:word") == 1.0
    assert "composite:part-names-keyword" not in values["CRK"]  # p38 is CRK's alias, not its name


def test_pathway_partners_match_a_pairwise_count():
    masks = [0b0011, 0b0100, 0b0110, 0b1000, 0b0011]
    assert features._partners(masks) == [sum(1 for other in masks if other & mask) for mask in masks]
    assert features._partners(masks) == [3, 2, 4, 1, 3]  # 0b1000 shares with nothing but itself


def test_every_feature_has_a_phrase_and_known_directions_are_features():
    names = set(features.PHRASES)
    assert features.AGAINST <= names and features.FOR <= names and not features.AGAINST & features.FOR
    shipped = weighing.model()
    for model in (weighing.SIDECAR, weighing.KEYWORDS_ONLY):
        assert set(shipped[model]["weights"]) <= names
        for name, weight in shipped[model]["weights"].items():  # the fit leaves out a feature against its direction
            assert not (name in features.AGAINST and weight < 0) and not (name in features.FOR and weight > 0), name


def test_the_model_is_part_of_the_data_version():
    assert settings.data_version() == f"{evidence.knowledge().version}-{weighing.digest()}"


def test_the_threshold_comes_from_the_context(tmp_path):
    doc = record(tmp_path, ["CDKN1B", *[symbol for *_, symbol, _ in P27]], [("p27", "P27", "CDKN1B", "synonym"), *P27])
    default = [d.message.split()[2] for d in lint("G101", doc)]
    assert default == ["IFI27", "PSMD9", "ZNRD2", "DCTN6", "TMED7", "H3P23"]
    analysis = evidence.analyse(doc)
    confidences = sorted(analysis.scores[k.index][0] for k in analysis.keywords if k.text in default)
    assert confidences[0] >= weighing.default_threshold()
    assert all(abs(float(dict(d.evidence)["confidence"]) - analysis.scores[d.key_path[-1]][0]) < 5e-4
               for d in lint("G101", doc))
    above = Context(min_confidence=confidences[0] + 1e-9)
    assert len(lint("G101", doc, above)) < len(default)
    assert lint("G101", doc, Context(min_confidence=1.01)) == []


def test_the_first_suspect_keyword_of_a_word_becomes_the_gene_meant(tmp_path):
    doc = record(tmp_path, [*ANCHORS, *[symbol for *_, symbol, _ in P27]], P27)
    diagnostics = lint("G101", doc)
    assert [d.message.split()[2] for d in diagnostics] == ["IFI27", "PSMD9", "ZNRD2", "DCTN6", "TMED7", "H3P23"]
    first, *others = diagnostics
    assert first.fix.title == "replace suspect keyword IFI27 with CDKN1B, the gene the figure meant"
    fixed = apply_edits(doc.text, list(first.fix.edits))
    assert "  - CDKN1B\n  - PSMD9\n" in fixed and "IFI27" not in fixed
    assert all(d.fix.title.startswith("remove suspect keyword ") for d in others)
    assert "FamPlex grounds 'p27' to CDKN1B" in detail(first)
    with_cdkn1b = record(tmp_path, ["CDKN1B", *[symbol for *_, symbol, _ in P27]],  # already a keyword
                         [("p27", "P27", "CDKN1B", "synonym"), *P27])
    assert all(d.fix.title.startswith("remove ") for d in lint("G101", with_cdkn1b))


def test_options_other_than_the_defaults_still_weigh_the_keyword(tmp_path):
    doc = record(tmp_path, ["APP", "AAAS"], [("AAA", "AAA", "APP", "synonym"), ("AAA", "AAA", "AAAS", "synonym")])
    assert len(lint("G108", doc)) == 2 and len(lint("G108", doc, min_genes=2)) == 2
    assert lint("G108", doc, Context(min_confidence=1.01), min_genes=2) == []


def test_the_fit_is_deterministic_and_keeps_the_intercept_free():
    rows = [fit_gene_model.Row("m", f"PMC{i}__f", "K", i % 3 == 0, "", weighing.SIDECAR,
                               {"a": float(i % 3 == 0), "b": float(i % 2)}, "") for i in range(60)]
    first, second = fit_gene_model.fit(rows, 0.5), fit_gene_model.fit(rows, 0.5)
    assert first == second and first["weights"]["a"] > 2  # "a" is the label
    folds = fit_gene_model.folds([row.figid for row in rows])
    assert set(folds.values()) == set(range(fit_gene_model.FOLDS))
    assert all(folds[f"PMC{i}__f"] == folds[f"PMC{i}__f"] for i in range(60))


def test_shipped_weights_say_how_they_were_made():
    shipped = json.loads((Path(evidence.__file__).with_name(weighing.WEIGHTS)).read_text(encoding="utf-8"))
    assert shipped["about"].startswith("fitted by tools/fit_gene_model.py")
    assert 0 < shipped["threshold"] < 1
    assert set(shipped["l2"]) == set(fit_gene_model.MODELS) and set(shipped["l2"].values()) <= set(fit_gene_model.L2_GRID)


def test_min_confidence_is_a_context_field():
    assert "min_confidence" in {field.name for field in dataclasses.fields(Context)}
