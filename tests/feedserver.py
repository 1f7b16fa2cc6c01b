"""A tiny HTTP server on 127.0.0.1 for tests that fetch feeds and transcripts.

Tests get one through the ``feed_server`` fixture (tests/conftest.py), which also
lets ``archive.feeds.fetch`` reach 127.0.0.1. The whole API::

    feed_server.serve("/feed.xml", b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    feed_server.serve("/feed.xml", body, etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")
    feed_server.redirect("/old.xml", "/feed.xml", status=301)
    feed_server.handle("/odd", lambda request: Reply(status=500))   # any callable
    feed_server.url("/feed.xml")         # "http://127.0.0.1:<port>/feed.xml"
    feed_server.requests                 # [Recorded(path, headers)], oldest first
    feed_server.requests_to("/feed.xml")

A bytes (or str) body is sent with a Content-Length. An iterable of bytes is sent
piece by piece, flushed each time, with no Content-Length (the connection's close
ends it): ``drip(pieces, delay)`` makes a slow one and ``endless()`` one that never
ends. An iterator is used up by one request; ``handle`` a callable to serve it
again. Given ``etag`` or ``last_modified``, ``serve`` sends them and answers 304 to
a request whose If-None-Match or If-Modified-Since shows the copy is current.
Unknown paths answer 404. Every connection is closed after one answer (HTTP/1.0).

``FakeDNS`` makes names resolve where a test says (patch it over socket.getaddrinfo),
and ``TrustedTLS`` starts HTTPS servers with certificates for such names.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

Body = bytes | str | Iterable[bytes]


@dataclass
class Reply:
    """An answer to send; ``raw`` sends ``body`` alone, for hand-made (or broken) responses."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = b""
    raw: bool = False


@dataclass(frozen=True)
class Recorded:
    """A request the server received; ``headers`` is case-insensitive: headers["user-agent"]."""

    path: str  # as requested, query included
    headers: Message


Handler = Callable[[Recorded], Reply]


class FeedServer:
    """A threaded HTTP (or, given a TLS context, HTTPS) server on 127.0.0.1 at a free port."""

    def __init__(self, tls: ssl.SSLContext | None = None):
        self.requests: list[Recorded] = []
        self._routes: dict[str, Handler] = {}
        self._httpd = _Server(self)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        """The absolute URL of ``path``; ``host`` for a name a test resolves to 127.0.0.1."""
        return f"{self.scheme}://{host}:{self.port}{path}"

    def serve(
        self,
        path: str,
        body: Body = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
        *,
        etag: str = "",
        last_modified: str = "",
    ) -> None:
        """Answer ``path`` with this body; with validators, answer 304 when the copy is current."""
        validators = {"ETag": etag, "Last-Modified": last_modified}
        validators = {name: value for name, value in validators.items() if value}
        reply = Reply(status, {**validators, **(headers or {})}, body)
        self.handle(path, _conditional(reply, etag, last_modified))

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.serve(path, status=status, headers={"Location": location})

    def handle(self, path: str, handler: Handler) -> None:
        """Answer ``path`` (query ignored) with whatever ``handler(request)`` returns."""
        self._routes[path] = handler

    def requests_to(self, path: str) -> list[Recorded]:
        return [request for request in self.requests if urlsplit(request.path).path == path]

    def answer(self, request: Recorded) -> Reply:
        self.requests.append(request)
        handler = self._routes.get(urlsplit(request.path).path)
        return handler(request) if handler else Reply(404, body=b"not found")


def drip(pieces: Iterable[bytes], delay: float) -> Iterator[bytes]:
    """A body sent a piece at a time, ``delay`` seconds apart: a server too slow to wait for."""
    for piece in pieces:
        time.sleep(delay)
        yield piece


def endless(piece: bytes = b"x" * 65536) -> Iterator[bytes]:
    """A body that never ends; the server stops writing when the client hangs up."""
    return itertools.repeat(piece)


