"""The baseline of the whole-command benchmark: raw trafilatura, one process, body and
metadata of every saved page, nothing written.

    python -m benchmarks.raw_loop PATH [PATH ...]

Reads `.html`, `.htm` and `.html.gz` files (folders recursively, in path order, as
`newsingest ingest-files` does) and runs `trafilatura.extract(include_comments=False,
with_metadata=True)` on each; prints how many gave a body.
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Iterator, Sequence

SUFFIXES = (".html", ".htm", ".html.gz")


def saved_pages(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
        elif path.name.endswith(SUFFIXES):
            yield path


def main(argv: Sequence[str] | None = None) -> int:
    import trafilatura

    files = bodies = 0
    for path in saved_pages([Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]):
        html = path.read_bytes()
        if path.name.endswith(".gz"):
            html = gzip.decompress(html)
        files += 1
        bodies += trafilatura.extract(html, url=path.resolve().as_uri(), include_comments=False,
                                      with_metadata=True) is not None
    print(f"{files} files, {bodies} with a body")
    return 0 if files else 1


if __name__ == "__main__":
    sys.exit(main())
