"""A small client for HGNC's REST service (``https://rest.genenames.org``) and bulk download.

The service is outside this program and is not trusted to behave. The policies:

- One ``requests.Session`` with ``Accept: application/json``. Retries are urllib3's ``Retry`` on
  connection errors, timeouts, 429 and 5xx, with exponential backoff (``backoff``, doubled each
  retry, at most ``max_backoff``) and ``Retry-After`` honoured up to ``max_backoff``.
- At most ``rate`` requests per second for the whole run, worker processes included, and for
  any other curate run of the same user: :class:`RateLimit` keeps the time the next request may
  go in a small file under the user cache folder, behind an exclusive lock. Every request waits
  its turn: first tries, retries and each redirect.
- At most :data:`MAX_REDIRECTS` redirects, followed here rather than by requests, which would
  read each redirect's body whole.
- ``timeout`` is (connect, read): the headers must come within the read timeout, and so must the
  whole body after them (a body trickling a byte at a time fails at that deadline).
- A body larger than its cap (:data:`MAX_JSON_BYTES` for REST answers, :data:`MAX_DOWNLOAD_BYTES`
  for downloads) is refused, and a gzip body is inflated here, never past the cap.
- Every answer is checked against the shape the client reads (:func:`_checked`): valid JSON of
  another shape is an error, not a traceback.
- An on-disk cache of successful, checked answers, one JSON file per URL with the time it was
  fetched and when it expires (30 days by default) under ``<cache dir>/hgnc``. Failures are never
  cached.

Every failure is an :class:`HGNCError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from itertools import takewhile
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from curate import __version__
from curate.linter.knowledge import user_cache_dir
from curate.linter.knowledge.model import Gene, Knowledge, SymbolInfo

try:
    import fcntl
except ImportError:  # not on Windows: the rate limit then holds per process
    fcntl = None

DEFAULT_BASE_URL = "https://rest.genenames.org"
DEFAULT_BULK_URL = "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/hgnc_complete_set.txt"
DEFAULT_WITHDRAWN_URL = "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/withdrawn.txt"
BASE_URL_ENV = "CURATE_HGNC_URL"
DEFAULT_EXPIRY = 30 * 24 * 3600.0
FETCH_FIELDS = frozenset({"symbol", "prev_symbol", "alias_symbol", "hgnc_id", "entrez_id", "uniprot_ids"})
MAX_REDIRECTS = 5
MAX_JSON_BYTES = 4 * 1024 * 1024  # a /fetch answer is a few kilobytes
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # HGNC's complete set is about 15 MB
RATE_FILE = "hgnc-rate"
_RETRIED_STATUSES = frozenset({429, *range(500, 600)})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HGNC_ID = re.compile(r"HGNC:\s*([0-9]+)")


class HGNCError(Exception):
    """The service could not answer (unreachable, timed out, refused, or sent something unusable)."""


class Download(NamedTuple):
    url: str
    data: bytes
    sha256: str
    last_modified: str


class RateLimit:
    """At most ``rate`` requests a second, one every ``1/rate`` seconds, across every process using
    the same ``path``: the file holds the time the next request may go, and ``flock`` guards it.

    Without a usable file (``path`` None, a folder that cannot be written, no ``fcntl``) the limit
    holds in this process only. The wall clock is shared by processes; a time in the file more
    than a minute away (a clock that jumped, a file from elsewhere) is ignored.
    """

    def __init__(self, rate: float, path: Path | None = None, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval, self.path = 1.0 / rate, path
        self._clock, self._sleep = clock, sleep
        self._next = 0.0  # the in-process slot, when there is no file
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait for this request's turn; returns the time waited."""
        with self._lock:
            now = self._clock()
            wait = self._reserve_shared(now) if self.path is not None and fcntl is not None else None
            if wait is None:
                slot = self._next if now <= self._next <= now + 60 else now
                self._next = slot + self.interval
                wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def _reserve_shared(self, now: float) -> float | None:
        """Take the next slot in the shared file; None when the file cannot be used."""
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                slot = float(os.pread(handle, 64, 0) or b"0")
            except ValueError:
                slot = 0.0
            slot = slot if now <= slot <= now + 60 else now
            data = repr(slot + self.interval).encode()
            os.ftruncate(handle, 0)
            os.pwrite(handle, data, 0)
        except OSError:
            return None
        finally:
            os.close(handle)  # and with it the lock
        return slot - now


