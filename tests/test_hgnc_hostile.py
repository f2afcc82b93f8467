"""The HGNC client against a service that misbehaves on purpose (issue 13, item 7).

A real HTTP server on 127.0.0.1 (tests/hgnc_server.py) sends valid JSON of the wrong shape,
nesting deep enough to break a recursive parser, a body that trickles, a gzip bomb and redirect
loops; worker processes share one rate limit. Each answer is one clear HGNCError (or, from the
CLI, a warning and the snapshot's answer), never a traceback, and nothing unusable is cached.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest

from curate_run import curate
from hgnc_server import body, gzip_bomb, redirect, status, trickle
from curate.linter import symbol_lookup
from curate.linter.hgnc_client import HGNCClient, HGNCError

ENVELOPE = {"responseHeader": {"status": 0, "QTime": 1}, "response": {"numFound": 1, "start": 0, "docs": []}}


def answer(docs) -> bytes:
    return json.dumps({**ENVELOPE, "response": {**ENVELOPE["response"], "docs": docs}}).encode()




def client_for(server, tmp_path, **options) -> HGNCClient:
    settings = {"cache_dir": tmp_path / "cache", "backoff": 0.01, "timeout": (1.0, 1.0), "rate": 1000.0,
                "retries": 0}
    settings.update(options)
    return HGNCClient(server.url, **settings)


WRONG_SHAPES = {
    "response is a list": (b'{"response": []}', "response is a list, expected an object"),
    "no response": (b'{"responseHeader": {}}', "response is missing"),
    "docs not a list": (b'{"response": {"docs": {"symbol": "TP53"}}}', "response.docs is an object, expected a list"),
    "a doc is a string": (answer(["TP53"]), "response.docs[0] is a string, expected an object"),
    "a list where a string belongs": (answer([{"symbol": ["TP53"], "status": "Approved"}]),
                                      "response.docs[0].symbol is a list, expected a string"),
    "a number where a list belongs": (answer([{"symbol": "TP53", "uniprot_ids": 7}]),
                                      "response.docs[0].uniprot_ids is a number, expected a list of strings"),
    "the top is a list": (b"[1, 2]", "the answer is a list, expected an object"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "malformed JSON in the response"),
    "deep nesting inside a doc": (b'{"response": {"docs": [{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]}}",
                                  "malformed JSON in the response"),
    "not UTF-8": (b'{"response": {"docs": [{"symbol": "\xff"}]}}', "malformed JSON in the response"),
}


@pytest.mark.parametrize("kind", list(WRONG_SHAPES))
def test_valid_json_of_the_wrong_shape_is_one_clear_error_and_not_cached(server, tmp_path, kind):
    data, message = WRONG_SHAPES[kind]
    server.fail("/fetch/", body(data))
    with client_for(server, tmp_path) as client:
        with pytest.raises(HGNCError) as error:
            client.lookup("TP53")
        assert str(error.value) == f"{server.url}/fetch/symbol/TP53: {message}"
        assert client.lookup("TP53").describe() == "approved"  # nothing was cached: asked again
    assert server.count("/fetch/symbol/TP53") == 2


def test_cli_lookup_with_a_wrong_shape_warns_and_answers_from_the_snapshot(cache_env, server):
    server.fail("/fetch/", body(b'{"response": []}'))
    outcome = curate("hgnc", "--online", "--hgnc-url", server.url, "--retries", "0", "TP53")
    assert outcome.code == 0 and "Traceback" not in outcome.err
    assert outcome.out.startswith("TP53\tapproved\t")
    assert outcome.err == (f"curate: warning: HGNC service unavailable ({server.url}/fetch/symbol/TP53: "
                           "response is a list, expected an object); answering from the snapshot\n")


def test_a_trickling_body_is_bounded_by_the_timeout(server, tmp_path):
    server.fail("/fetch/", trickle(0.4))
    started = time.monotonic()
    with client_for(server, tmp_path, timeout=(1.0, 1.0)) as client, pytest.raises(HGNCError) as error:
        client.fetch("symbol", "TP53")
    took = time.monotonic() - started
    assert str(error.value) == f"{server.url}/fetch/symbol/TP53: timed out after 1 s"
    assert took < 2.0


def test_a_gzip_bomb_stops_at_the_size_cap(server, tmp_path):
    server.fail("/fetch/", gzip_bomb(64 * 1024 * 1024))  # 64 KB on the wire
    with client_for(server, tmp_path) as client, pytest.raises(HGNCError) as error:
        client.fetch("symbol", "TP53")
    assert str(error.value) == f"{server.url}/fetch/symbol/TP53: the answer is larger than 4 MiB"


def test_a_download_larger_than_its_cap_is_refused(server, tmp_path, monkeypatch):
    import curate.linter.hgnc_client as hgnc_client

    monkeypatch.setattr(hgnc_client, "MAX_DOWNLOAD_BYTES", 1024 * 1024)
    server.files["big.txt"] = b"x" * (1024 * 1024 + 1)
    with client_for(server, tmp_path) as client, pytest.raises(HGNCError, match="larger than 1 MiB$"):
        client.download(f"{server.url}/files/big.txt")


def test_a_redirect_loop_is_bounded_and_each_hop_waits_its_turn(server, tmp_path):
    server.fail("/fetch/", *[redirect("/fetch/symbol/TP53")] * 50)
    started = time.monotonic()
    with client_for(server, tmp_path, rate=10.0) as client, pytest.raises(HGNCError) as error:
        client.fetch("symbol", "TP53")
    took = time.monotonic() - started
    assert str(error.value) == f"{server.url}/fetch/symbol/TP53: more than 5 redirects"
    assert server.count() == 6
    stamps = [request.at for request in server.requests]
    assert min(later - earlier for earlier, later in zip(stamps, stamps[1:])) >= 0.08
    assert took >= 0.5


def test_a_redirect_to_the_real_answer_is_followed(server, tmp_path):
    server.fail("/fetch/symbol/P53", redirect("/fetch/symbol/TP53"))
    with client_for(server, tmp_path) as client:
        assert client.fetch("symbol", "P53")[0]["symbol"] == "TP53"


def _fetch_many(url: str, cache_dir: str, symbols: list[str]) -> None:
    with HGNCClient(url, cache_dir=cache_dir, use_cache=False, rate=10.0, retries=0) as client:
        for symbol in symbols:
            client.fetch("symbol", symbol)


def test_worker_processes_share_one_rate_limit(server, tmp_path):
    """Three processes, as lint's workers are: together, still one request every tenth of a second."""
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_fetch_many, args=(server.url, str(tmp_path / "cache"),
                                                          [f"S{worker}{index}" for index in range(5)]))
               for worker in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    stamps = sorted(request.at for request in server.requests)
    assert len(stamps) == 15
    # one slot every 0.1 s, so at most 5 requests in any half second, give or take one for the
    # arrival times' jitter on a busy machine (with a limit per process: all 15 within 0.5 s)
    assert max(sum(1 for later in stamps if start <= later < start + 0.5) for start in stamps) <= 6
    assert stamps[-1] - stamps[0] >= 1.35


