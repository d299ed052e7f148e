"""Imported by the cleaning pool's forkserver (set_forkserver_preload), never by the
crawl itself: it loads what every worker needs, once, before any worker is forked.

langdetect's profiles (~60 MB of Python objects), the phrase lists and the modules the
first page would import then sit in pages the workers share copy-on-write, instead of
being loaded again by each worker. The loaded objects are frozen out of the garbage
collector (gc.freeze), so the workers' collections do not write to those shared pages.
"""
from __future__ import annotations

import gc


def _preload() -> None:
    from .pool import _warm_up

    try:
        _warm_up()
    except Exception:  # noqa: BLE001 - each worker warms up again (pool initializer) and reports errors there
        return
    gc.freeze()


_preload()
