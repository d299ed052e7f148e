"""Scrapy feeds (-o/-O, FEEDS, Scrapyd's items_dir) carry the dataset's article table.

Every built-in format (JSON, JSON lines, CSV, XML, and our Parquet) gets the same rows:
the columns of ARTICLE_SCHEMA, flat, run_id included. Two pieces make it so:

* an item adapter (itemadapter, which every Scrapy exporter reads items through) shows
  an ArticleItem as its dataset row, while the pipelines keep the typed item;
* the feed exporter extension, by default, exports articles only: rejects are not
  articles (the dataset folder keeps them), and Scrapy's "Stored N items" then counts
  the rows the file holds.

Enabled in crawler/settings.py (EXTENSIONS); a feed's own `item_filter` still wins.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from itemadapter import ItemAdapter
from itemadapter.adapter import AdapterInterface
from scrapy.extensions.feedexport import FeedExporter, ItemFilter

from crawler.items import ArticleItem

from .schema import ARTICLE_SCHEMA, article_row


class ArticleRowAdapter(AdapterInterface):
    """An ArticleItem seen by exporters as its dataset row (ARTICLE_SCHEMA's columns)."""

    def __init__(self, item: ArticleItem) -> None:
        super().__init__(item)
        row = article_row(item.article, fetched_at=item.fetched_at, run_id=item.run_id, version=item.version)
        self._row = {name: row.get(name) for name in ARTICLE_SCHEMA.names}  # the table's column order

    @classmethod
    def is_item_class(cls, item_class: type) -> bool:
        return issubclass(item_class, ArticleItem)

    def field_names(self):
        return self._row.keys()

    def __getitem__(self, field_name: str) -> Any:
        return self._row[field_name]

    def __setitem__(self, field_name: str, value: Any) -> None:
        self._row[field_name] = value  # a view for exporters: the item itself is not changed

    def __delitem__(self, field_name: str) -> None:
        del self._row[field_name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


if ArticleRowAdapter not in ItemAdapter.ADAPTER_CLASSES:
    ItemAdapter.ADAPTER_CLASSES.appendleft(ArticleRowAdapter)


class ArticlesOnly(ItemFilter):
    """The default feed filter: article items (and any other item_classes a feed names)."""

    def accepts(self, item: Any) -> bool:
        return isinstance(item, ArticleItem) or (bool(self.item_classes) and super().accepts(item))


class ArticleFeedExporter(FeedExporter):
    """Scrapy's FeedExporter, with articles-only feeds by default and run_id on each row."""

    def _load_filter(self, feed_options: dict[str, Any]) -> ItemFilter:
        if feed_options.get("item_filter"):
            return super()._load_filter(feed_options)
        return ArticlesOnly(feed_options)

    def item_scraped(self, item: Any, spider: Any) -> None:
        if isinstance(item, ArticleItem) and not item.run_id:
            from .item_pipelines import run_id_for

            item.run_id = run_id_for(self.crawler)
        super().item_scraped(item, spider)
