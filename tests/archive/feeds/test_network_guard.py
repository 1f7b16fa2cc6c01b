"""The guard every test runs under (tests/conftest.py): no connection leaves loopback."""

import re
import socket

import pytest

PUBLIC = "93.184.215.14"


@pytest.mark.parametrize(
    ("family", "address"),
    [
        (socket.AF_INET, ("192.0.2.1", 80)),
        (socket.AF_INET, (PUBLIC, 443)),
        (socket.AF_INET6, ("2001:db8::1", 80, 0, 0)),
        (socket.AF_INET6, ("::ffff:192.0.2.1", 80, 0, 0)),
        (socket.AF_INET, ("example.org", 80)),
    ],
)
def test_the_network_guard_refuses_addresses_outside_loopback(family, address):
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(
            RuntimeError, match=re.escape(f"test tried to reach {address[0]} outside")
        ):
            sock.connect(address)
        with pytest.raises(RuntimeError, match="outside loopback"):
            sock.connect_ex(address)
        with pytest.raises(OSError):
            sock.getpeername()  # never connected: refused before any packet


def test_the_network_guard_lets_loopback_through(feed_server):
    for host in ("127.0.0.1", "localhost"):
        with socket.create_connection((host, feed_server.port), timeout=5):
            pass


def test_the_network_guard_lets_unix_sockets_through(tmp_path):
    path = str(tmp_path / "db.sock")
    with socket.socket(socket.AF_UNIX) as listener, socket.socket(socket.AF_UNIX) as client:
        listener.bind(path)
        listener.listen()
        client.connect(path)
        assert client.getpeername() == path
