"""Pages for the speed benchmark: AEB pages made into many distinct articles, served from
another process or written to files.

A copy K of a page is a distinct article: its paragraphs, and the first line of its
truth body where the page's HTML has it verbatim, start with the number K (so its text,
and its content hash, differ from every other copy's), and its canonical link and og:url
are removed (so its article id comes from the URL it is fetched from, which differs too).
Nothing else changes, so cleaning a copy costs what cleaning the page costs.
"""
from __future__ import annotations

import gzip
import multiprocessing
import re
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Sequence

from benchmarks.extraction_quality import DATASETS_DIR, AEB_SOURCE, DatasetMissing, Page, load_dataset

AEB_DIR = DATASETS_DIR / "aeb"
ARTICLE_PATH = "/a/{k}.html"  # the URL path of copy K
ROBOTS_TXT = (b"User-agent: *\nAllow: /\n", "text/plain")
ORIGIN_MARK = b"{origin}"  # in a served file: replaced by the server's own origin
_MARK = b"\x00copy\x00"  # where a copy's number goes, in a page's template
_ANCHOR_CHARS = 24  # the start of the truth body's first line, looked for in the HTML
_PARAGRAPH_START = re.compile(rb"<p(?:\s[^>]*)?>", re.I)
_OWN_URL_TAGS = re.compile(
    rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>|<meta\b[^>]*\bproperty\s*=\s*[\"']?og:url\b[^>]*>", re.I)


def load_aeb(directory: Path = AEB_DIR, limit: int | None = None) -> list[Page]:
    """The AEB pages (by id), or DatasetMissing with where to get them."""
    try:
        return load_dataset(directory, limit)
    except DatasetMissing as error:
        raise DatasetMissing(f"AEB dataset not found in {directory} ({error}); get html/*.html.gz and "
                             f"ground-truth.json from {AEB_SOURCE}") from error


def templates(pages: Sequence[Page]) -> list[bytes]:
    """Each page's HTML with a mark where a copy's number goes, and without its own URL."""
    return [page_template(page.html, page.truth) for page in pages]


def page_template(html: bytes, truth: str = "") -> bytes:
    marked = _PARAGRAPH_START.sub(lambda m: m.group(0) + _MARK, html)
    first_line = next((line.strip() for line in truth.splitlines() if line.strip()), "")
    anchor = first_line[:_ANCHOR_CHARS].encode("utf-8")
    if anchor and anchor in marked:  # the body may be in <div>s and <br>s, not in <p>s
        marked = marked.replace(anchor, _MARK + anchor)  # the first may be in <title> or <meta>
    if _MARK not in marked:
        marked = re.sub(rb"(<body\b[^>]*>)", lambda m: m.group(1) + b"<p>" + _MARK + b"</p>", marked,
                        count=1, flags=re.I)
    return _OWN_URL_TAGS.sub(b"", marked)


def copy_for(page_templates: Sequence[bytes], k: int) -> bytes:
    """Copy `k` of the pages in turn (copy 0 of page 0, copy 1 of page 1, ...)."""
    return page_templates[k % len(page_templates)].replace(_MARK, f"{k} ".encode())


def article_urls(origin: str, count: int, start: int = 0) -> list[str]:
    return [origin + ARTICLE_PATH.format(k=k) for k in range(start, start + count)]


def write_copies(page_templates: Sequence[bytes], count: int, folder: Path) -> list[Path]:
    """`count` distinct copies as .html.gz files (names sort in copy order)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        path = folder / f"{k:06d}.html.gz"
        path.write_bytes(gzip.compress(copy_for(page_templates, k), compresslevel=1))
        paths.append(path)
    return paths


# --- the HTTP server, in a process of its own -------------------------------------------

@dataclass(frozen=True)
class SiteFiles:
    """What the server serves besides article copies: fixed paths and their bodies."""

    files: dict[str, tuple[bytes, str]]  # path -> (body, content type); ORIGIN_MARK becomes the server's origin


def _serve(page_templates: Sequence[bytes], site: SiteFiles, port_out, served, ready) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real site

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            status, body, kind = 404, b"<html><body><p>Not found</p></body></html>", "text/html; charset=utf-8"
            if path in site.files:
                status, (body, kind) = 200, site.files[path]
            elif path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit():
                status, body = 200, copy_for(page_templates, int(path[3:-5]))
                with served.get_lock():
                    served.value += 1
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.value = server.server_address[1]
    origin = f"http://127.0.0.1:{port_out.value}".encode()
    site = SiteFiles({path: (body.replace(ORIGIN_MARK, origin), kind) for path, (body, kind) in site.files.items()})
    ready.set()
    server.serve_forever()


class PageServer:
    """Serves copy K of the pages at /a/K.html (and `site`'s files) on 127.0.0.1, from a
    separate process, so serving does not compete with the crawl for its GIL. `served`
    counts the article pages answered."""

    def __init__(self, page_templates: Sequence[bytes], site: SiteFiles | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self._port = context.Value("i", 0)
        self._served = context.Value("q", 0)
        ready = context.Event()
        self._process = context.Process(target=_serve, daemon=True, name="benchmark page server",
                                        args=(list(page_templates), site or SiteFiles({}), self._port, self._served,
                                              ready))
        self._process.start()
        if not ready.wait(60):
            self._process.kill()
            raise RuntimeError("the page server did not start")
        self.origin = f"http://127.0.0.1:{self._port.value}"

    @property
    def served(self) -> int:
        return self._served.value

    def close(self) -> None:
        self._process.kill()
        self._process.join(10)

    def __enter__(self) -> "PageServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
