"""Parquet files that appear whole: Hive partitions, row groups flushed as they fill,
temporary names renamed on close, names unique per run."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 2_000  # few groups per file for ordinary articles...
ROW_GROUP_BYTES = 16 * 1024 * 1024  # ...and never more than this much Arrow data held for one
BATCH_ROWS = 16  # rows held as Python dicts before they become a compact Arrow batch
MAX_ROWS_PER_FILE = 100_000


class ParquetRowWriter:
    """Rows in, row groups out. Rows become Arrow record batches `BATCH_ROWS` at a time
    (a dict of Python strings takes 2-4 times the bytes of the same text in Arrow), and
    the batches are written as one row group when they hold `row_group_rows` rows or
    `row_group_bytes` bytes, whichever comes first: long articles make smaller groups,
    not a bigger buffer."""

    def __init__(self, where: str | Path | BinaryIO, schema: pa.Schema, row_group_rows: int = ROW_GROUP_ROWS,
                 row_group_bytes: int = ROW_GROUP_BYTES) -> None:
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.row_group_bytes = row_group_bytes
        self.rows_written = 0
        self._rows: list[dict] = []
        self._batches: list[pa.RecordBatch] = []
        self._batched_rows = 0
        self._batched_bytes = 0
        self._writer = pq.ParquetWriter(where, schema, compression="zstd")

    @property
    def buffered_rows(self) -> int:
        return self._batched_rows + len(self._rows)

    def write(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= min(BATCH_ROWS, self.row_group_rows - self._batched_rows):
            self._to_batch()
            if self._batched_rows >= self.row_group_rows or self._batched_bytes >= self.row_group_bytes:
                self.flush()

    def write_table(self, table: pa.Table) -> None:
        self.flush()
        self._writer.write_table(table.cast(self.schema))
        self.rows_written += table.num_rows

    def flush(self) -> None:
        self._to_batch()
        if self._batches:
            self._writer.write_table(pa.Table.from_batches(self._batches, schema=self.schema),
                                     row_group_size=self._batched_rows)
            self.rows_written += self._batched_rows
            self._discard_buffer()
            # Arrow's allocator keeps freed pages for reuse; a group's worth is given back.
            pa.default_memory_pool().release_unused()

    def close(self) -> None:
        self.flush()
        self._writer.close()

    def discard(self) -> None:
        """Close without writing what is buffered (after an error)."""
        self._discard_buffer()
        self._writer.close()

    def _to_batch(self) -> None:
        if self._rows:
            batch = pa.RecordBatch.from_pylist(self._rows, schema=self.schema)
            self._batches.append(batch)
            self._batched_rows += batch.num_rows
            self._batched_bytes += batch.nbytes
            self._rows.clear()

    def _discard_buffer(self) -> None:
        self._rows.clear()
        self._batches.clear()
        self._batched_rows = self._batched_bytes = 0


@dataclass
class _OpenFile:
    temp_path: Path
    final_path: Path
    rows: ParquetRowWriter


class PartitionedParquetWriter:
    """Writes rows of one schema under `root/<partition_key>=<value>/part-<run_id>-<n>.parquet`.

    A file is written as `.part-….parquet.tmp` (hidden from `*.parquet` globs, and from
    Spark, which skips dot-files) and renamed when complete, so readers never see half
    a file, even after a crash.
    """

    def __init__(self, root: Path, schema: pa.Schema, run_id: str, partition_key: str,
                 row_group_rows: int = ROW_GROUP_ROWS, max_rows_per_file: int = MAX_ROWS_PER_FILE) -> None:
        self.root = Path(root)
        self.schema = schema
        self.run_id = run_id
        self.partition_key = partition_key
        self.row_group_rows = row_group_rows
        self.max_rows_per_file = max_rows_per_file
        self._open: dict[str, _OpenFile] = {}
        self._next_number = 0
        self.finished_files: list[Path] = []

    def write(self, partition_value: str, row: dict) -> None:
        open_file = self._open.get(partition_value) or self._start_file(partition_value)
        open_file.rows.write(row)
        if open_file.rows.rows_written >= self.max_rows_per_file:
            self._finish(partition_value)

    def close(self) -> list[Path]:
        """Flush and publish every open file; returns all files this writer published."""
        for partition_value in list(self._open):
            self._finish(partition_value)
        return self.finished_files

    def abort(self) -> None:
        """Drop unfinished files (after an error): nothing half-written stays behind."""
        for open_file in self._open.values():
            open_file.rows.discard()
            open_file.temp_path.unlink(missing_ok=True)
        self._open.clear()

    def _start_file(self, partition_value: str) -> _OpenFile:
        directory = self.root / f"{self.partition_key}={partition_value}"
        directory.mkdir(parents=True, exist_ok=True)
        name = f"part-{self.run_id}-{self._next_number:04d}.parquet"
        self._next_number += 1
        temp_path = directory / f".{name}.tmp"
        open_file = _OpenFile(temp_path, directory / name, ParquetRowWriter(temp_path, self.schema, self.row_group_rows))
        self._open[partition_value] = open_file
        return open_file

    def _finish(self, partition_value: str) -> None:
        open_file = self._open.pop(partition_value)
        try:
            open_file.rows.close()
        except BaseException:
            open_file.rows.discard()
            open_file.temp_path.unlink(missing_ok=True)
            raise
        if open_file.rows.rows_written == 0:
            open_file.temp_path.unlink(missing_ok=True)
            return
        _fsync(open_file.temp_path)
        os.replace(open_file.temp_path, open_file.final_path)
        _fsync_dir(open_file.final_path.parent)  # the rename itself survives a power cut
        self.finished_files.append(open_file.final_path)


def remove_abandoned_parts(out_dir: Path, tables: tuple[str, ...] = ("articles", "rejects")) -> list[Path]:
    """Delete the hidden part files of runs that died before publishing them.

    Only safe under the folder's lock: then no other run is writing, so every
    `.part-*.parquet.tmp` is a dead run's (its rows were never published, and the next
    run fetches or reads their inputs again). Left behind, they break scans of the
    folder that do not use the README's `*.parquet` glob.
    """
    removed = []
    for table in tables:
        for path in sorted((Path(out_dir) / table).glob("*/.part-*.parquet.tmp")):
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
    return removed


def _fsync(path: Path) -> None:
    """The bytes are on disk before the rename makes them visible."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a directory
    finally:
        os.close(descriptor)
