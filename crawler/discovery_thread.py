"""Discovery's heavy part off the reactor: parsing feeds, sitemaps and fronts, spelling
their URLs and asking the state store about them, on one thread of its own.

A 50,000-URL sitemap costs seconds of parsing, URL normalization and SQLite lookups;
on the reactor that would stall every download and every result in flight. The spider
hands the work over chunk by chunk and awaits it, so the reactor stays free between
chunks and its own share (queue bookkeeping, the requests within max_pages) stays small.
One thread, not the reactor's pool: the tasks touch one SQLite connection, and one
discovery task at a time is plenty next to the cleaning processes.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Callable, Sequence, TypeVar

from scrapy.utils.defer import maybe_deferred_to_future

from pipelines.state import StateStore
from pipelines.twisted_bridge import deferred_from_pool_future

from .discovery import DiscoveredUrl, canonical_article_url, fetch_url

R = TypeVar("R")
CHUNK = 1000  # entries per task: a few tens of ms of work, then the reactor gets its turn


@dataclass(frozen=True)
class Candidate:
    """A discovered URL the site allows, with what the state store knows of it."""

    entry: DiscoveredUrl
    key: str  # one key for every spelling of the page: the run's queue and the state store use it
    last_fetched: datetime | None  # when an earlier run recorded it; None: never seen
    fetch_url: str | None  # the spelling to request; only worked out for URLs that may be fetched
    recorded_lastmod: str | None = None  # the lastmod / <updated> the page was current at

    @property
    def lastmod(self) -> str | None:
        """The entry's lastmod (sitemap) or <updated> (feed), as recorded in the state store."""
        return self.entry.modified_at.isoformat() if self.entry.modified_at else None

    def is_wanted(self) -> bool:
        """Never seen, or its lastmod changed since the page was fetched.

        A lastmod is compared with the one recorded, never with our clock: a site's clock,
        time zone or date-only lastmod ("2024-10-02" for an evening correction) would hide
        changes. Without a recorded lastmod (a page first found in a feed, or state from
        an older version) the lastmod must be newer than our fetch, as before."""
        if self.last_fetched is None:
            return True
        if self.lastmod is None:
            return False
        if self.recorded_lastmod is not None:
            return self.lastmod != self.recorded_lastmod
        return bool(self.entry.modified_at and self.entry.modified_at > self.last_fetched)


def triage(entries: Sequence[DiscoveredUrl], allows: Callable[[str], bool], state: StateStore | None,
           spell: bool = True) -> list[Candidate]:
    """The entries `allows` accepts, keyed once, looked up in `state` in one batch (no
    lookup without a state: every URL is new), in entry order. `spell=False` (the site's
    max_pages is reached) skips working out the request spelling: those URLs are only
    remembered for the next run."""
    keyed = [(entry, canonical_article_url(entry.url)) for entry in entries if allows(entry.url)]
    known = state.last_fetched(key for _, key in keyed) if state is not None else {}
    dated = [key for entry, key in keyed if key in known and entry.modified_at is not None]
    recorded = state.lastmods(dated) if state is not None and dated else {}
    candidates = []
    for entry, key in keyed:
        candidate = Candidate(entry, key, known.get(key), None, recorded.get(key))
        if spell and candidate.is_wanted():
            candidate = replace(candidate, fetch_url=fetch_url(entry.url, key))
        candidates.append(candidate)
    return candidates


class DiscoveryThread:
    """Runs functions on the discovery thread; `run` is awaited from a spider callback."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="discovery")

    async def run(self, function: Callable[..., R], *args: Any) -> R:
        from twisted.internet import reactor

        return await maybe_deferred_to_future(deferred_from_pool_future(self._executor.submit(function, *args), reactor))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
