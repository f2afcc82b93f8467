"""Diagnostics cross process boundaries (workers to the main process) by pickling."""

from __future__ import annotations

import pickle

from curate.linter.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity


def test_diagnostic_with_fix_and_evidence_survives_pickling():
    diagnostic = Diagnostic(
        "_figures/PMC1__f.md", 40, 5, 40, 11, "IFI27 carries the word 'p27' only as an alias", 812, 818,
        ("schema-jsonld", "keywords", 3), Fix("remove suspect keyword IFI27", Applicability.UNSAFE,
                                              (Edit(806, 819, ""),)),
        "G101", "alias-cluster", Severity.WARNING, (("cause", "alias"), ("token", "p27"), ("meant", "CDKN1B")),
    )
    copy = pickle.loads(pickle.dumps(diagnostic))
    assert copy == diagnostic
    assert copy.severity is Severity.WARNING and copy.fix.applicability is Applicability.UNSAFE
    assert pickle.loads(pickle.dumps(Diagnostic("f.md", 1, 1, 1, 1, "m"))) == Diagnostic("f.md", 1, 1, 1, 1, "m")


def test_cache_entries_read_back_exactly_what_was_written():
    from curate.linter.cache import decode, encode

    diagnostics = [
        Diagnostic("_figures/PMC1__f.md", 3, 1, 3, 4, "m", 10, 13, ("a", 1, True, 1.5, None),
                   Fix("t", Applicability.SAFE, (Edit(1, 2, "é"), Edit(5, 5, ""))), "N001", "na-sentinel",
                   Severity.ERROR, (("cause", "word"),)),
        Diagnostic("_figures/PMC1__f.md", 1, 1, 1, 1, "plain"),
    ]
    assert decode(encode(diagnostics)) == diagnostics
    assert decode('[["p", 1, 1, 1, 1, "m", 0, 0, [[]], null, "C", "n", null, []]]') is None  # a list as a key
    assert decode("not json") is None
