"""Lists of URLs to ingest (`--urls-file`, `-a urls_file=`), read a line at a time.

A list of a million URLs must not become a million Scrapy requests at once (~1.3 KB
each): the file is read once up front, in one streaming pass that checks it is text and
counts its URLs (every one of them is an input of the run from the start, so a run
stopped halfway still reports the rest as unfinished), then again lazily while the
crawl asks for more. Standard input cannot be read twice: it is first copied to a
temporary file, in bounded memory.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator


class UrlFileError(ValueError):
    """The URL file cannot be read, or is not UTF-8 text: one line for the user."""


def read_url_lines(lines: Iterable[str]) -> Iterator[str]:
    """URLs from lines of text, lazily: blank lines and # comments skipped, order kept."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


class UrlFile:
    """A URL file, counted and checked; iterating reads it again, a line at a time."""

    def __init__(self, path: Path, count: int, temporary: bool = False) -> None:
        self.path = path
        self.count = count  # URLs in the file (lines that are not blank or comments)
        self._temporary = temporary  # a copy of stdin, removed by close()

    def __iter__(self) -> Iterator[str]:
        # Checked as UTF-8 already; a file changed since reads on, a bad line becomes a reject.
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            yield from read_url_lines(handle)

    def close(self) -> None:
        if self._temporary:
            self.path.unlink(missing_ok=True)


def open_url_file(name: str, stdin: IO[str] | None = None) -> UrlFile:
    """The URL file `name` ("-": standard input), counted in one streaming pass."""
    if name == "-":
        return _spooled(stdin or sys.stdin)
    path = Path(name)
    try:
        with open(path, encoding="utf-8") as handle:
            return UrlFile(path, _count(handle))
    except OSError as error:
        raise UrlFileError(f"cannot read URL file {name}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise UrlFileError(f"URL file {name} is not UTF-8 text") from error


def _spooled(stream: IO[str]) -> UrlFile:
    descriptor, name = tempfile.mkstemp(prefix="newsingest-urls-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as copy:
            shutil.copyfileobj(stream, copy)
        with open(path, encoding="utf-8") as handle:
            return UrlFile(path, _count(handle), temporary=True)
    except UnicodeDecodeError as error:
        path.unlink(missing_ok=True)
        raise UrlFileError("the URLs on standard input are not UTF-8 text") from error
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _count(lines: Iterable[str]) -> int:
    return sum(1 for _ in read_url_lines(lines))
