"""Sections 1 and 2 of the speed benchmark: the cleaning stage per page, and in the pool.

(1) One process, every AEB page: our `cleaning.clean_page`, raw
`trafilatura.extract(include_comments=False)` and the same with `with_metadata=True`,
each page through all three in a rotating order (so a change in the machine's load hits
all three alike), timed in CPU time of this process. The bodies are scored with the AEB
metric, so quality is printed beside speed.

(2) Pages/s of the project's pool (`pipelines.pool.CleaningPool`, every core) against
one process cleaning the same pages in a loop, in wall time, in two alternating rounds.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Sequence

from benchmarks.aeb_scoring import score
from benchmarks.extraction_quality import Page
from benchmarks.speed_report import Figure, Target, ms_summary, ratio

# The AEB body F1 of our stage on main when issue 9 started: quality may not drop.
AEB_F1_FLOOR = 0.975
STAGE_RATIO_TARGET = 1.15
STAGE_RATIO_STRETCH = 1.0
POOL_SCALING_TARGET = 1.8


def ours(html: bytes, url: str) -> str:
    from cleaning import clean_page
    from cleaning.models import Article, PageInput

    result = clean_page(PageInput(body=html, url=url, headers={}))
    return result.text if isinstance(result, Article) else ""


def raw(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def raw_with_metadata(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, with_metadata=True) or ""


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "ours": ours, "raw": raw, "raw+metadata": raw_with_metadata}


def time_pages(pages: Sequence[tuple[bytes, str]], extractors: dict[str, Callable[[bytes, str], str]],
               clock: Callable[[], float] = time.process_time) -> dict[str, tuple[list[float], list[str]]]:
    """Per extractor: the seconds each page took and its body. Page i runs the extractors
    in an order rotated by i, so a drift in load spreads over all of them."""
    names = list(extractors)
    results: dict[str, tuple[list[float], list[str]]] = {name: ([], []) for name in names}
    for i, (html, url) in enumerate(pages):
        for name in names[i % len(names):] + names[:i % len(names)]:
            start = clock()
            body = extractors[name](html, url)
            results[name][0].append(clock() - start)
            results[name][1].append(body)
    return results


def per_page(pages: Sequence[Page]) -> tuple[list[Figure], dict[str, Any]]:
    """Section 1 on `pages`."""
    inputs = [(page.html, page.url) for page in pages]
    for html, url in inputs[:2]:  # warm up, untimed: imports, langdetect's profiles, caches
        for extract in EXTRACTORS.values():
            extract(html, url)
    timed = time_pages(inputs, EXTRACTORS)
    summary = {name: ms_summary(seconds) for name, (seconds, _) in timed.items()}
    f1 = {name: score(zip([p.truth for p in pages], bodies)).f1 for name, (_, bodies) in timed.items()}
    o, r, m = summary["ours"], summary["raw"], summary["raw+metadata"]
    n = len(pages)
    how = f"CPU time, one process, {n} AEB pages, the three extractors interleaved"
    figures = [
        Figure(1, "ours ms/page, median", o["median_ms"], "ms", note=how),
        Figure(1, "ours ms/page, p95", o["p95_ms"], "ms"),
        Figure(1, "raw extract() ms/page, median", r["median_ms"], "ms"),
        Figure(1, "raw extract() ms/page, p95", r["p95_ms"], "ms"),
        Figure(1, "raw with_metadata ms/page, median", m["median_ms"], "ms"),
        Figure(1, "raw with_metadata ms/page, p95", m["p95_ms"], "ms"),
        Figure(1, "ours / raw, mean ms", ratio(o["mean_ms"], r["mean_ms"]), "x", Target("<=", STAGE_RATIO_TARGET),
               note=f"mean ms/page: ours {o['mean_ms']:.1f}, raw {r['mean_ms']:.1f}, "
                    f"raw with metadata {m['mean_ms']:.1f}"),
        Figure(1, "ours / raw, mean ms (stretch)", ratio(o["mean_ms"], r["mean_ms"]), "x",
               Target("<=", STAGE_RATIO_STRETCH)),
        Figure(1, "ours / raw, median ms", ratio(o["median_ms"], r["median_ms"]), "x"),
        Figure(1, "ours / raw+metadata, mean ms", ratio(o["mean_ms"], m["mean_ms"]), "x"),
        Figure(1, "ours / raw+metadata, median ms", ratio(o["median_ms"], m["median_ms"]), "x"),
        Figure(1, "AEB body F1 ours", f1["ours"], "", Target(">=", AEB_F1_FLOOR),
               note="AEB metric, bodies of this run; target: main's figure when issue 9 started"),
        Figure(1, "AEB body F1 raw extract()", f1["raw"]),
    ]
    return figures, {"pages": n, "ms": summary, "f1": f1}


# --- (2) the pool -------------------------------------------------------------------------

def clean_for_pool(page: tuple[bytes, str]) -> Any:
    """What a pool worker does for a page: the whole Article (or Rejection) comes back."""
    from cleaning import clean_page
    from cleaning.models import PageInput

    html, url = page
    return clean_page(PageInput(body=html, url=url, headers={}))


def pool_scaling(pages: Sequence[Page], rounds: int = 2) -> tuple[list[Figure], dict[str, Any]]:
    """Section 2: pages/s of the pool on every core vs one process, same pages, wall time."""
    from pipelines.pool import CleaningPool, default_workers

    inputs = [(page.html, page.url) for page in pages]
    for page in inputs[:2]:
        clean_for_pool(page)  # warm this process up, as the pool's workers warm up
    workers = default_workers()
    one = pool = 0.0
    with CleaningPool(workers) as cleaning_pool:
        cleaning_pool.start()
        for _ in range(rounds):  # alternate, so load drift hits both
            started = time.perf_counter()
            for page in inputs:
                clean_for_pool(page)
            one += time.perf_counter() - started
            started = time.perf_counter()
            for _ in cleaning_pool.map_ordered(clean_for_pool, inputs):
                pass
            pool += time.perf_counter() - started
    done = len(inputs) * rounds
    one_rate, pool_rate = done / one, done / pool
    figures = [
        Figure(2, "one process pages/s", one_rate, "/s",
               note=f"wall time, {len(inputs)} AEB pages x {rounds} alternating rounds each"),
        Figure(2, f"pool ({workers} workers) pages/s", pool_rate, "/s"),
        Figure(2, "pool / one process", pool_rate / one_rate, "x", Target(">=", POOL_SCALING_TARGET)),
    ]
    return figures, {"workers": workers, "pages": len(inputs), "rounds": rounds,
                     "one_process_pages_per_s": one_rate, "pool_pages_per_s": pool_rate}
