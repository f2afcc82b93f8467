"""A real HTTP server on 127.0.0.1 that answers like HGNC's REST service, for client tests.

``/fetch/{field}/{term}`` returns the HGNC envelope with the docs whose ``field`` matches
``term`` (case-insensitively; list fields match any member); ``/files/{name}`` serves a file
(the bulk complete set). Failures are scripted per path prefix with :meth:`HGNCServer.fail`
and consumed one request at a time: ``status(429, retry_after="1")``, ``status(500)``,
``slow(seconds)``, ``malformed()``, ``body(data)`` (any bytes as the answer), ``trickle(seconds)``
(the answer one byte at a time), ``gzip_bomb(size)`` (``size`` zero bytes, gzip-compressed) and
``redirect(location)``. Every request is logged in :attr:`HGNCServer.requests`.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote


@dataclass(frozen=True)
class Action:
    kind: str  # status, slow, malformed, body, trickle, gzip
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    data: bytes = b""


def status(code: int, retry_after: str | None = None) -> Action:
    return Action("status", code, {"Retry-After": retry_after} if retry_after is not None else {})


def slow(seconds: float) -> Action:
    return Action("slow", seconds=seconds)


def malformed() -> Action:
    return Action("malformed")


def body(data: bytes) -> Action:
    """``data`` as a 200 JSON answer (valid JSON of the wrong shape, say)."""
    return Action("body", data=data)


def trickle(seconds: float) -> Action:
    """The real answer, announced in full by Content-Length, then sent one byte every ``seconds``."""
    return Action("trickle", seconds=seconds)


def gzip_bomb(size: int) -> Action:
    """``size`` zero bytes, gzip-compressed (a few kilobytes a megabyte on the wire)."""
    return Action("gzip", data=gzip.compress(bytes(size), compresslevel=9))


def redirect(location: str) -> Action:
    return Action("status", 302, {"Location": location})


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float


def doc(
    hgnc_id: str,
    symbol: str,
    name: str,
    status: str = "Approved",
    locus_type: str = "gene with protein product",
    alias_symbol: list[str] | None = None,
    prev_symbol: list[str] | None = None,
    entrez_id: str = "",
    uniprot_ids: list[str] | None = None,
) -> dict[str, Any]:
    """One HGNC-shaped doc (the fields ``/fetch`` returns that the client reads, plus a few more)."""
    entry: dict[str, Any] = {
        "hgnc_id": hgnc_id, "symbol": symbol, "name": name, "status": status, "locus_type": locus_type,
        "locus_group": "protein-coding gene" if locus_type == "gene with protein product" else "other",
        "_version_": 1, "date_modified": "2024-07-01",
    }
    if alias_symbol:
        entry["alias_symbol"] = alias_symbol
    if prev_symbol:
        entry["prev_symbol"] = prev_symbol
    if entrez_id:
        entry["entrez_id"] = entrez_id
    if uniprot_ids:
        entry["uniprot_ids"] = uniprot_ids
    return entry


DOCS = [
    doc("HGNC:11998", "TP53", "tumor protein p53", alias_symbol=["p53", "LFS1"], entrez_id="7157",
        uniprot_ids=["P04637"]),
    doc("HGNC:1785", "CDKN1B", "cyclin dependent kinase inhibitor 1B", alias_symbol=["KIP1", "P27KIP1"],
        entrez_id="1027", uniprot_ids=["P46527"]),
    doc("HGNC:6871", "MAPK1", "mitogen-activated protein kinase 1", alias_symbol=["ERK", "ERK2", "p42MAPK"],
        prev_symbol=["PRKM2", "PRKM1"], entrez_id="5594", uniprot_ids=["P28482"]),
    doc("HGNC:3393", "EPHB2", "EPH receptor B2", alias_symbol=["Hek5", "Tyro5"], prev_symbol=["EPHT3", "DRT", "ERK"],
        entrez_id="2048", uniprot_ids=["P29323"]),
    doc("HGNC:12469", "UBA1", "ubiquitin like modifier activating enzyme 1", prev_symbol=["A1S9T", "UBE1"],
        entrez_id="7317", uniprot_ids=["P22314"]),
    doc("HGNC:6", "A1S9T", "symbol withdrawn, see [HGNC:12469](/data/gene-symbol-report/#!/hgnc_id/HGNC:12469)",
        status="Symbol Withdrawn", locus_type="unknown"),
    doc("HGNC:1", "A12M1", "adenovirus-12 chromosome modification site 1C", status="Entry Withdrawn",
        locus_type="unknown"),
    doc("HGNC:99001", "NEWGENE1", "a gene newer than the snapshot", entrez_id="999001"),
]


class HGNCServer:
    """``with HGNCServer() as server:`` serves on ``server.url`` until the block ends."""

    def __init__(self, docs: list[dict[str, Any]] | None = None, files: dict[str, bytes] | None = None) -> None:
        self.docs = list(DOCS if docs is None else docs)
        self.files = dict(files or {})
        self.requests: list[Request] = []
        self._script: dict[str, deque[Action]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> HGNCServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def fail(self, prefix: str, *actions: Action) -> None:
        """The next requests whose path starts with ``prefix`` get ``actions``, one each, in order."""
        with self._lock:
            self._script.setdefault(prefix, deque()).extend(actions)

    def heal(self) -> None:
        """Drop every scripted failure not yet served: the service is back."""
        with self._lock:
            self._script.clear()

    def count(self, prefix: str = "/") -> int:
        return sum(1 for request in self.requests if request.path.startswith(prefix))

    def _next_action(self, path: str) -> Action | None:
        with self._lock:
            for prefix, actions in self._script.items():
                if path.startswith(prefix) and actions:
                    return actions.popleft()
        return None

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        parts = path.split("/")
        if len(parts) == 3 and parts[1] == "files" and parts[2] in self.files:
            return 200, "text/plain; charset=utf-8", self.files[parts[2]]
        if len(parts) != 4 or parts[1] != "fetch":
            return 404, "application/json", b'{"error": "not found"}'
        field_name, term = parts[2], unquote(parts[3]).lower()
        docs = [entry for entry in self.docs if _matches(entry.get(field_name), term)]
        body = {
            "responseHeader": {"status": 0, "QTime": 1},
            "response": {"numFound": len(docs), "start": 0, "maxScore": 1.0, "docs": docs},
        }
        return 200, "application/json", json.dumps(body).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with server._lock:
                    server.requests.append(Request(self.path, dict(self.headers), time.monotonic()))
                action = server._next_action(self.path)
                if action is not None and action.kind == "slow":
                    time.sleep(action.seconds)
                if action is not None and action.kind == "status":
                    self._send(action.status, "application/json", b'{"error": "scripted"}', action.headers)
                    return
                code, content_type, answer = server._answer(self.path)
                if action is not None and action.kind == "malformed":
                    answer = answer[: len(answer) // 2]
                if action is not None and action.kind == "body":
                    answer = action.data
                if action is not None and action.kind == "gzip":
                    self._send(200, "application/json", action.data, {"Content-Encoding": "gzip"})
                    return
                self._send(code, content_type, answer, pace=action.seconds if action and action.kind == "trickle" else 0)

            def _send(self, code: int, content_type: str, answer: bytes, headers: dict[str, str] | None = None,
                      pace: float = 0) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(answer)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    if not pace:
                        self.wfile.write(answer)
                    for index in range(len(answer) if pace else 0):
                        self.wfile.write(answer[index : index + 1])
                        self.wfile.flush()
                        time.sleep(pace)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler


def _matches(value: Any, term: str) -> bool:
    if isinstance(value, list):
        return any(str(item).lower() == term for item in value)
    return value is not None and str(value).lower() == term


def complete_set(rows: list[dict[str, str]]) -> bytes:
    """An HGNC-shaped ``hgnc_complete_set.txt``: all the real columns, lists quoted and ``|``-joined."""
    columns = [
        "hgnc_id", "symbol", "name", "locus_group", "locus_type", "status", "location", "location_sortable",
        "alias_symbol", "alias_name", "prev_symbol", "prev_name", "gene_group", "gene_group_id",
        "date_approved_reserved", "date_symbol_changed", "date_name_changed", "date_modified", "entrez_id",
        "ensembl_gene_id", "vega_id", "ucsc_id", "ena", "refseq_accession", "ccds_id", "uniprot_ids", "pubmed_id",
        "mgd_id", "rgd_id", "lsdb", "cosmic", "omim_id", "mirbase", "homeodb", "snornabase", "bioparadigms_slc",
        "orphanet", "pseudogene.org", "horde_id", "merops", "imgt", "iuphar", "kznf_gene_catalog", "mamit-trnadb",
        "cd", "lncrnadb", "enzyme_id", "intermediate_filament_db", "agr", "mane_select",
    ]
    lines = ["\t".join(columns)]
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            if "|" in value:
                value = f'"{value}"'
            cells.append(value)
        lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode()