def record_with_keyword(folder: Path, keyword: str) -> Path:
    """The clean base record with one more gene keyword, in ``folder/_figures``."""
    import yaml

    from curate.linter.edits import dump

    data = yaml.safe_load((Path(__file__).parent / "rules" / "base.md").read_text().split("---\n")[1])
    data["schema-jsonld"]["keywords"].append(keyword)
    record = folder / "_figures" / f"{data['figid']}.md"
    record.parent.mkdir(parents=True)
    record.write_text("---\n" + dump(data) + "---\n")
    return record


def test_answers_of_a_failing_service_are_not_cached_by_lint(cache_env, server, tmp_path):
    """A verdict made while the service was down (on the snapshot) is not served later as an online one."""
    root = tmp_path / "records"
    record_with_keyword(root, "NEWGENE1")
    (root / ".curate.toml").write_text("")

    def lint():
        return curate("lint", "--format", "concise", "--select", "G105", "--online", "--hgnc-url", server.url,
                      "_figures", cwd=root)

    server.fail("/fetch/", *[status(500)] * 50)
    down = lint()
    assert any("NEWGENE1" in line for line in down.lines) and "HGNC service unavailable" in down.err
    server.heal()
    symbol_lookup._online.cache_clear()  # a new run
    up = lint()
    assert not any("NEWGENE1" in line for line in up.lines), up.out


def test_lint_online_with_a_wrong_shape_is_no_internal_error(cache_env, server, tmp_path):
    record = record_with_keyword(tmp_path, "NEWGENE1")
    server.fail("/fetch/", *[body(answer([{"symbol": ["NEWGENE1"], "status": "Approved"}]))] * 10)
    outcome = curate("lint", "--no-cache", "--format", "concise", "--online", "--hgnc-url", server.url, record)
    assert outcome.code in (0, 1)
    assert "internal error" not in outcome.out and "Traceback" not in outcome.err
    assert "curate: warning: HGNC service unavailable" in outcome.err


def test_an_approved_doc_without_a_symbol_or_with_null_fields_is_no_traceback(cache_env, server):
    """Shapes that pass the type check yet lack what a gene needs: no symbol, nulls for strings."""
    server.fail("/fetch/", body(answer([{"status": "Approved"},
                                        {"symbol": "ZZZ1", "status": "Approved", "hgnc_id": None, "locus_type": None}])))
    outcome = curate("hgnc", "--online", "--hgnc-url", server.url, "--retries", "0", "ZZZ1")
    assert outcome.code == 0 and "Traceback" not in outcome.err, outcome.err
    assert outcome.out.startswith("ZZZ1\tapproved")
