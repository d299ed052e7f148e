"""The bundled demo news site, served on 127.0.0.1 so the demo needs no internet.

Static files from seeds/demo-site/, plus what `_site.json` asks for: redirects,
content types, and the placeholder origin in feeds, sitemaps and canonical links
replaced by the server's real address. Every request path is logged, so tests can
check what a crawler fetched (and what robots.txt kept it from fetching).
"""
from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEMO_SITE = Path(__file__).resolve().parent.parent / "seeds" / "demo-site"
_SITE_FILE = "_site.json"
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".json"}


class DemoSiteMissing(FileNotFoundError):
    pass


@dataclass
class SiteConfig:
    root: Path
    placeholder_origin: str
    redirects: dict[str, dict]
    content_types: dict[str, str]
    raw: dict = field(repr=False, default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> "SiteConfig":
        site_file = root / _SITE_FILE
        if not site_file.is_file():
            raise DemoSiteMissing(
                f"demo site not found at {root} (run from a checkout installed with `pip install -e .`, "
                "or pass --site DIR)")
        raw = json.loads(site_file.read_text(encoding="utf-8"))
        return cls(root, raw.get("placeholder_origin", ""), raw.get("redirects", {}),
                   raw.get("content_types", {}), raw)


class DemoSiteServer:
    """A threaded HTTP server for the demo site on 127.0.0.1 and a free port."""

    def __init__(self, root: Path = DEMO_SITE, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = SiteConfig.load(Path(root))
        self.requested_paths: list[str] = []
        self._lock = threading.Lock()
        handler = _handler_for(self)
        try:
            self._server = ThreadingHTTPServer((host, port), handler)
        except OSError:  # the preferred port is taken: any free one will do
            self._server = ThreadingHTTPServer((host, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def start(self) -> "DemoSiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "DemoSiteServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def log_request(self, path: str) -> None:
        with self._lock:
            self.requested_paths.append(path)

    def resolve(self, path: str) -> Path | None:
        """The file a URL path names, never outside the site nor a `_`-prefixed file."""
        relative = path.lstrip("/")
        candidate = (self.config.root / relative).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        root = self.config.root.resolve()
        if root not in candidate.parents or candidate.name.startswith("_") or not candidate.is_file():
            return None
        return candidate

    def body_of(self, file: Path) -> bytes:
        data = file.read_bytes()
        if file.suffix in _TEXT_SUFFIXES and self.config.placeholder_origin:
            # ASCII in every encoding the site uses, so bytes can be replaced as bytes.
            data = data.replace(self.config.placeholder_origin.encode("ascii"), self.origin.encode("ascii"))
        return data


def _handler_for(site: DemoSiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newsingest-demo/1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._serve(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(send_body=False)

        def _serve(self, send_body: bool) -> None:
            path = unquote(urlsplit(self.path).path) or "/"
            site.log_request(path)
            redirect = site.config.redirects.get(path)
            if redirect:
                self.send_response(int(redirect.get("status", 301)))
                self.send_header("Location", redirect["location"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = site.resolve(path)
            if file is None:
                self.send_error(HTTPStatus.NOT_FOUND, "Not Found")
                return
            body = site.body_of(file)
            # An ETag lets scheduled crawls use conditional GET on feeds and sitemaps.
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            content_type = site.config.content_types.get(path) or _guess_type(file)
            self.send_response(HTTPStatus.OK)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet: the log is site.requested_paths
            pass

    return Handler


def _guess_type(file: Path) -> str:
    if file.suffix in {".html", ".htm"}:
        return "text/html"  # no charset: the page's own <meta> decides, as on old sites
    if file.suffix == ".xml":
        return "application/xml"
    return mimetypes.guess_type(file.name)[0] or "application/octet-stream"
