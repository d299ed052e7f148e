"""The dataset writer: the one place that turns results into files under the output folder.

    DIR/articles/fetch_date=YYYY-MM-DD/part-<run_id>-<n>.parquet
    DIR/rejects/fetch_date=YYYY-MM-DD/part-<run_id>-<n>.parquet
    DIR/runs/<run_id>.json
"""
from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from cleaning.dates import utc_now
from cleaning.models import Article, Rejection, Stage

from .manifest import RunManifest
from .output_dir import OutputDirError, ensure_writable_dir  # noqa: F401 - OutputDirError is part of the writer's API
from .state import is_permanent
from .parquet_files import ROW_GROUP_ROWS, PartitionedParquetWriter, remove_abandoned_parts
from .schema import (ARTICLE_SCHEMA, REJECT_SCHEMA, SCHEMA_VERSION, article_row, as_utc, pipeline_version,
                     reject_row)

PARTITION_KEY = "fetch_date"


def new_run_id(now: datetime | None = None) -> str:
    """Sortable by start time, unique across hosts: 20261124T081500Z-3f9a1c."""
    now = now or utc_now()
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def new_manifest(out_dir: Path | str, command: str, run_id: str) -> RunManifest:
    """A run's manifest as it starts: no counts yet."""
    return RunManifest(run_id=run_id, command=command, out_dir=str(out_dir), started_at=utc_now().isoformat(),
                       pipeline_version=pipeline_version(), schema_version=SCHEMA_VERSION)


def manifest_path(out_dir: Path | str, run_id: str) -> Path:
    return Path(out_dir) / "runs" / f"{run_id}.json"


class DatasetWriter:
    """Writes article and reject rows and the run manifest, and keeps the counts."""

    def __init__(self, out_dir: Path | str, command: str, run_id: str | None = None,
                 row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.out_dir = Path(out_dir)
        ensure_writable_dir(self.out_dir)
        self.run_id = run_id or new_run_id()
        self.manifest = new_manifest(self.out_dir, command, self.run_id)
        self._articles = PartitionedParquetWriter(
            self.out_dir / "articles", ARTICLE_SCHEMA, self.run_id, PARTITION_KEY, row_group_rows)
        self._rejects = PartitionedParquetWriter(
            self.out_dir / "rejects", REJECT_SCHEMA, self.run_id, PARTITION_KEY, row_group_rows)
        # pyarrow imports pandas and more on first use: pay that now, not mid-crawl on the reactor.
        pa.Table.from_pylist([], schema=ARTICLE_SCHEMA)

    def remove_abandoned_parts(self) -> int:
        """Under the folder's lock only: clear dead runs' hidden part files (counted)."""
        removed = len(remove_abandoned_parts(self.out_dir))
        if removed:
            self.manifest.extra["abandoned_parts_removed"] = removed
        return removed

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.out_dir, self.run_id)

    def write_article(self, article: Article, fetched_at: datetime, version: int = 1,
                      site: str | None = None) -> None:
        row = article_row(article, fetched_at=fetched_at, run_id=self.run_id, version=version)
        self._articles.write(_partition(fetched_at), row)
        self.manifest.articles += 1
        self.manifest.languages[article.language or "unknown"] += 1
        self.manifest.count_for_site(site, "articles")

    def write_reject(self, rejection: Rejection, fetched_at: datetime,
                     discovered_via: str | None = None, site: str | None = None) -> None:
        row = reject_row(rejection, fetched_at=fetched_at, run_id=self.run_id, discovered_via=discovered_via)
        self._rejects.write(_partition(fetched_at), row)
        self.manifest.rejects += 1
        self.manifest.rejects_by_reason[f"{rejection.stage.value}/{rejection.reason.value}"] += 1
        self.manifest.count_for_site(site, "rejects")
        if rejection.stage is Stage.FETCH and not is_permanent(rejection.reason.value, rejection.detail):
            self.manifest.failed_fetches += 1

    def write_result(self, result: Article | Rejection, fetched_at: datetime,
                     discovered_via: str | None = None) -> None:
        if isinstance(result, Article):
            self.write_article(result, fetched_at)
        else:
            self.write_reject(result, fetched_at, discovered_via)

    def count_duplicate(self, site: str | None = None) -> None:
        """A duplicate is an input too: it is counted, not written."""
        self.manifest.duplicates += 1
        self.manifest.count_for_site(site, "duplicates")

    def count_unchanged(self, site: str | None = None) -> None:
        """Already in the dataset with the same text: counted, not written again."""
        self.manifest.unchanged += 1
        self.manifest.count_for_site(site, "unchanged")

    def close(self, inputs: int | None = None) -> RunManifest:
        """Publish the files, then the manifest that lists them.

        `inputs` is what the producer (a spider, a folder walk) handed in; those that
        reached no outcome are `unfinished` (an interrupted run), never silently gone.
        """
        ended = self.manifest.ended
        self.manifest.inputs = ended if inputs is None else inputs
        self.manifest.unfinished = max(0, self.manifest.inputs - ended)
        files = self._articles.close() + self._rejects.close()
        self.manifest.files = [str(path.relative_to(self.out_dir)) for path in files]
        self.manifest.finished_at = utc_now().isoformat()
        self.manifest.save(self.manifest_path)
        return self.manifest

    def abort(self) -> None:
        self._articles.abort()
        self._rejects.abort()


def _partition(fetched_at: datetime) -> str:
    return as_utc(fetched_at).strftime("%Y-%m-%d")
