"""Discovery at scale: parsing, URL keys and state lookups run off the reactor, lookups
are batched, URLs past max_pages are only remembered, and a pending backlog is read
only as far as this run needs it."""
import json
import sqlite3
from datetime import datetime, timezone

import pytest

from crawler.discovery import DiscoveredUrl, canonical_article_url, fetch_url
from crawler.discovery_thread import triage
from pipelines.state import LOOKUP_CHUNK, StateStore, url_key

from .conftest import run_command
from .local_server import LocalServer, Route
from .test_scheduled_crawl import HTML, article_html, article_ids, last_manifest

EXTENSIONS = json.dumps({"tests.crawl_probes.DiscoveryThreads": 0, "tests.crawl_probes.SchedulerDepth": 0,
                         "crawler.extensions.FreezeStartupObjects": 0})


def story(origin: str, number: int) -> str:
    return f"{origin}/world/2024/story-{number}-on-the-river-crossing.html"


def remember(store: StateStore, urls: list[str]) -> None:
    store.commit_run("earlier", [(url, "article") for url in urls], [], [])


def test_state_lookups_are_one_query_per_chunk(tmp_path):
    store = StateStore(tmp_path)
    known = [f"https://news.example/a/story-{n}-of-the-day.html" for n in range(LOOKUP_CHUNK * 2 + 10)]
    remember(store, known[::2])
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    found = store.last_fetched(url_key(url) for url in known)
    store._db.set_trace_callback(None)
    assert set(found) == {url_key(url) for url in known[::2]}
    assert all(isinstance(when, datetime) and when.tzinfo for when in found.values())
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3
    store.close()


def test_triage_keys_each_entry_once_and_spells_only_what_may_be_fetched(tmp_path, monkeypatch):
    store = StateStore(tmp_path)
    urls = [f"https://news.example/a/story-{n}-of-the-day.html?utm_source=feed" for n in range(6)]
    remember(store, urls[:2])
    import crawler.discovery_thread as discovery_thread

    calls = {"key": 0, "spell": 0}

    def counted(name, function):
        def wrapper(url, *args):
            calls[name] += 1
            return function(url, *args)
        return wrapper

    monkeypatch.setattr(discovery_thread, "canonical_article_url", counted("key", canonical_article_url))
    monkeypatch.setattr(discovery_thread, "fetch_url", counted("spell", fetch_url))
    allowed = [DiscoveredUrl(url) for url in urls] + [DiscoveredUrl("https://elsewhere.example/x-y-z.html")]
    candidates = triage(allowed, lambda url: "news.example" in url, store)
    assert [c.entry.url for c in candidates] == urls  # the other site's URL is dropped
    assert calls == {"key": 6, "spell": 4}  # one key per entry; spellings for the 4 unknown URLs
    assert [c.last_fetched is not None for c in candidates] == [True, True, False, False, False, False]
    assert [c.fetch_url for c in candidates[2:]] == [fetch_url(url) for url in urls[2:]]
    assert all(c.key == url_key(c.fetch_url) for c in candidates[2:])  # the store's key is the queue's key

    calls.update(key=0, spell=0)
    past_the_limit = triage(allowed, lambda url: "news.example" in url, store, spell=False)
    assert calls == {"key": 6, "spell": 0}
    assert all(c.fetch_url is None for c in past_the_limit)
    store.close()


def test_a_newer_lastmod_makes_a_known_url_wanted_again(tmp_path):
    store = StateStore(tmp_path)
    url = "https://news.example/a/story-1-of-the-day.html"
    remember(store, [url])
    later = datetime(2099, 1, 1, tzinfo=timezone.utc)
    [same, changed] = triage([DiscoveredUrl(url), DiscoveredUrl(url + "#x", modified_at=later)], lambda _: True, store)
    assert not same.is_wanted() and same.fetch_url is None
    assert changed.is_wanted() and changed.fetch_url == url
    store.close()