class _Retry(Retry):
    """urllib3's ``Retry`` as this client wants it: every retry waits its turn under the rate
    limit, and the first retry backs off too (urllib3's first retry is immediate)."""

    def __init__(self, *args: Any, limit: RateLimit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit

    def new(self, **kwargs: Any) -> _Retry:
        retry = super().new(**kwargs)
        retry.limit = self.limit
        return retry

    def get_backoff_time(self) -> float:
        failures = len(list(takewhile(lambda attempt: attempt.redirect_location is None, reversed(self.history))))
        return min(self.backoff_max, self.backoff_factor * 2 ** (failures - 1)) if failures else 0.0

    def sleep(self, response: urllib3.BaseHTTPResponse | None = None) -> None:
        super().sleep(response)
        if self.limit is not None:
            self.limit.acquire()


class _RateLimitedAdapter(HTTPAdapter):
    """Each request sent, redirects included, waits its turn (retries wait in :class:`_Retry`)."""

    def __init__(self, limit: RateLimit, retry: _Retry) -> None:
        super().__init__(max_retries=retry)
        self.limit = limit

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        self.limit.acquire()
        return super().send(request, *args, **kwargs)


class HGNCClient:
    """Look-ups against HGNC's REST service; see the module docstring for the policies."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        expiry: float = DEFAULT_EXPIRY,
        timeout: tuple[float, float] = (3.05, 10.0),
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        rate: float = 10.0,
    ) -> None:
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        folder = user_cache_dir(cache_dir)
        self.cache_dir = folder / "hgnc" if use_cache else None
        self.expiry, self.timeout, self.retries = expiry, timeout, retries
        # the rate file is shared by every process of the run; it holds a time, not an answer
        self.limit = RateLimit(rate, folder / RATE_FILE)
        retry = _Retry(total=retries, status_forcelist=_RETRIED_STATUSES, allowed_methods=frozenset({"GET"}),
                       backoff_factor=backoff, backoff_max=max_backoff, respect_retry_after_header=True,
                       retry_after_max=max_backoff, raise_on_status=False, redirect=False, limit=self.limit)
        self.session = requests.Session()
        self.session.mount("http://", _RateLimitedAdapter(self.limit, retry))
        self.session.mount("https://", _RateLimitedAdapter(self.limit, retry))
        self.session.headers.update({"Accept": "application/json", "User-Agent": f"curate/{__version__}",
                                     "Accept-Encoding": "gzip, deflate"})

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HGNCClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- REST -----------------------------------------------------------------------------

    def fetch(self, field: str, term: str) -> list[dict[str, Any]]:
        """The docs of ``/fetch/{field}/{term}`` (exact match, all stored fields), checked."""
        if field not in FETCH_FIELDS:
            raise ValueError(f"unknown HGNC fetch field {field!r}")
        url = f"{self.base_url}/fetch/{field}/{quote(term, safe='')}"
        docs = self._cached(url)
        if docs is None:
            data, _ = self._get(url, "application/json", MAX_JSON_BYTES)
            try:
                body = json.loads(data)
            except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser's stack
                raise HGNCError(f"{url}: malformed JSON in the response") from None
            problem = _shape_problem(body)
            if problem:
                raise HGNCError(f"{url}: {problem}")
            docs = body["response"]["docs"]
            self._store(url, body)
        return docs

    def lookup(self, symbol: str, knowledge: Knowledge | None = None) -> SymbolInfo:
        """What HGNC says about ``symbol`` now: approved, previous symbol of, alias of, withdrawn."""
        own = self.fetch("symbol", symbol)
        approved = [doc for doc in own if _approved(doc)]
        withdrawn = [doc for doc in own if doc.get("status") and doc.get("status") != "Approved"]
        previous = sorted({doc["symbol"] for doc in self.fetch("prev_symbol", symbol) if _approved(doc)})
        aliases = sorted({doc["symbol"] for doc in self.fetch("alias_symbol", symbol) if _approved(doc)})
        replaced: list[str] = []
        for doc in withdrawn:
            for hgnc_id in _replacement_ids(doc):
                replaced.extend(self._current_symbols(hgnc_id, knowledge))
        targets = dict.fromkeys((*previous, *aliases, *replaced))
        return SymbolInfo(
            query=symbol,
            gene=_gene(approved[0]) if approved else None,
            previous_of=tuple(previous),
            alias_of=tuple(aliases),
            withdrawn=str(withdrawn[0]["status"]) if withdrawn else "",
            replaced_by=tuple(dict.fromkeys(replaced)),
            source="online",
            genes=tuple(self._genes(list(targets), knowledge)),
        )

    def _current_symbols(self, hgnc_id: str, knowledge: Knowledge | None) -> list[str]:
        gene = knowledge.gene_by_id(hgnc_id) if knowledge else None
        if gene is not None:
            return [gene.symbol]
        return [doc["symbol"] for doc in self.fetch("hgnc_id", hgnc_id) if _approved(doc)]

    def _genes(self, symbols: list[str], knowledge: Knowledge | None) -> list[Gene]:
        genes = []
        for symbol in symbols:
            gene = knowledge.gene(symbol) if knowledge else None
            if gene is None:
                docs = [doc for doc in self.fetch("symbol", symbol) if _approved(doc)]
                gene = _gene(docs[0]) if docs else None
            if gene is not None:
                genes.append(gene)
        return genes

    # --- bulk -----------------------------------------------------------------------------

    def download(self, url: str) -> Download:
        """A whole file (HGNC's complete set), with the same timeouts, rate limit and retries."""
        data, response = self._get(url, "text/plain, */*", MAX_DOWNLOAD_BYTES)
        return Download(url, data, hashlib.sha256(data).hexdigest(), response.headers.get("Last-Modified", ""))

    # --- transport ------------------------------------------------------------------------

    def _get(self, url: str, accept: str, limit: int) -> tuple[bytes, requests.Response]:
        """The body of a 200 answer for ``url`` (redirects followed), at most ``limit`` bytes."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self.session.get(current, timeout=self.timeout, headers={"Accept": accept}, stream=True,
                                            allow_redirects=False)
            except requests.RequestException as error:
                raise HGNCError(f"{url}: {self._failure(error)}") from None
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    # followed here: requests would read the redirect's body whole
                    current = urljoin(current, response.headers["Location"])
                    if urlsplit(current).scheme not in ("http", "https"):
                        raise HGNCError(f"{url}: redirected to a URL that is not HTTP ({current})")
                    continue
                if response.status_code != 200:
                    history = response.raw.retries.history if response.raw.retries is not None else ()
                    tries = 1 + sum(1 for attempt in history if attempt.redirect_location is None)
                    raise HGNCError(f"{url}: HTTP {response.status_code}"
                                    f"{f' after {tries} attempts' if tries > 1 else ''}")
                return self._body(response, url, limit), response
        raise HGNCError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _body(self, response: requests.Response, url: str, limit: int) -> bytes:
        """The body, read within the read timeout and inflated (gzip, deflate) up to ``limit`` bytes."""
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip, told apart by the header
        elif encoding in ("", "identity"):
            inflate = None
        else:
            raise HGNCError(f"{url}: unsupported Content-Encoding {encoding!r}")
        deadline = time.monotonic() + self.timeout[1]
        connection = response.raw.connection
        chunks, size = [], 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise HGNCError(f"{url}: timed out after {self.timeout[1]:g} s")
            if connection is not None and connection.sock is not None:
                connection.sock.settimeout(left)  # no single read may outlast the deadline
            try:
                data = response.raw.read1(64 * 1024, decode_content=False)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                if time.monotonic() >= deadline or isinstance(error, (socket.timeout,
                                                                      urllib3.exceptions.ReadTimeoutError)):
                    raise HGNCError(f"{url}: timed out after {self.timeout[1]:g} s") from None
                raise HGNCError(f"{url}: connection broken while reading the answer ({type(error).__name__})") from None
            if not data:
                break
            if inflate is not None:
                try:
                    data = inflate.decompress(data, limit - size + 1)  # never more than the cap allows
                except zlib.error:
                    raise HGNCError(f"{url}: the answer is not valid {encoding}") from None
            size += len(data)
            if size > limit:
                raise HGNCError(f"{url}: the answer is larger than {_size(limit)}")
            chunks.append(data)
        return b"".join(chunks)

    def _failure(self, error: requests.RequestException) -> str:
        """A request's failure in words, with the attempts it took when retries ran out."""
        reason = error.args[0].reason if error.args and isinstance(error.args[0], urllib3.exceptions.MaxRetryError) \
            else error
        attempts = f" after {self.retries + 1} attempts" if self.retries and reason is not error else ""
        if isinstance(reason, (requests.Timeout, urllib3.exceptions.TimeoutError)) \
                and not isinstance(reason, urllib3.exceptions.NewConnectionError):  # urllib3 files refusals there
            return f"timed out after {self.timeout[1]:g} s{attempts}"
        return f"cannot connect ({_reason(error)}){attempts}"

    # --- cache ----------------------------------------------------------------------------

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> list[dict[str, Any]] | None:
        """The docs of a stored answer still fresh and of the right shape; None otherwise."""
        path = self._cache_path(url)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url or _shape_problem(entry.get("body")):
            return None
        try:
            expires = min(float(entry["expires"]), float(entry["fetched"]) + self.expiry)
        except (KeyError, TypeError, ValueError):
            return None
        return entry["body"]["response"]["docs"] if time.time() < expires else None

    def _store(self, url: str, body: dict[str, Any]) -> None:
        path = self._cache_path(url)
        if path is None:
            return
        now = time.time()
        entry = {"url": url, "fetched": now, "expires": now + self.expiry, "body": body}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            os.replace(temporary, path)
        except OSError:
            pass  # the cache is an optimisation: a read-only cache folder only costs requests


# What the client reads of a doc, and the JSON type each must have when present.
_DOC_FIELDS: dict[str, tuple[type, str]] = {
    "symbol": (str, "a string"), "status": (str, "a string"), "hgnc_id": (str, "a string"),
    "name": (str, "a string"), "locus_type": (str, "a string"), "entrez_id": (str, "a string"),
    "uniprot_ids": (list, "a list of strings"), "alias_symbol": (list, "a list of strings"),
    "prev_symbol": (list, "a list of strings"),
}
_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
               float: "a number", type(None): "null"}


def _shape_problem(body: Any) -> str:
    """What is wrong with an answer's shape for this client ("" when nothing): an object whose
    ``response.docs`` is a list of objects, each field the client reads of the right type."""
    def kind(value: Any) -> str:
        return _JSON_TYPES.get(type(value), type(value).__name__)

    if not isinstance(body, dict):
        return f"the answer is {kind(body)}, expected an object"
    response = body.get("response")
    if response is None:
        return "response is missing"
    if not isinstance(response, dict):
        return f"response is {kind(response)}, expected an object"
    docs = response.get("docs")
    if not isinstance(docs, list):
        return "response.docs is missing" if docs is None else f"response.docs is {kind(docs)}, expected a list"
    for index, doc in enumerate(docs):
        if not isinstance(doc, dict):
            return f"response.docs[{index}] is {kind(doc)}, expected an object"
        for name, (expected, described) in _DOC_FIELDS.items():
            value = doc.get(name)
            if value is not None and (not isinstance(value, expected)
                                      or expected is list and not all(isinstance(item, str) for item in value)):
                return f"response.docs[{index}].{name} is {kind(value)}, expected {described}"
    return ""


def _approved(doc: dict[str, Any]) -> bool:
    return doc.get("status") == "Approved" and bool(doc.get("symbol"))


def _gene(doc: dict[str, Any]) -> Gene:
    return Gene(
        symbol=doc["symbol"],
        id=doc.get("hgnc_id") or "",  # null is absent
        name=doc.get("name") or "",
        locus_type=doc.get("locus_type") or "",
        entrez=doc.get("entrez_id") or "",
        uniprot=tuple(doc.get("uniprot_ids") or ()),
    )


def _replacement_ids(doc: dict[str, Any]) -> list[str]:
    text = " ".join(str(doc.get(key, "")) for key in ("name", "merged_into_report"))
    return list(dict.fromkeys(f"HGNC:{number}" for number in _HGNC_ID.findall(text)))


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB"


def _reason(error: requests.RequestException) -> str:
    text = str(error.args[0] if error.args else error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)|(Connection refused|Name or service not known)", text)
    if match:
        return (match.group(1) or match.group(2)).strip()
    return type(error).__name__
