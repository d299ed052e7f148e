"""A raw-socket HTTP server on 127.0.0.1 whose answers break HTTP on purpose: a stall before
the headers, a body dripped byte by byte, a reset mid-body, a Content-Length that lies.
Each path names a behaviour; every request is logged."""
from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable

Behaviour = Callable[[socket.socket, "MisbehavingServer"], None]


def html_head(length: int, status: str = "200 OK", extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {length}\r\n"
            f"{extra}Connection: close\r\n\r\n").encode()


class MisbehavingServer:
    def __init__(self, behaviours: dict[str, Behaviour]) -> None:
        self.behaviours = behaviours
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.origin = "http://127.0.0.1:%d" % self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                request = connection.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
                self.requests.append(path)
                self.behaviours.get(path, not_found)(connection, self)
            except OSError:
                pass

    def __enter__(self) -> "MisbehavingServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()


def not_found(connection: socket.socket, server: MisbehavingServer) -> None:
    body = b"<html><body><p>Not found</p></body></html>"
    connection.sendall(html_head(len(body), "404 Not Found") + body)


def serve(body: bytes, status: str = "200 OK", extra: str = "") -> Behaviour:
    return lambda connection, server: connection.sendall(html_head(len(body), status, extra) + body)


def stall(connection: socket.socket, server: MisbehavingServer) -> None:
    """Read the request, then say nothing until the server stops."""
    server.stopping.wait(60)


def drip(body: bytes) -> Behaviour:
    def behaviour(connection: socket.socket, server: MisbehavingServer) -> None:
        connection.sendall(html_head(len(body)))
        for byte in body:
            if server.stopping.wait(1.0):
                return
            connection.sendall(bytes([byte]))
    return behaviour


def reset_mid_body(body: bytes) -> Behaviour:
    def behaviour(connection: socket.socket, server: MisbehavingServer) -> None:
        connection.sendall(html_head(len(body)) + body[: len(body) // 2])
        time.sleep(0.1)
        # SO_LINGER 0: close() sends a TCP RST instead of a clean FIN
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return behaviour


def short_of_its_length(body: bytes) -> Behaviour:
    """Content-Length says twice what is sent, then the connection closes cleanly."""
    return lambda connection, server: connection.sendall(html_head(2 * len(body)) + body)


def redirect(location: str, status: str = "302 Found") -> Behaviour:
    return serve(b"", status, f"Location: {location}\r\n")
