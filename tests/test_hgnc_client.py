"""The HGNC REST client against a real HTTP server on 127.0.0.1 (tests/hgnc_server.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from curate_run import curate
from hgnc_server import HGNCServer, complete_set, malformed, slow, status
from curate.linter import knowledge, symbol_lookup
from curate.linter.hgnc_client import HGNCClient, HGNCError, RateLimit




def client_for(server, tmp_path, **options) -> HGNCClient:
    settings = {"cache_dir": tmp_path / "cache", "backoff": 0.01, "timeout": (1.0, 1.0), "rate": 1000.0}
    settings.update(options)
    return HGNCClient(server.url, **settings)


# --- answers -----------------------------------------------------------------------------------


def test_fetch_returns_docs_and_sends_accept_json(server, tmp_path):
    with client_for(server, tmp_path) as client:
        docs = client.fetch("symbol", "TP53")
    assert [doc["hgnc_id"] for doc in docs] == ["HGNC:11998"]
    assert server.requests[0].path == "/fetch/symbol/TP53"
    assert server.requests[0].headers["Accept"] == "application/json"


@pytest.mark.parametrize(
    ("symbol", "described", "ids"),
    [
        ("TP53", "approved", ["HGNC:11998"]),
        ("tp53", "approved as TP53", ["HGNC:11998"]),
        ("KIP1", "alias of CDKN1B", ["HGNC:1785"]),
        ("PRKM1", "previous symbol of MAPK1", ["HGNC:6871"]),
        ("ERK", "previous symbol of EPHB2; alias of MAPK1", ["HGNC:3393", "HGNC:6871"]),
        ("A1S9T", "previous symbol of UBA1; withdrawn, replaced by UBA1", ["HGNC:12469"]),
        ("A12M1", "withdrawn", []),
        ("NOSUCH", "unknown", []),
    ],
)
def test_lookup_statuses(server, tmp_path, symbol, described, ids):
    with client_for(server, tmp_path) as client:
        info = client.lookup(symbol)
    assert info.describe() == described
    assert [gene.id for gene in info.records()] == ids
    assert info.source == "online"


def test_withdrawn_replacement_resolved_through_the_snapshot_without_a_request(server, tmp_path):
    with client_for(server, tmp_path) as client:
        info = client.lookup("A1S9T", knowledge=knowledge.load())
    assert info.replaced_by == ("UBA1",)
    assert server.count("/fetch/hgnc_id/") == 0


def test_base_url_from_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CURATE_HGNC_URL", server.url + "/")
    client = HGNCClient(cache_dir=tmp_path, backoff=0.01)
    assert client.base_url == server.url
    assert client.fetch("symbol", "CDKN1B")[0]["symbol"] == "CDKN1B"


# --- failures ----------------------------------------------------------------------------------


def test_429_waits_for_retry_after_then_succeeds(server, tmp_path):
    server.fail("/fetch/symbol/", status(429, retry_after="1"))
    started = time.monotonic()
    with client_for(server, tmp_path) as client:
        assert client.fetch("symbol", "TP53")[0]["symbol"] == "TP53"
    assert time.monotonic() - started >= 0.95
    assert server.count("/fetch/symbol/TP53") == 2


def test_retry_after_is_capped_by_max_backoff(server, tmp_path):
    server.fail("/fetch/symbol/", status(429, retry_after="3600"))
    started = time.monotonic()
    with client_for(server, tmp_path, max_backoff=0.05) as client:
        client.fetch("symbol", "TP53")
    assert time.monotonic() - started < 2


def test_500_then_success_backs_off_exponentially(server, tmp_path):
    server.fail("/fetch/", status(500), status(503))
    with client_for(server, tmp_path, backoff=0.05) as client:
        assert client.fetch("symbol", "TP53")
    gaps = [later.at - earlier.at for earlier, later in zip(server.requests, server.requests[1:])]
    assert len(gaps) == 2 and gaps[0] >= 0.05 and gaps[1] >= 0.1


def test_persistent_5xx_is_one_clear_error(server, tmp_path):
    server.fail("/fetch/", *[status(500)] * 4)
    with client_for(server, tmp_path, retries=3) as client, pytest.raises(HGNCError) as error:
        client.fetch("symbol", "TP53")
    assert str(error.value) == f"{server.url}/fetch/symbol/TP53: HTTP 500 after 4 attempts"
    assert server.count() == 4


def test_client_error_is_not_retried(server, tmp_path):
    with client_for(server, tmp_path) as client, pytest.raises(HGNCError, match=r"HTTP 404$"):
        client.download(server.url + "/files/missing.txt")
    assert server.count() == 1


def test_slow_response_times_out(server, tmp_path):
    server.fail("/fetch/", slow(1.0), slow(1.0))
    started = time.monotonic()
    with client_for(server, tmp_path, timeout=(0.5, 0.2), retries=1) as client, pytest.raises(HGNCError) as error:
        client.fetch("symbol", "TP53")
    assert "timed out after 0.2 s after 2 attempts" in str(error.value)
    assert time.monotonic() - started < 1.5


def test_malformed_json_is_an_error_and_not_cached(server, tmp_path):
    server.fail("/fetch/", malformed())
    with client_for(server, tmp_path) as client:
        with pytest.raises(HGNCError, match="malformed JSON"):
            client.fetch("symbol", "TP53")
        assert client.fetch("symbol", "TP53")[0]["symbol"] == "TP53"
    assert server.count() == 2


def test_unreachable_service(tmp_path):
    with HGNCServer() as stopped:
        url = stopped.url
    client = HGNCClient(url, cache_dir=tmp_path, retries=1, backoff=0.01, timeout=(0.5, 0.5))
    with pytest.raises(HGNCError, match="cannot connect"):
        client.fetch("symbol", "TP53")


# --- cache and rate ----------------------------------------------------------------------------


def test_answers_are_cached_on_disk_with_expiry(server, tmp_path):
    with client_for(server, tmp_path) as client:
        first = client.lookup("KIP1")
    sent = server.count()
    with client_for(server, tmp_path) as client:
        assert client.lookup("KIP1") == first
    assert server.count() == sent
    entries = [json.loads(path.read_text()) for path in (tmp_path / "cache" / "hgnc").glob("*.json")]
    assert entries and all(entry["expires"] - entry["fetched"] == pytest.approx(30 * 24 * 3600) for entry in entries)
    with client_for(server, tmp_path, expiry=0) as client:
        client.fetch("symbol", "KIP1")
        client.fetch("symbol", "KIP1")
    assert server.count() == sent + 2


def test_corrupt_cache_entry_is_refetched(server, tmp_path):
    with client_for(server, tmp_path) as client:
        client.fetch("symbol", "TP53")
    for path in (tmp_path / "cache" / "hgnc").glob("*.json"):
        path.write_text("{not json")
    with client_for(server, tmp_path) as client:
        assert client.fetch("symbol", "TP53")[0]["symbol"] == "TP53"
    assert server.count() == 2


def test_no_cache_writes_nothing(server, tmp_path):
    with client_for(server, tmp_path, use_cache=False) as client:
        client.fetch("symbol", "TP53")
        client.fetch("symbol", "TP53")
    assert server.count() == 2
    assert not (tmp_path / "cache" / "hgnc").exists()  # the shared rate file is no cached answer


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "file"])
def test_rate_limit_spaces_requests(tmp_path, shared):
    now = [1000.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limit = RateLimit(10.0, tmp_path / "rate" if shared else None, clock=lambda: now[0], sleep=sleep)
    for _ in range(11):
        limit.acquire()
    assert slept == pytest.approx([0.1] * 10)
    now[0] += 5.0  # idle time saves up no burst: the next request goes now, the one after waits
    limit.acquire()
    limit.acquire()
    assert slept[-1] == pytest.approx(0.1) and len(slept) == 11
    if shared:
        (tmp_path / "rate").write_text("1e12")  # a slot from a clock that jumped: ignored
        assert limit.acquire() == 0


def test_rate_limit_holds_against_the_server(server, tmp_path):
    with client_for(server, tmp_path, rate=20.0, use_cache=False) as client:
        for _ in range(5):
            client.fetch("symbol", "TP53")
    stamps = [request.at for request in server.requests]
    assert stamps[-1] - stamps[0] >= 4 / 20.0 - 0.01


# --- gene rules and the CLI --------------------------------------------------------------------


def test_lookup_symbol_offline_uses_the_snapshot_only(cache_env, server):
    context = SimpleNamespace(online=False, hgnc_url=server.url, cache_dir=str(cache_env))
    assert symbol_lookup.lookup_symbol("NEWGENE1", context).status == "unknown"
    assert symbol_lookup.lookup_symbol("KIP1", context).symbols == ("CDKN1B",)
    assert server.count() == 0


def test_lookup_symbol_online_asks_only_about_unknown_symbols(cache_env, server):
    context = SimpleNamespace(online=True, hgnc_url=server.url, cache_dir=str(cache_env))
    assert symbol_lookup.lookup_symbol("TP53", context).source == "snapshot"
    assert server.count() == 0
    info = symbol_lookup.lookup_symbol("NEWGENE1", context)
    assert (info.status, info.source, info.gene.id) == ("approved", "online", "HGNC:99001")


def test_failing_service_warns_once_and_lint_continues_on_the_snapshot(cache_env, server, capsys):
    server.fail("/fetch/", *[status(503)] * 50)
    context = SimpleNamespace(online=True, hgnc_url=server.url, cache_dir=str(cache_env),
                              extras={"hgnc_client": {"backoff": 0.01}})
    first = symbol_lookup.lookup_symbol("NEWGENE1", context)
    second = symbol_lookup.lookup_symbol("NEWGENE2", context)
    assert (first.status, first.source, second.status) == ("unknown", "snapshot", "unknown")
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("curate: warning: HGNC service unavailable (")
    assert warnings[0].endswith("); continuing with the snapshot")
    assert server.count() == 4  # one symbol's retries, then no more requests


def test_cli_lookup_from_the_snapshot(cache_env):
    outcome = curate("hgnc", "TP53", "KIP1", "A1S9T", "NOSUCH")
    assert outcome.code == 0 and outcome.err == ""
    assert outcome.out.splitlines() == [
        "TP53\tapproved\tgene with protein product\tHGNC:11998",
        "KIP1\talias of CDKN1B\tgene with protein product\tHGNC:1785",
        "A1S9T\tprevious symbol of UBA1; withdrawn, replaced by UBA1\tgene with protein product\tHGNC:12469",
        "NOSUCH\tunknown\t-\t-",
    ]


def test_cli_lookup_online_and_json(cache_env, server):
    outcome = curate("hgnc", "--online", "--hgnc-url", server.url, "--format", "json", "NEWGENE1")
    assert outcome.code == 0
    [answer] = json.loads(outcome.out)
    assert answer["status"] == "approved" and answer["source"] == "online"
    assert answer["genes"][0]["hgnc_id"] == "HGNC:99001"


def test_cli_online_failure_falls_back_with_a_warning(cache_env, server):
    server.fail("/fetch/", *[status(500)] * 10)
    outcome = curate("hgnc", "--online", "--hgnc-url", server.url, "--retries", "1", "--backoff", "0.01",
                      "TP53", "KIP1")
    assert outcome.code == 0
    assert outcome.out.splitlines()[0] == "TP53\tapproved\tgene with protein product\tHGNC:11998"
    assert outcome.err.count("curate: warning: HGNC service unavailable") == 1
    assert "Traceback" not in outcome.err


def test_cli_usage_errors(cache_env):
    assert curate("hgnc", "update", "TP53").code == 2
    assert curate("hgnc", "--timeout", "0", "TP53").code == 2
    missing = curate("hgnc", "--snapshot", "/nonexistent/snapshot.bin", "TP53")
    assert missing.code == 1 and missing.err.startswith("curate: error: /nonexistent/snapshot.bin: cannot read")


# --- update ------------------------------------------------------------------------------------

COMPLETE_SET = complete_set([
    {"hgnc_id": "HGNC:11998", "symbol": "TP53", "name": "tumor protein p53", "locus_type": "gene with protein product",
     "status": "Approved", "alias_symbol": "p53|LFS1", "entrez_id": "7157", "uniprot_ids": "P04637"},
    {"hgnc_id": "HGNC:1785", "symbol": "CDKN1B", "name": "cyclin dependent kinase inhibitor 1B",
     "locus_type": "gene with protein product", "status": "Approved", "alias_symbol": "KIP1|P27KIP1",
     "entrez_id": "1027", "uniprot_ids": "P46527"},
    {"hgnc_id": "HGNC:99001", "symbol": "NEWGENE1", "name": "a gene newer than the snapshot",
     "locus_type": "gene with protein product", "status": "Approved", "prev_symbol": "OLDNAME1", "entrez_id": "999001"},
])
WITHDRAWN = (
    "HGNC_ID\tSTATUS\tWITHDRAWN_SYMBOL\tMERGED_INTO_REPORT(S) (i.e HGNC_ID|SYMBOL|STATUS)\n"
    "HGNC:98000\tMerged/Split\tGONE1\tHGNC:99001|NEWGENE1|Approved\n"
    "HGNC:98001\tEntry Withdrawn\tGONE2\t\n"
).encode()


def test_update_builds_a_user_snapshot_that_takes_precedence(cache_env, server):
    server.files.update({"hgnc_complete_set.txt": COMPLETE_SET, "withdrawn.txt": WITHDRAWN})
    outcome = curate("hgnc", "update", "--bulk-url", f"{server.url}/files/hgnc_complete_set.txt",
                     "--withdrawn-url", f"{server.url}/files/withdrawn.txt")
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith(f"wrote {cache_env / 'knowledge' / 'snapshot.bin'}: 3 approved genes")
    updated = knowledge.load()
    assert updated.origin == str(cache_env / "knowledge" / "snapshot.bin")
    assert updated.lookup("OLDNAME1").describe() == "previous symbol of NEWGENE1"
    assert updated.lookup("GONE1").describe() == "withdrawn, replaced by NEWGENE1"
    assert updated.lookup("GONE2").describe() == "withdrawn"
    assert updated.lookup("Cdkn1b", "mouse").status == "approved"  # other sections come from the package
    assert set(updated.header["sources"]) >= {"hgnc_complete_set", "hgnc_withdrawn", "mgi", "wikipathways"}
    assert "hgnc" not in updated.header["sources"]
    info = curate("data", "info")
    assert "user cache (curate hgnc update)" in info.out
    reverted = curate("hgnc", "update", "--revert")
    assert reverted.code == 0 and knowledge.load().origin != updated.origin


def test_update_without_withdrawn_keeps_the_packaged_withdrawn_symbols(cache_env, server):
    server.files["hgnc_complete_set.txt"] = COMPLETE_SET
    outcome = curate("hgnc", "update", "--bulk-url", f"{server.url}/files/hgnc_complete_set.txt",
                     "--withdrawn-url", f"{server.url}/files/withdrawn.txt", "--retries", "0")
    assert outcome.code == 0
    assert "cannot download withdrawn symbols" in outcome.err
    assert knowledge.load().lookup("A1S9T").describe() == "withdrawn, replaced by UBA1"


@pytest.mark.parametrize(
    ("served", "message"),
    [
        (None, "cannot download the HGNC complete set"),
        (b"hgnc_id\tsymbol\n", "missing column"),
        (complete_set([]), "no approved genes"),
    ],
    ids=["unreachable", "no-columns", "empty"],
)
def test_update_failures_leave_no_snapshot(cache_env, server, served, message):
    if served is not None:
        server.files["hgnc_complete_set.txt"] = served
    outcome = curate("hgnc", "update", "--bulk-url", f"{server.url}/files/hgnc_complete_set.txt",
                     "--withdrawn-url", "none", "--retries", "0")
    assert outcome.code == 1
    assert outcome.err.startswith("curate: error: ") and message in outcome.err
    assert len(outcome.err.splitlines()) == 1
    assert not (cache_env / "knowledge" / "snapshot.bin").exists()


# --- curate lint --online --------------------------------------------------------------------------


def _record_with_keyword(tmp_path, keyword):
    import yaml

    from curate.linter.edits import dump

    base = Path(__file__).parent / "rules" / "base.md"
    data = yaml.safe_load(base.read_text().split("---\n")[1])
    data["schema-jsonld"]["keywords"].append(keyword)
    record = tmp_path / "records" / "_figures" / f"{data['figid']}.md"
    record.parent.mkdir(parents=True)
    record.write_text("---\n" + dump(data) + "---\n")
    return record


def test_lint_online_asks_the_service_about_symbols_missing_from_the_snapshot(cache_env, server, tmp_path):
    record = _record_with_keyword(tmp_path, "NEWGENE1")
    offline = curate("lint", "--no-cache", "--format", "concise", "--select", "G105", record)
    assert any("NEWGENE1" in line for line in offline.lines)
    online = curate("lint", "--no-cache", "--format", "concise", "--select", "G105", "--online",
                    "--hgnc-url", server.url, record)
    assert not any("NEWGENE1" in line for line in online.lines), online.out
    assert any("/fetch/symbol/NEWGENE1" in request.path for request in server.requests)


def test_lint_online_with_a_failing_service_warns_and_continues_on_the_snapshot(cache_env, server, tmp_path):
    server.fail("/fetch/", *[status(500)] * 50)
    record = _record_with_keyword(tmp_path, "NEWGENE1")
    outcome = curate("lint", "--no-cache", "--format", "concise", "--select", "G105", "--online",
                     "--hgnc-url", server.url, record)
    assert outcome.code == 0
    assert any("NEWGENE1" in line for line in outcome.lines)
    assert "curate: warning: HGNC service unavailable" in outcome.err
    assert "Traceback" not in outcome.err
