"""What earlier runs saw, in SQLite beside the dataset (DIR/state.sqlite).

The dataset is the truth and this store a fast index of it: a run records its URLs,
article ids and content hashes here only after its Parquet files are published, and
a run that starts after a crash first reads the rows of any published file the store
does not know yet (`reconcile`). So a run killed at any point neither loses articles
(nothing unpublished is marked as seen) nor duplicates them (nothing published is
forgotten). Scrapy's JOBDIR is not used: it would replay the dead run's request
queue, while re-discovering from feeds and sitemaps against this store gives the same
result and also picks up what appeared since.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyarrow.parquet as pq

from cleaning.identity import dedup_key

STATE_FILE = "state.sqlite"
# Keys per lookup query: well under SQLite's limit on bound parameters (32,766).
LOOKUP_CHUNK = 500
_PART_NAME = re.compile(r"^part-(?P<run_id>.+)-\d{4}\.parquet$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url_key TEXT PRIMARY KEY,      -- normalized URL
    outcome TEXT NOT NULL,         -- 'article' or the reject reason
    last_fetched_at TEXT,
    run_id TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    url TEXT,
    run_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS validators (  -- conditional GET for feeds and sitemaps
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS pending (    -- discovered, not yet fetched to a final outcome
    url_key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT,
    discovered_via TEXT,
    published_at TEXT
);
CREATE TABLE IF NOT EXISTS lastmods (  -- the sitemap lastmod / feed <updated> a page was current at
    url_key TEXT PRIMARY KEY,
    lastmod TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    committed_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class KnownArticle:
    article_id: str
    content_hash: str
    version: int


class StateStore:
    def __init__(self, out_dir: Path | str) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # A crawl reads the store from its discovery thread as well as from the reactor;
        # SQLite here is built serialized (sqlite3.threadsafety 3): one connection may
        # be used from several threads, each call whole.
        self._db = sqlite3.connect(self.out_dir / STATE_FILE, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    # --- reading -----------------------------------------------------------------------
    def last_fetched(self, keys: Iterable[str]) -> dict[str, datetime]:
        """When a run last recorded each of these URL keys (`url_key`); keys never seen are
        left out. One query per LOOKUP_CHUNK keys, so a sitemap of 50,000 URLs costs 100
        queries, not 50,000."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, datetime] = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start:start + LOOKUP_CHUNK]
            rows = self._db.execute(f"SELECT url_key, last_fetched_at FROM urls WHERE url_key IN "
                                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
            for key, fetched_at in rows:
                found[key] = datetime.fromisoformat(fetched_at) if fetched_at else _LONG_AGO
        return found

    def lastmods(self, keys: Iterable[str]) -> dict[str, str]:
        """The lastmod (or <updated>) recorded for each of these URL keys, where there is one."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start:start + LOOKUP_CHUNK]
            found.update(self._db.execute(f"SELECT url_key, lastmod FROM lastmods WHERE url_key IN "
                                          f"({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def known_article(self, article_id: str) -> KnownArticle | None:
        row = self._db.execute("SELECT article_id, content_hash, version FROM articles WHERE article_id = ?",
                               (article_id,)).fetchone()
        return KnownArticle(*row) if row else None

    def known_content(self, content_hash: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def pending(self, site: str, batch: int = 1000) -> Iterator[list[tuple[str, str, datetime | None]]]:
        """(url, discovered_via, published_at) of a site's URLs that earlier runs found but
        did not finish (over max_pages, a timeout, an interrupted run), oldest first, in
        batches: a caller that needs only the first few reads only those."""
        after = -1
        while True:
            rows = self._db.execute("SELECT rowid, url, discovered_via, published_at FROM pending "
                                    "WHERE site = ? AND rowid > ? ORDER BY rowid LIMIT ?", (site, after, batch)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield [(url, via, datetime.fromisoformat(published) if published else None)
                   for _, url, via, published in rows]

    def pending_count(self, site: str) -> int:
        return self._db.execute("SELECT count(*) FROM pending WHERE site = ?", (site,)).fetchone()[0]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # --- writing (after the run's files are published) ---------------------------------
    def commit_run(self, run_id: str, urls: list[tuple[str, str]], articles: list[tuple[str, str, int, str]],
                   validators: list[tuple[str, str | None, str | None]],
                   pending: Sequence[tuple[str, str, str, str, datetime | None]] = (),
                   lastmods: Sequence[tuple[str, str, bool]] = ()) -> None:
        """Record one run in a single transaction: its URLs, articles, feed validators, and
        the URLs it found but did not finish ((url_key, url, site, discovered_via, published_at):
        the key comes from discovery, which computed it already). `lastmods` are (url_key,
        lastmod, always): the lastmod a fetched page was current at is recorded only when
        its fetch finished (else the change is retried next run); `always` records it anyway
        (a known page seen unchanged, to compare the next lastmod with)."""
        now = datetime.now(timezone.utc).isoformat()
        finished = {url_key(url) for url, _ in urls}
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO pending (url_key, url, site, discovered_via, published_at) VALUES (?, ?, ?, ?, ?)",
                [(key, url, site, via, published.isoformat() if published else None)
                 for key, url, site, via, published in pending if key not in finished])
            self._db.executemany("DELETE FROM pending WHERE url_key = ?", [(key,) for key in finished])
            self._db.executemany(
                "INSERT OR REPLACE INTO urls (url_key, outcome, last_fetched_at, run_id) VALUES (?, ?, ?, ?)",
                [(url_key(url), outcome, now, run_id) for url, outcome in urls])
            self._db.executemany(
                "INSERT OR REPLACE INTO articles (article_id, content_hash, version, url, run_id) VALUES (?, ?, ?, ?, ?)",
                [(article_id, content_hash, version, url, run_id) for article_id, content_hash, version, url in articles])
            self._db.executemany(
                "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?, ?, ?)", validators)
            self._db.executemany(
                "INSERT OR REPLACE INTO lastmods (url_key, lastmod) VALUES (?, ?)",
                [(key, lastmod) for key, lastmod, always in lastmods if always or key in finished])
            self._db.execute("INSERT OR REPLACE INTO runs (run_id, committed_at) VALUES (?, ?)", (run_id, now))

    def reconcile(self) -> list[str]:
        """Index the rows of published files whose run never committed here (a killed run)."""
        committed = {row[0] for row in self._db.execute("SELECT run_id FROM runs")}
        pending: dict[str, list[Path]] = {}
        for table in ("articles", "rejects"):
            for path in sorted((self.out_dir / table).glob("fetch_date=*/part-*.parquet")):
                match = _PART_NAME.match(path.name)
                if match and match.group("run_id") not in committed:
                    pending.setdefault(match.group("run_id"), []).append(path)
        for run_id, paths in sorted(pending.items()):
            urls: list[tuple[str, str]] = []
            articles: list[tuple[str, str, int, str]] = []
            for path in paths:
                if path.parent.parent.name == "articles":
                    columns = ["article_id", "content_hash", "version", "url"]
                    for row in pq.read_table(path, columns=columns).to_pylist():
                        articles.append((row["article_id"], row["content_hash"], row["version"], row["url"]))
                        urls.append((row["url"], "article"))
                else:
                    for row in pq.read_table(path, columns=["url", "reason", "detail"]).to_pylist():
                        if is_permanent(row["reason"], row["detail"]):
                            urls.append((row["url"], row["reason"]))
            self.commit_run(run_id, urls, articles, [])
        return sorted(pending)


def url_key(url: str) -> str:
    """The same key for every spelling of one page: case, ports, tracking, slash, AMP."""
    return dedup_key(url)


_LONG_AGO = datetime.min.replace(tzinfo=timezone.utc)  # recorded without a time: before any lastmod

_TRANSIENT_REASONS = {"timeout", "connection_error", "dns_error", "fetch_error", "extraction_error"}


def is_permanent(reason: str, detail: str) -> bool:
    """Will asking again give the same answer? Timeouts and 5xx may not: they are retried next run."""
    if reason in _TRANSIENT_REASONS:
        return False
    if reason == "http_status" and re.match(r"HTTP (5\d\d|429|408)", detail or ""):
        return False
    return True
