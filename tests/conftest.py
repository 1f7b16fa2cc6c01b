"""Shared test fixtures: the real-world corpus beside the checkout."""

import ipaddress
import socket
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """The directory of real published transcripts; skips when ``../shared`` is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real-transcript corpus is not at {CORPUS} (../shared is absent)")
    return CORPUS


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff logins in tests need no key stretching; it costs ~0.3 s per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(db):
    from tests.factories import make_staff

    return make_staff(curator=True, username="curator")


@pytest.fixture
def curator_client(client, curator):
    """A staff member in the Curators group, logged in."""
    client.force_login(curator)
    return client


@pytest.fixture
def viewer_client(client, db):
    """A staff member outside the Curators group, logged in: may look, not change."""
    from tests.factories import make_staff

    client.force_login(make_staff(curator=False, username="viewer"))
    return client


@pytest.fixture(autouse=True)
def network_stays_on_loopback(monkeypatch):
    """No test reaches past this machine: connecting anywhere but loopback raises at once.

    Wraps ``socket.socket.connect`` and ``connect_ex`` (so SSL and asyncio sockets too),
    raising RuntimeError before any packet leaves, and not an OSError that code under
    test might take for a network failure. Unix sockets (PostgreSQL's) and 127.0.0.0/8,
    ::1 and "localhost" (the database, the live server, ``feed_server``) still connect.
    Names are refused without a lookup. C libraries (libpq) do not go through here.
    """
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(sock, address):
        _refuse_outside_loopback(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        _refuse_outside_loopback(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


def _refuse_outside_loopback(sock: socket.socket, address) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = str(address[0])
    if host == "localhost":
        return
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        ip = None
    if ip is not None and ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip is None or not ip.is_loopback:
        raise RuntimeError(f"test tried to reach {host} outside loopback")


@pytest.fixture
def feed_server(settings):
    """A local HTTP server that ``archive.feeds.fetch`` may reach (FEED_ALLOWED_HOSTS = 127.0.0.1).

    ``serve(path, body, status=200, headers=None, *, etag="", last_modified="")`` answers a
    path (304 when the validators match), ``redirect(path, location)``, ``handle(path,
    callable)``; ``url(path)`` is its address and ``requests`` what arrived (``.path``,
    ``.headers``). The rest is in tests/feedserver.py.
    """
    settings.FEED_ALLOWED_HOSTS = ["127.0.0.1"]
    with FeedServer() as server:
        yield server
