"""A Scrapy feed exporter for Parquet: `scrapy crawl urls -O out.parquet`.

Registered in the project settings (FEED_EXPORTERS = {"parquet": ...}). It writes the
article rows with the dataset's schema; rejects are not articles and are left out
(the dataset writer keeps them). `-o` (append) onto an existing Parquet file keeps the
rows already there: they are read first and written back before the new ones.
"""
from __future__ import annotations

import logging
from typing import Any, BinaryIO

import pyarrow.parquet as pq
from scrapy.exporters import BaseItemExporter

from crawler.items import ArticleItem

from .item_pipelines import run_id_for
from .parquet_files import ParquetRowWriter
from .schema import ARTICLE_SCHEMA, article_row

logger = logging.getLogger(__name__)


class ExistingFeedError(ValueError):
    """The file `-o` would append to is not a Parquet file of our schema."""


class ParquetItemExporter(BaseItemExporter):
    def __init__(self, file: BinaryIO, *, run_id: str = "", **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.run_id = run_id
        self.skipped_items = 0
        self._rows: ParquetRowWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, file: BinaryIO, *args: Any, **kwargs: Any) -> "ParquetItemExporter":
        return cls(file, *args, run_id=run_id_for(crawler), **kwargs)

    def start_exporting(self) -> None:
        existing = self._read_existing_rows()
        self._rows = ParquetRowWriter(self.file, ARTICLE_SCHEMA)
        if existing is not None:
            self._rows.write_table(existing)

    def export_item(self, item: Any) -> None:
        if not isinstance(item, ArticleItem):
            self.skipped_items += 1
            return
        assert self._rows is not None, "start_exporting() opens the file"
        self._rows.write(article_row(item.article, fetched_at=item.fetched_at, run_id=self.run_id,
                                     version=item.version))

    def finish_exporting(self) -> None:
        if self._rows is not None:
            self._rows.close()
        if self.skipped_items:
            logger.info("Parquet feed: %d non-article items (rejects) not exported", self.skipped_items)

    def _read_existing_rows(self):
        """For `-o` onto a non-empty file: its rows, then the file emptied for the rewrite."""
        mode = getattr(self.file, "mode", "")
        if "a" not in mode or self.file.tell() == 0:
            return None
        path = self.file.name
        try:
            table = pq.read_table(path)
        except Exception as error:  # noqa: BLE001 - any unreadable file gets the same answer
            raise ExistingFeedError(f"cannot append to {path}: it is not a Parquet file ({error}); "
                                    "use -O to overwrite it") from error
        if not table.schema.equals(ARTICLE_SCHEMA, check_metadata=False):
            raise ExistingFeedError(f"cannot append to {path}: its columns differ from newsingest's "
                                    "article schema; use -O to overwrite it")
        self.file.truncate(0)
        return table
