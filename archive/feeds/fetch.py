"""Feeds and transcripts from the open internet, without letting a URL reach inside our network.

Whoever publishes a feed chooses its URLs, so every URL and every redirect is
treated as hostile (server-side request forgery): only http and https, no
credentials, and no address that is not publicly routable (loopback, private,
link-local such as the cloud metadata service at 169.254.169.254, multicast,
reserved) unless ``FEED_ALLOWED_HOSTS`` names the host. The host is resolved
once, every address it resolves to is vetted, and the socket is opened to a
vetted address: a DNS answer that changes between the check and the connection
(rebinding) cannot slip past. TLS still sends SNI for, and verifies the
certificate against, the hostname.

Every download is bounded: a timeout for connecting and for each wait for data,
one deadline for the whole fetch (so a server dripping a byte a second cannot
hold a worker), a byte cap checked against Content-Length and again while
streaming, and a redirect limit. We ask for gzip, since feeds shrink five- to
tenfold, and undo it as it streams with the cap applied to the decompressed
size, so a gzip bomb stops at cap + 1 bytes.

Standard library only: http.client over sockets we open ourselves.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from django.conf import settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_BYTES = 64 * 1024
GZIP_WBITS = 16 + zlib.MAX_WBITS
# What RFC 3986 allows as is in a path and query; spaces and non-ASCII are percent-encoded.
URL_SAFE_CHARACTERS = "/?:@!$&'()*+,;=-._~%"
# Checked in this order: ::1 is also reserved and private, 240.0.0.1 reserved and private.
NON_PUBLIC_KINDS = (
    ("is_loopback", "a loopback"),
    ("is_unspecified", "an unspecified"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_reserved", "a reserved"),
    ("is_private", "a private"),
    ("is_site_local", "a site-local"),
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Address = tuple[int, tuple]  # (socket family, sockaddr), ready for socket.connect


class FetchError(Exception):
    """A URL we would not or could not fetch; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back; keep ``etag`` and ``last_modified`` to ask politely next time."""

    url: str
    status: int
    body: bytes
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        """The server said our copy is current (HTTP 304), so there is no body to read."""
        return self.status == 304


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET ``url`` from the open internet, following redirects, refusing anything internal.

    Costs a DNS lookup and a connection per hop (at most ``FEED_MAX_REDIRECTS`` + 1
    hops) and never more than ``FEED_DEADLINE_SECONDS`` in all. Every refusal and
    failure is a ``FetchError`` naming ``url`` (and the hop, after a redirect).
    """
    request = _Request.start(etag, last_modified, max_bytes, accept)
    current = url
    for _hop in range(settings.FEED_MAX_REDIRECTS + 1):
        try:
            outcome = _fetch_hop(current, request)
        except FetchError as error:
            if current == url:
                raise
            raise FetchError(url, f"redirected to {error}") from error
        if isinstance(outcome, Fetched):
            return outcome
        current = outcome
    limit = settings.FEED_MAX_REDIRECTS
    raise FetchError(url, f"refused: more than {limit} redirects (the last to {current})")


class _Deadline:
    """The time left for the whole fetch; every socket wait is cut to what remains."""

    def __init__(self, seconds: float, timeout: float):
        self.seconds, self.timeout = seconds, timeout
        self._ends_at = time.monotonic() + seconds

    def next_wait(self) -> float:
        """The timeout for the next socket call; TimeoutError once the deadline has passed."""
        left = self._ends_at - time.monotonic()
        if left <= 0:
            raise TimeoutError("the deadline passed")
        return min(self.timeout, left)

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._ends_at