@pytest.fixture
def big_site(tmp_path):
    """A site whose sitemap lists 2,500 URLs (1,500 already in the dataset) and whose feed
    lists 3 more; the store knows the 1,500."""
    routes: dict[str, Route] = {"/robots.txt": Route(body=b"User-agent: *\n", headers={"Content-Type": "text/plain"})}
    with LocalServer(routes) as server:
        origin = server.origin
        out = tmp_path / "data"
        store = StateStore(out)
        remember(store, [story(origin, n) for n in range(1500)])
        store.close()
        entries = "".join(f"<url><loc>{story(origin, n)}</loc></url>" for n in range(2500))
        routes["/sitemap.xml"] = Route(body=("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                                             f"sitemap/0.9'>{entries}</urlset>").encode(),
                                       headers={"Content-Type": "application/xml", "ETag": '"v1"'})
        items = "".join(f"<item><title>S</title><link>{story(origin, n)}</link></item>" for n in range(5000, 5003))
        routes["/feed.xml"] = Route(body=f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode(),
                                    headers={"Content-Type": "application/rss+xml", "ETag": '"f1"'})
        for number in [*range(1500, 2500), *range(5000, 5003)]:
            routes[story(origin, number).removeprefix(origin)] = Route(body=article_html(number), headers=HTML)
        seeds = tmp_path / "seeds.toml"
        seeds.write_text(f'[[site]]\nname = "big"\nsitemaps = ["{origin}/sitemap.xml"]\n'
                         f'feeds = ["{origin}/feed.xml"]\nmax_pages = 20\n')
        yield server, seeds, out


def _crawl(seeds, out):
    return run_command(["newsingest", "crawl", str(seeds), "--out", str(out), "-q", "-s", "AUTOTHROTTLE_ENABLED=False",
                        "-s", "NEWSINGEST_WORKERS=1", "-s", f"EXTENSIONS={EXTENSIONS}"])


def test_discovery_runs_on_its_own_thread_with_batched_lookups(big_site):
    server, seeds, out = big_site
    assert _crawl(seeds, out).returncode == 0
    manifest = last_manifest(out)
    stats = manifest["extra"]["scrapy_stats"]
    reactor = stats["probe/reactor_thread"]
    for name in ("parse_sitemap", "parse_feed", "triage"):
        assert stats[f"probe/threads/{name}"] == "discovery_0", name
    assert stats["probe/lookup_thread"] == "discovery_0" != reactor
    # 2,503 URLs asked about in a handful of calls (chunks of 1,000), not one by one.
    assert stats["probe/lookup_keys"] == 2503 and stats["probe/lookups"] <= 5
    assert stats["probe/gc_frozen"] > 0
    report = manifest["sites"]["big"]
    assert (report["new_urls"], report["already_seen"], report["over_limit"]) == (20, 1500, 983)
    assert manifest["articles"] == 20
    # Past max_pages, URLs were remembered as the sitemap spelled them, for the next run.
    pending = sqlite3.connect(out / "state.sqlite").execute("SELECT count(*) FROM pending").fetchone()[0]
    assert pending == 983


def test_a_pending_backlog_is_read_only_as_far_as_the_run_needs(big_site):
    server, seeds, out = big_site
    assert _crawl(seeds, out).returncode == 0
    first = set(article_ids(out))
    second = _crawl(seeds, out)  # the sitemap and feed answer 304: only the backlog is left
    assert second.returncode == 0, second.stderr
    manifest = last_manifest(out)
    report = manifest["sites"]["big"]
    assert report["not_modified"] == 2 and report["pending"] == 983
    assert (report["new_urls"], report["over_limit"]) == (20, 963)
    # max_pages was reached inside the backlog's first batch: one lookup, no second batch.
    assert manifest["extra"]["scrapy_stats"]["probe/lookups"] == 1
    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == 40 and first < set(ids)
    pending = sqlite3.connect(out / "state.sqlite").execute("SELECT count(*) FROM pending").fetchone()[0]
    assert pending == 963
