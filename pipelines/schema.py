"""The dataset's schema, declared once: every writer and the Scrapy exporter use it."""
from __future__ import annotations

import functools
from datetime import datetime, timezone
from importlib import metadata

import pyarrow as pa

from cleaning.models import Article, Rejection

SCHEMA_VERSION = "1"
# Spark reads no nanosecond timestamps; microseconds in UTC read everywhere.
TIMESTAMP = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())


@functools.cache  # importlib.metadata reads files on every call; this is called per row
def pipeline_version() -> str:
    try:
        return metadata.version("newsingest")
    except metadata.PackageNotFoundError:  # running from a checkout without install
        return "0+unknown"


def _schema(fields: list[pa.Field], table: str) -> pa.Schema:
    return pa.schema(fields, metadata={
        b"newsingest.schema_version": SCHEMA_VERSION.encode(),
        b"newsingest.table": table.encode(),
    })


ARTICLE_SCHEMA = _schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("url", pa.string(), nullable=False),
    pa.field("canonical_url", pa.string()),
    pa.field("domain", pa.string()),
    pa.field("title", pa.string()),
    pa.field("text", pa.string(), nullable=False),
    pa.field("authors", STRING_LIST),
    pa.field("published_at", TIMESTAMP),
    pa.field("published_at_source", pa.string()),
    pa.field("modified_at", TIMESTAMP),
    pa.field("fetched_at", TIMESTAMP, nullable=False),
    pa.field("language", pa.string()),
    pa.field("description", pa.string()),
    pa.field("sitename", pa.string()),
    pa.field("categories", STRING_LIST),
    pa.field("tags", STRING_LIST),
    pa.field("image_url", pa.string()),
    pa.field("word_count", pa.int32(), nullable=False),
    pa.field("content_hash", pa.string(), nullable=False),
    pa.field("discovered_via", pa.string()),
    pa.field("version", pa.int32(), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("pipeline_version", pa.string(), nullable=False),
], "articles")

REJECT_SCHEMA = _schema([
    pa.field("url", pa.string(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("reason", pa.string(), nullable=False),
    pa.field("detail", pa.string()),
    pa.field("discovered_via", pa.string()),
    pa.field("fetched_at", TIMESTAMP, nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("pipeline_version", pa.string(), nullable=False),
], "rejects")


def as_utc(value: datetime | None) -> datetime | None:
    """Aware UTC; a naive value is taken as UTC already (never as the machine's zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utf8_safe(text: str | None) -> str | None:
    """Lone surrogates (an undecodable file name, say) cannot be written as UTF-8: replace them."""
    if text is None:
        return None
    return text.encode("utf-8", "replace").decode("utf-8")


def article_row(article: Article, *, fetched_at: datetime, run_id: str, version: int = 1) -> dict:
    """One article as a row of ARTICLE_SCHEMA."""
    row = {name: getattr(article, name) for name in ARTICLE_SCHEMA.names if hasattr(article, name)}
    row.update(
        url=utf8_safe(article.url),
        published_at=as_utc(article.published_at),
        modified_at=as_utc(article.modified_at),
        fetched_at=as_utc(fetched_at),
        version=version,
        run_id=run_id,
        pipeline_version=pipeline_version(),
    )
    return row


def reject_row(rejection: Rejection, *, fetched_at: datetime, run_id: str,
               discovered_via: str | None = None) -> dict:
    """One rejection as a row of REJECT_SCHEMA."""
    return {
        "url": utf8_safe(rejection.url),
        "stage": rejection.stage.value,
        "reason": rejection.reason.value,
        "detail": utf8_safe(rejection.detail),
        "discovered_via": discovered_via,
        "fetched_at": as_utc(fetched_at),
        "run_id": run_id,
        "pipeline_version": pipeline_version(),
    }
