"""Scrapy extensions of the project."""
from __future__ import annotations

import gc
from typing import Any

from scrapy import signals


class FreezeStartupObjects:
    """Once the spider is open, what startup built (imported modules, the engine, the
    pipelines, the cleaning pool) moves to the collector's permanent generation.

    Those are hundreds of thousands of objects that live as long as the process; every
    full collection walked them again, holding the reactor 100-300 ms at a time on a
    busy machine. Nothing is collected here (that would be such a pass itself): the few
    startup leftovers that are garbage simply stay.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FreezeStartupObjects":
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Any = None) -> None:
        gc.freeze()