@dataclass(frozen=True)
class _Request:
    """What every hop of one fetch shares: the caller's cached validators and the limits."""

    etag: str
    last_modified: str
    accept: str
    max_bytes: int
    deadline: _Deadline

    @classmethod
    def start(cls, etag: str, last_modified: str, max_bytes: int | None, accept: str) -> _Request:
        """Read the limits now, so the deadline clock starts with the fetch."""
        deadline = _Deadline(settings.FEED_DEADLINE_SECONDS, settings.FEED_TIMEOUT_SECONDS)
        cap = settings.FEED_MAX_BYTES if max_bytes is None else max_bytes
        return cls(etag, last_modified, accept, cap, deadline)

    @property
    def conditional(self) -> bool:
        return bool(self.etag or self.last_modified)

    def headers(self) -> dict[str, str]:
        """Polite headers: who we are, and what we already have so an unchanged feed costs a 304."""
        headers = {
            "User-Agent": settings.FEED_USER_AGENT,
            "Accept": self.accept,
            "Accept-Encoding": "gzip",
            "Connection": "close",
        }
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class _Target:
    """A URL taken apart into where we connect and what we ask for."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA), IPv6 without brackets
    port: int
    path: str  # path and query, percent-encoded, never empty


def _fetch_hop(url: str, request: _Request) -> Fetched | str:
    """One request and its answer: a Fetched, or the next URL when the server redirects."""
    target = _parse(url)
    connection = _connection(target, _resolve(target), request.deadline)
    try:
        connection.request("GET", target.path, headers=request.headers())
        with connection.getresponse() as response:
            return _answer(target, response, request)
    except TimeoutError:
        raise FetchError(url, _timeout_reason(request.deadline)) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(url, f"failed: {error or type(error).__name__}") from error
    finally:
        connection.close()


def _parse(url: str) -> _Target:
    """Refuse anything but a plain http(s) URL before any traffic, DNS included."""
    if any(ord(character) < 32 or ord(character) == 127 for character in url):
        raise FetchError(url, "refused: the URL holds control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchError(url, f"refused: only http and https are fetched, not {scheme!r}")
    if "@" in parts.netloc:
        raise FetchError(url, "refused: credentials in the URL")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise FetchError(url, "refused: the port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise FetchError(url, "refused: the URL names no host")
    return _Target(url, scheme, _ascii_host(url, parts.hostname), port, _request_path(parts))


def _ascii_host(url: str, host: str) -> str:
    """The Host header and the DNS lookup need the ASCII (IDNA) spelling of the name."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(url, f"refused: {host!r} is not a valid host name") from None


def _request_path(parts: SplitResult) -> str:
    """The request target; feeds do link unescaped spaces and non-ASCII, which HTTP cannot carry."""
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return quote(path, safe=URL_SAFE_CHARACTERS)


