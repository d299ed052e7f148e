"""A scriptable HTTP server on 127.0.0.1 for crawl tests: routes, delays, a request log."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before answering (a stalled server)
    then: "Route | None" = None  # the answer from the second request on


class LocalServer:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        self.not_modified: list[str] = []  # paths answered 304 to a conditional GET
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with server._lock:
                    server.requests.append(self.path)
                    count = server._seen.get(self.path, 0)
                    server._seen[self.path] = count + 1
                route = server.routes.get(self.path)
                if route is not None and count > 0 and route.then is not None:
                    route = route.then
                if route is None:
                    route = Route(404, b"<html><body><p>Not found</p></body></html>")
                if route.delay:
                    time.sleep(route.delay)
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    with server._lock:
                        server.not_modified.append(self.path)
                    route = Route(304, b"", {"ETag": etag})
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def url(self, path: str) -> str:
        return self.origin + path

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
