"""A small client for HGNC's REST service (``https://rest.genenames.org``) and bulk download.

One ``requests.Session`` with ``Accept: application/json``; (connect, read) timeouts; at most
``rate`` requests per second (a token bucket); retries with exponential backoff on connection
errors, timeouts, 429 and 5xx, honouring ``Retry-After``; and an on-disk cache of successful
answers, one JSON file per URL with the time it was fetched and when it expires (30 days by
default) under ``<cache dir>/hgnc``. Every failure is an :class:`HGNCError` with a one-line message.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import requests

from curate import __version__
from curate.linter.knowledge import user_cache_dir
from curate.linter.knowledge.model import Gene, Knowledge, SymbolInfo

DEFAULT_BASE_URL = "https://rest.genenames.org"
DEFAULT_BULK_URL = "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/hgnc_complete_set.txt"
DEFAULT_WITHDRAWN_URL = "https://storage.googleapis.com/public-download-files/hgnc/tsv/tsv/withdrawn.txt"
BASE_URL_ENV = "CURATE_HGNC_URL"
DEFAULT_EXPIRY = 30 * 24 * 3600.0
FETCH_FIELDS = frozenset({"symbol", "prev_symbol", "alias_symbol", "hgnc_id", "entrez_id", "uniprot_ids"})
_HGNC_ID = re.compile(r"HGNC:\s*([0-9]+)")


class HGNCError(Exception):
    """The service could not answer (unreachable, timed out, refused, or sent something unusable)."""


class Download(NamedTuple):
    url: str
    data: bytes
    sha256: str
    last_modified: str


class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` saved up; :meth:`acquire` waits for one."""

    def __init__(
        self,
        rate: float,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate, self.capacity = rate, capacity
        self._clock, self._sleep = clock, sleep
        self._tokens, self._updated = capacity, clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take a token, sleeping until one is available; returns the time slept."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            wait = (1 - self._tokens) / self.rate
            self._sleep(wait)
            self._tokens, self._updated = 0.0, now + wait
            return wait


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
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        self.cache_dir = user_cache_dir(cache_dir) / "hgnc" if use_cache else None
        self.expiry, self.timeout = expiry, timeout
        self.retries, self.backoff, self.max_backoff = retries, backoff, max_backoff
        self.bucket = TokenBucket(rate)
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": f"curate/{__version__}"})
        self.requests_sent = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HGNCClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- REST -----------------------------------------------------------------------------

    def fetch(self, field: str, term: str) -> list[dict[str, Any]]:
        """The docs of ``/fetch/{field}/{term}`` (exact match, all stored fields)."""
        if field not in FETCH_FIELDS:
            raise ValueError(f"unknown HGNC fetch field {field!r}")
        url = f"{self.base_url}/fetch/{field}/{quote(term, safe='')}"
        body = self._cached(url)
        if body is None:
            body = self._get_json(url)
            self._store(url, body)
        return body["response"]["docs"]

    def lookup(self, symbol: str, knowledge: Knowledge | None = None) -> SymbolInfo:
        """What HGNC says about ``symbol`` now: approved, previous symbol of, alias of, withdrawn."""
        own = self.fetch("symbol", symbol)
        approved = [doc for doc in own if doc.get("status") == "Approved"]
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
        response = self._request(url, accept="text/plain, */*")
        data = response.content
        return Download(url, data, hashlib.sha256(data).hexdigest(), response.headers.get("Last-Modified", ""))

    # --- transport ------------------------------------------------------------------------

    def _request(self, url: str, accept: str = "application/json") -> requests.Response:
        failure = ""
        for attempt in range(self.retries + 1):
            self.bucket.acquire()
            self.requests_sent += 1
            try:
                response = self.session.get(url, timeout=self.timeout, headers={"Accept": accept})
            except requests.Timeout:
                failure, delay = f"timed out after {self.timeout[1]:g} s", self._delay(attempt)
            except requests.RequestException as error:
                failure, delay = f"cannot connect ({_reason(error)})", self._delay(attempt)
            else:
                if response.status_code == 200:
                    return response
                failure = f"HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    break
                delay = self._delay(attempt, response.headers.get("Retry-After"))
                response.close()
            if attempt < self.retries:
                time.sleep(delay)
        attempts = f" after {attempt + 1} attempts" if attempt else ""
        raise HGNCError(f"{url}: {failure}{attempts}")

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        delay = self.backoff * 2**attempt
        if retry_after:
            delay = max(delay, _retry_after_seconds(retry_after))
        return min(delay, self.max_backoff)

    def _get_json(self, url: str) -> dict[str, Any]:
        response = self._request(url)
        try:
            body = response.json()
        except ValueError:
            raise HGNCError(f"{url}: malformed JSON in the response") from None
        docs = body.get("response", {}).get("docs") if isinstance(body, dict) else None
        if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
            raise HGNCError(f"{url}: response has no response.docs list")
        return body

    # --- cache ----------------------------------------------------------------------------

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> dict[str, Any] | None:
        path = self._cache_path(url)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url:
            return None
        try:
            expires = min(float(entry["expires"]), float(entry["fetched"]) + self.expiry)
        except (KeyError, TypeError, ValueError):
            return None
        return entry.get("body") if time.time() < expires else None

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


def _approved(doc: dict[str, Any]) -> bool:
    return doc.get("status") == "Approved" and bool(doc.get("symbol"))


def _gene(doc: dict[str, Any]) -> Gene:
    uniprot = doc.get("uniprot_ids") or ()
    return Gene(
        symbol=str(doc["symbol"]),
        id=str(doc.get("hgnc_id", "")),
        name=str(doc.get("name", "")),
        locus_type=str(doc.get("locus_type", "")),
        entrez=str(doc.get("entrez_id", "") or ""),
        uniprot=tuple(uniprot) if isinstance(uniprot, list) else (str(uniprot),),
    )


def _replacement_ids(doc: dict[str, Any]) -> list[str]:
    text = " ".join(str(doc.get(key, "")) for key in ("name", "merged_into_report"))
    return list(dict.fromkeys(f"HGNC:{number}" for number in _HGNC_ID.findall(text)))


def _retry_after_seconds(value: str) -> float:
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - time.time())


def _reason(error: requests.RequestException) -> str:
    text = str(error.args[0] if error.args else error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)|(Connection refused|Name or service not known)", text)
    if match:
        return (match.group(1) or match.group(2)).strip()
    return type(error).__name__
