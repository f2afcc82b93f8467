"""Symbol look-ups for gene rules: the knowledge snapshot, and HGNC's live service for ``--online`` runs.

``lookup_symbol(symbol, context)`` returns the snapshot's answer, and for a human symbol the snapshot
does not know, the live service's when the run is ``--online``. A failing service is reported once on
stderr and the run continues on the snapshot. The HTTP client (and requests) is imported only then.

:data:`unanswered` counts the look-ups that wanted the service's answer and got the snapshot's
instead: the runner does not cache a verdict made meanwhile, so that a later run, with the service
back, does not take it for the service's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from curate.linter import knowledge
from curate.linter.knowledge import SymbolInfo


def lookup_symbol(symbol: str, context: Any = None, species: str = "human") -> SymbolInfo:
    """The snapshot's :class:`SymbolInfo`; for a human symbol it does not know, HGNC's live answer
    when ``context.online``. ``context.hgnc_url`` and ``context.cache_dir`` configure the client, and
    ``context.extras["hgnc_client"]`` may hold further :class:`~curate.linter.hgnc_client.HGNCClient`
    keyword arguments (``timeout``, ``retries``, ``backoff``, ``rate``, ``expiry``)."""
    info = knowledge.load().lookup(symbol, species)
    if species != "human" or info.status != "unknown" or not getattr(context, "online", False):
        return info
    options = (getattr(context, "extras", None) or {}).get("hgnc_client", {})
    online = _online(getattr(context, "hgnc_url", None), getattr(context, "cache_dir", None),
                     tuple(sorted(options.items())))
    answer = online.lookup(symbol)
    if answer is None:
        global unanswered
        unanswered += 1
        return info
    return answer


unanswered = 0  # look-ups of this process the service did not answer (see the module docstring)


class _Online:
    """The live service for one run: after the first failure it is not asked again."""

    def __init__(self, base_url: str | None, cache_dir: str | None, options: tuple[tuple[str, Any], ...]) -> None:
        from curate.linter.hgnc_client import HGNCClient  # requests is imported only for online runs

        self.client = HGNCClient(base_url, cache_dir=cache_dir, **dict(options))
        self.failed = False

    def lookup(self, symbol: str) -> SymbolInfo | None:
        from curate.linter.hgnc_client import HGNCError

        if self.failed:
            return None
        try:
            return self.client.lookup(symbol, knowledge=knowledge.load())
        except HGNCError as error:
            self.failed = True
            knowledge.warn(f"HGNC service unavailable ({error}); continuing with the snapshot")
            return None


@cache
def _online(base_url: str | None, cache_dir: str | None, options: tuple[tuple[str, Any], ...] = ()) -> _Online:
    return _Online(base_url, cache_dir, options)
