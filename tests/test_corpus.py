"""Every real record of the sample lints and fixes without a crash; properties, not snapshots of counts."""

from __future__ import annotations

import json

from curate_run import curate


def test_every_sample_record_lints_without_crash(sample_dir):
    outcome = curate("lint", "--format", "json", "--no-cache", "--jobs", "1", sample_dir)
    assert outcome.code in (0, 1), outcome.err
    assert "Traceback" not in outcome.err
    data = json.loads(outcome.out)
    assert data["summary"]["files"] == len(list((sample_dir / "_figures").glob("*.md")))
    internal = [d for d in data["diagnostics"] if d["message"].startswith("internal error")]
    assert internal == []
    assert not [d for d in data["diagnostics"] if d["code"].startswith("E")], "the sample is all readable"
    for diagnostic in data["diagnostics"]:
        assert diagnostic["line"] >= 2, f"{diagnostic} points at the top of the file"
