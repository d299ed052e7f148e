"""Saved pages on disk: which files to ingest, in a stable order, and reading one."""
from __future__ import annotations

import gzip
import io
import os
import zlib
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

from cleaning.dates import utc_now
from cleaning import KnownFacts, PageInput, Rejection, RejectReason, Stage, clean_page
from cleaning.models import Article

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml")
PAGE_SUFFIXES = _HTML_SUFFIXES + tuple(suffix + ".gz" for suffix in _HTML_SUFFIXES)
MAX_FILE_BYTES = 50 * 1024 * 1024  # a saved news page is KBs; a larger file is a mistake


class MissingPathError(FileNotFoundError):
    pass


def is_page_file(path: Path) -> bool:
    """A saved page by its name: an HTML suffix, or none at all (a page saved under its
    URL's last segment, as wget and browsers do); the sniffer judges the bytes."""
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES) or ("." not in name.lstrip("."))


def iter_page_files(paths: Iterable[Path], skipped: Counter | None = None) -> Iterator[Path]:
    """Files named on the command line as given; folders walked recursively, sorted by
    path so two runs over the same tree see the same order. Paths are not listed up
    front: memory does not grow with the number of files. Files in a folder that are not
    pages (a mirror's .css, .png) are counted in `skipped` by suffix, never silently gone."""
    for path in paths:
        if path.is_dir():
            yield from _walk_sorted(path, skipped if skipped is not None else Counter())
        elif path.exists():
            yield path
        else:
            raise MissingPathError(f"no such file or folder: {path}")


def _walk_sorted(folder: Path, skipped: Counter) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder  # reading it fails again in the worker: an `unreadable` reject row, not silence
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_sorted(path, skipped)
        elif entry.is_file() and is_page_file(path):
            yield path
        elif entry.is_file():
            skipped[path.suffix.lower()] += 1


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def read_page_file(path: Path) -> bytes:
    """The page's bytes; .gz files decompressed with the same size limit."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    with open(path, "rb") as handle:
        raw = handle.read()
    if path.name.lower().endswith(".gz"):
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unzipped:
            raw = unzipped.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError(f"decompressed page is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return raw


def clean_saved_page(path_name: str) -> tuple[Article | Rejection, datetime]:
    """Read and clean one saved page (runs in a worker process)."""
    path = Path(path_name)
    url = file_url(path)
    fetched_at = utc_now()
    try:
        body = read_page_file(path)
    except (OSError, ValueError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return Rejection(url, Stage.INPUT, RejectReason.UNREADABLE, f"cannot read {path}: {reason}"), fetched_at
    page = PageInput(body=body, url=url, known=KnownFacts(discovered_via="file"), fetched_at=fetched_at)
    return clean_page(page), fetched_at