def tls_certificate(directory: Path, hostname: str) -> tuple[Path, Path]:
    """A self-signed certificate and key for ``hostname``, made by the openssl command (~50 ms)."""
    cert, key = directory / f"{hostname}.pem", directory / f"{hostname}.key"
    options = "-x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    names = f"-subj /CN={hostname} -addext subjectAltName=DNS:{hostname}"
    command = ["openssl", "req", *options.split(), *names.split()]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


class FakeDNS:
    """Names answer with the addresses a test gives, as a hostile DNS server would.

    Numeric hosts resolve as usual (no lookup leaves the machine); any other name
    fails, so a test can never depend on real DNS.
    """

    def __init__(self):
        self.lookups: list[str] = []
        self._answers: dict[str, list[list[str]]] = {}
        self._real = socket.getaddrinfo

    def answer(self, name: str, *addresses: str) -> None:
        self._answers[name] = [list(addresses)]

    def answer_in_turn(self, name: str, *answers: list[str]) -> None:
        """Each lookup gets the next answer (the last repeats): DNS rebinding."""
        self._answers[name] = list(answers)

    def getaddrinfo(self, host, port, *args, **kwargs):
        self.lookups.append(host)
        if host in self._answers:
            turns = self._answers[host]
            addresses = turns.pop(0) if len(turns) > 1 else turns[0]
            return [_address_info(address, port) for address in addresses]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return self._real(host, port, *args, **kwargs)


def _address_info(address: str, port: int):
    if ipaddress.ip_address(address).version == 6:
        return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))


class TrustedTLS:
    """HTTPS servers on 127.0.0.1 with self-signed certificates that ``trust(context)`` makes the
    client accept (in place of the system's CAs); ``server_names`` records each handshake's SNI."""

    def __init__(self, directory: Path, trust: Callable[[ssl.SSLContext], None]):
        self.directory, self._trust = directory, trust
        self.server_names: list[str] = []

    def server(self, certified_for: str) -> FeedServer:
        cert, key = tls_certificate(self.directory, certified_for)
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert, key)
        server_context.sni_callback = lambda sock, name, context: self.server_names.append(name)
        client_context = ssl.create_default_context(cafile=cert)
        self._trust(client_context)
        return FeedServer(tls=server_context)


def _conditional(reply: Reply, etag: str, last_modified: str) -> Handler:
    def answer(request: Recorded) -> Reply:
        if _is_current(request.headers, etag, last_modified):
            return Reply(304, dict(reply.headers))
        return reply

    return answer


def _is_current(headers: Message, etag: str, last_modified: str) -> bool:
    """RFC 9110: If-None-Match decides when present; If-Modified-Since only without it."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        sent = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return bool(etag) and ("*" in sent or etag.removeprefix("W/") in sent)
    since = headers.get("If-Modified-Since")
    if not (since and last_modified):
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class _Server(ThreadingHTTPServer):
    """Handler threads are daemons and not waited for, so a test's endless body cannot hang it."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, feed_server: FeedServer):
        self.feed_server = feed_server
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up our own name (socket.getfqdn), which may wait on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class _RequestHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        reply = self.server.feed_server.answer(Recorded(self.path, self.headers))
        with contextlib.suppress(OSError):  # the client hung up, past its size cap or deadline
            self._send(reply)

    def _send(self, reply: Reply) -> None:
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        if not reply.raw:
            self._send_head(reply, body)
        if isinstance(body, bytes):
            self.wfile.write(body)
            return
        for piece in body:
            self.wfile.write(piece)
            self.wfile.flush()

    def _send_head(self, reply: Reply, body: bytes | Iterable[bytes]) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        named = {name.lower() for name in reply.headers}
        if isinstance(body, bytes) and "content-length" not in named:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()

    def log_message(self, format: str, *args) -> None:
        """Quiet: tests assert on ``requests`` instead."""