def _resolve(target: _Target) -> list[Address]:
    """Every address the host resolves to, each vetted: one internal answer refuses the host."""
    try:
        answers = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(target.url, f"cannot resolve {target.host}: {error}") from None
    addresses = [
        (family, sockaddr)
        for family, _type, _proto, _name, sockaddr in answers
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    if not addresses:
        raise FetchError(target.url, f"cannot resolve {target.host}: no IPv4 or IPv6 address")
    if not _is_allowed_host(target.host):
        for _family, sockaddr in addresses:
            _refuse_unless_public(target.url, sockaddr[0])
    return addresses


def _is_allowed_host(host: str) -> bool:
    """FEED_ALLOWED_HOSTS matches the host as the URL writes it, never what a name resolves to."""
    wanted = _normal_host(host)
    return any(_normal_host(entry) == wanted for entry in settings.FEED_ALLOWED_HOSTS)


def _normal_host(host: str) -> str:
    """One spelling per host, so "[::1]", "0:0::1" and "::1" (or "Example.org.") compare equal."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _refuse_unless_public(url: str, address: str) -> None:
    kind = non_public_kind(ipaddress.ip_address(address))
    if kind:
        raise FetchError(url, f"refused: {address} is {kind} address")


def non_public_kind(ip: IPAddress) -> str:
    """Why an address is off limits ("a loopback", ...), or "" for a public one.

    ``is_global`` alone is not enough on Python 3.11: it calls multicast, site-local
    and IPv4-compatible addresses global, and judges ``::ffff:127.0.0.1`` by its
    IPv6 form. The IPv4 address an IPv6 one carries is checked first and by itself.
    """
    for candidate in (*_embedded_ipv4(ip), ip):
        for attribute, kind in NON_PUBLIC_KINDS:
            if getattr(candidate, attribute, False):
                return kind
        if not candidate.is_global:
            return "a non-public"
    return ""


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses inside an IPv6 one (mapped, 6to4, Teredo), which routers may follow."""
    if ip.version == 4:
        return []
    teredo = ip.teredo or ()
    return [inner for inner in (ip.ipv4_mapped, ip.sixtofour, *teredo) if inner is not None]


def _timeout_reason(deadline: _Deadline) -> str:
    if deadline.passed:
        return f"gave up: the {deadline.seconds:g}-second deadline for the whole download passed"
    return f"timed out: no answer within {deadline.timeout:g} seconds"


class _PinnedConnection:
    """Mixin for http.client connections: connect() opens a socket to an address vetted
    beforehand instead of resolving the hostname again; every read obeys the deadline."""

    def __init__(self, target: _Target, addresses: list[Address], deadline: _Deadline, **kwargs):
        super().__init__(target.host, target.port, timeout=deadline.timeout, **kwargs)
        self._addresses, self._deadline = addresses, deadline

    def connect(self) -> None:
        sock = _connect_first(self._addresses, self._deadline)
        try:
            self.sock = _DeadlineSocket(self._secure(sock), self._deadline)
        except BaseException:
            sock.close()
            raise

    def _secure(self, sock: socket.socket) -> socket.socket:
        return sock


class _PinnedHTTPConnection(_PinnedConnection, http.client.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnection, http.client.HTTPSConnection):
    def _secure(self, sock: socket.socket) -> socket.socket:
        """TLS over the vetted socket, with SNI and certificate checks against the hostname."""
        sock.settimeout(self._deadline.next_wait())
        return self._context.wrap_socket(sock, server_hostname=self.host)


def _connection(target: _Target, addresses: list[Address], deadline: _Deadline):
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, addresses, deadline, context=_tls_context())
    return _PinnedHTTPConnection(target, addresses, deadline)


@cache
def _tls_context() -> ssl.SSLContext:
    """The system's trusted CAs and hostname checks; built once, since loading CAs costs ~10 ms."""
    context = ssl.create_default_context()
    context.set_alpn_protocols(["http/1.1"])
    return context


def _connect_first(addresses: list[Address], deadline: _Deadline) -> socket.socket:
    """Try each vetted address in turn, as socket.create_connection does for a name."""
    error: OSError | None = None
    for family, sockaddr in addresses:
        try:
            return _connect_one(family, sockaddr, deadline)
        except OSError as failure:
            error = failure
    raise error  # addresses is never empty, so some attempt failed


def _connect_one(family: int, sockaddr: tuple, deadline: _Deadline) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(deadline.next_wait())
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


class _DeadlineSocket:
    """The connected socket as http.client sees it: every send and read is cut to the deadline,
    the status line and headers too, which per-call socket timeouts alone would not bound.

    Like a real socket, closing it while a reader (the response) is open defers the close
    until the reader is closed: http.client closes the connection as soon as it sees the
    server will close, and hands the socket on to the response.
    """

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self.sock, self.deadline = sock, deadline
        self._open_readers, self._closing = 0, False

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.next_wait())
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *_args, **_kwargs) -> io.BufferedReader:
        self._open_readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def close(self) -> None:
        self._closing = True
        self._close_when_unused()

    def release_reader(self) -> None:
        self._open_readers -= 1
        self._close_when_unused()

    def _close_when_unused(self) -> None:
        if self._closing and not self._open_readers:
            self.sock.close()


