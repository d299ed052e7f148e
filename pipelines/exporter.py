"""A Scrapy feed exporter for Parquet: `scrapy crawl urls -O out.parquet`.

Registered in the project settings (FEED_EXPORTERS = {"parquet": ...}). It writes the
article rows with the dataset's schema; rejects are not articles and are left out
(the dataset writer keeps them). `-o` (append) onto an existing Parquet file keeps the
rows already there: the new rows go to a side file, and at the end the old and new
rows are written to a temporary file that replaces the target in one rename, so a
crawl that dies midway leaves the old file as it was.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
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
        self._append_to: Path | None = None  # the existing file `-o` appends to

    @classmethod
    def from_crawler(cls, crawler: Any, file: BinaryIO, *args: Any, **kwargs: Any) -> "ParquetItemExporter":
        return cls(file, *args, run_id=run_id_for(crawler), **kwargs)

    def start_exporting(self) -> None:
        if _appending_to_content(self.file):
            self._append_to = Path(self.file.name)
            _check_appendable(self._append_to)
            self._rows = ParquetRowWriter(_side_file(self._append_to), ARTICLE_SCHEMA)
        else:
            self._rows = ParquetRowWriter(self.file, ARTICLE_SCHEMA)

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
        if self._append_to is not None:
            _merge_into(self._append_to, _side_file(self._append_to))
        if self.skipped_items:
            logger.info("Parquet feed: %d non-article items (rejects) not exported", self.skipped_items)


def _appending_to_content(file: BinaryIO) -> bool:
    return "a" in getattr(file, "mode", "") and file.tell() > 0


def _side_file(target: Path) -> Path:
    return target.with_name(f".{target.name}.new-rows")


def _check_appendable(target: Path) -> None:
    try:
        schema = pq.read_schema(target)
    except Exception as error:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ExistingFeedError(f"cannot append to {target}: it is not a Parquet file ({error}); "
                                "use -O to overwrite it") from error
    if not schema.equals(ARTICLE_SCHEMA, check_metadata=False):
        raise ExistingFeedError(f"cannot append to {target}: its columns differ from newsingest's "
                                "article schema; use -O to overwrite it")


def _merge_into(target: Path, new_rows: Path) -> None:
    """Old rows then new rows into a temporary file, renamed over the target: all or nothing."""
    merged = target.with_name(f".{target.name}.merged")
    rows = ParquetRowWriter(merged, ARTICLE_SCHEMA)
    for source in (target, new_rows):
        for batch in pq.ParquetFile(source).iter_batches():
            rows.write_table(pa.Table.from_batches([batch]))
    rows.close()
    os.replace(merged, target)
    new_rows.unlink(missing_ok=True)