class _DeadlineReader(io.RawIOBase):
    """One recv per read, each given only the time the deadline leaves."""

    def __init__(self, owner: _DeadlineSocket):
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._owner.sock.settimeout(self._owner.deadline.next_wait())
        return self._owner.sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release_reader()
        super().close()


def _answer(target: _Target, response: http.client.HTTPResponse, request: _Request):
    """Turn the status into a redirect target, a Fetched, or a FetchError naming the status."""
    status, url = response.status, target.url
    if status in REDIRECT_STATUSES:
        location = (response.getheader("Location") or "").strip()
        if not location:
            raise FetchError(url, f"HTTP {status} {response.reason} without a Location")
        return urljoin(url, location)
    if status == 304 and request.conditional:
        return _fetched(url, response, b"", request)
    if not 200 <= status < 300:
        raise FetchError(url, f"HTTP {status} {response.reason}".rstrip())
    return _fetched(url, response, _read_body(url, response, request.max_bytes), request)


def _fetched(url: str, response: http.client.HTTPResponse, body: bytes, request: _Request):
    """A 304 may omit the validators; the caller's then still hold, so they are kept."""
    return Fetched(
        url=url,
        status=response.status,
        body=body,
        etag=response.getheader("ETag") or request.etag,
        last_modified=response.getheader("Last-Modified") or request.last_modified,
        content_type=response.getheader("Content-Type") or "",
    )


def _read_body(url: str, response: http.client.HTTPResponse, cap: int) -> bytes:
    """Read at most cap + 1 bytes off the wire, and out of gzip, refusing anything past the cap."""
    if response.length is not None and response.length > cap:
        raise _too_large(url, cap, f" (Content-Length: {response.length:,})")
    decoder = _decoder(url, response.getheader("Content-Encoding") or "")
    body, received = bytearray(), 0
    while received <= cap and len(body) <= cap:
        chunk = response.read1(min(CHUNK_BYTES, cap + 1 - received))
        if not chunk:
            break
        received += len(chunk)
        body += decoder.decode(chunk, room=cap + 1 - len(body))
    if received > cap or len(body) > cap:
        raise _too_large(url, cap)
    if response.length:
        raise FetchError(url, f"failed: the connection closed {response.length:,} bytes early")
    decoder.finish()
    return bytes(body)


def _too_large(url: str, cap: int, detail: str = "") -> FetchError:
    return FetchError(url, f"refused: larger than the {cap:,}-byte limit{detail}")


def _decoder(url: str, encoding: str) -> _Identity | _Gunzip:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip"):
        return _Gunzip(url)
    raise FetchError(url, f"refused: unsupported Content-Encoding {encoding!r}")


class _Identity:
    """A body sent as is; the reading loop's byte count is already the cap's count."""

    def decode(self, data: bytes, room: int) -> bytes:
        return data

    def finish(self) -> None:
        pass


class _Gunzip:
    """Undoes gzip as it arrives, never producing more than ``room``: a gzip bomb stops at the cap.

    Several gzip members one after another (allowed, and what ``cat a.gz b.gz`` makes) are
    decoded in turn.
    """

    def __init__(self, url: str):
        self._url, self._fed = url, False
        self._stream = zlib.decompressobj(GZIP_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        self._fed = True
        try:
            return self._decode(data, room)
        except zlib.error as error:
            raise FetchError(self._url, f"failed: the gzip body is corrupt ({error})") from None

    def _decode(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data and len(out) < room:
            out += self._stream.decompress(data, room - len(out))
            if self._stream.eof and self._stream.unused_data:
                data = self._stream.unused_data
                self._stream = zlib.decompressobj(GZIP_WBITS)
            else:
                data = self._stream.unconsumed_tail
        return bytes(out)

    def finish(self) -> None:
        if self._fed and not self._stream.eof:
            raise FetchError(self._url, "failed: the gzip body ends early")
