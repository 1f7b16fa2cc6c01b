"""Safe fetching: only public http(s) addresses, bounded in time and size, polite, pinned to
the address it vetted. No test needs real DNS or traffic past loopback."""

import gzip
import http.client
import ipaddress
import re
import shutil
import socket
import time
import tracemalloc
import zlib

import pytest

import archive.feeds.fetch as fetch_module
from archive.feeds.fetch import Fetched, FetchError, fetch, non_public_kind
from tests.feedserver import FakeDNS, Reply, TrustedTLS, drip, endless

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Show</title></channel></rss>"
MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"
PUBLIC = "93.184.215.14"
INTERNAL_ADDRESSES = [
    ("10.0.0.5", "a private"),
    ("172.16.0.1", "a private"),
    ("192.168.1.1", "a private"),
    ("169.254.169.254", "a link-local"),  # the cloud metadata service
    ("127.0.0.1", "a loopback"),
    ("127.1.2.3", "a loopback"),
    ("::1", "a loopback"),
    ("::ffff:127.0.0.1", "a loopback"),
    ("::ffff:10.0.0.5", "a private"),
    ("2002:7f00:1::", "a loopback"),  # 6to4 wrapping 127.0.0.1
    ("::127.0.0.1", "a reserved"),  # IPv4-compatible
    ("0.0.0.0", "an unspecified"),
    ("::", "an unspecified"),
    ("224.0.0.1", "a multicast"),
    ("ff02::1", "a multicast"),
    ("fe80::1", "a link-local"),
    ("fc00::1", "a private"),
    ("fec0::1", "a site-local"),
    ("100.64.0.1", "a non-public"),  # carrier-grade NAT
    ("192.0.2.1", "a private"),  # TEST-NET-1
    ("240.0.0.1", "a reserved"),
    ("255.255.255.255", "a reserved"),
]


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture
def impatient(settings):
    """Timeouts short enough that the slow-server tests take about a second."""
    settings.FEED_TIMEOUT_SECONDS = 0.5
    settings.FEED_DEADLINE_SECONDS = 1


# The happy path, and politeness


def test_fetch_returns_the_body_and_what_the_server_said_about_it(feed_server):
    headers = {"Content-Type": "application/rss+xml"}
    feed_server.serve("/feed.xml", FEED, headers=headers, etag='"v1"', last_modified=MODIFIED)

    fetched = fetch(feed_server.url("/feed.xml"))

    assert fetched == Fetched(
        url=feed_server.url("/feed.xml"),
        status=200,
        body=FEED,
        etag='"v1"',
        last_modified=MODIFIED,
        content_type="application/rss+xml",
    )
    assert not fetched.not_modified


def test_requests_name_the_archive_and_what_they_accept(feed_server, settings):
    settings.FEED_USER_AGENT = "PodcastAppearanceArchive/9.9 (+https://archive.example.org/)"
    feed_server.serve("/feed.xml", FEED)

    fetch(feed_server.url("/feed.xml"), accept="application/rss+xml")

    [request] = feed_server.requests
    assert request.headers["User-Agent"] == settings.FEED_USER_AGENT
    assert request.headers["Accept"] == "application/rss+xml"
    assert request.headers["Accept-Encoding"] == "gzip"
    assert request.headers["Host"] == f"127.0.0.1:{feed_server.port}"
    assert "If-None-Match" not in request.headers
    assert "If-Modified-Since" not in request.headers


def test_the_default_user_agent_names_the_archive(feed_server):
    feed_server.serve("/feed.xml", FEED)

    fetch(feed_server.url("/feed.xml"))

    assert feed_server.requests[0].headers["User-Agent"].startswith("PodcastAppearanceArchive/")


def test_an_unchanged_etag_gets_a_304_without_a_body(feed_server):
    feed_server.serve("/feed.xml", FEED, etag='"v1"')

    fetched = fetch(feed_server.url("/feed.xml"), etag='"v1"')

    assert fetched.not_modified
    assert (fetched.status, fetched.body, fetched.etag) == (304, b"", '"v1"')
    assert feed_server.requests[0].headers["If-None-Match"] == '"v1"'


def test_an_unchanged_last_modified_gets_a_304_and_keeps_the_date(feed_server):
    feed_server.serve("/feed.xml", FEED, last_modified=MODIFIED)

    fetched = fetch(feed_server.url("/feed.xml"), last_modified=MODIFIED)

    assert fetched.not_modified
    assert fetched.last_modified == MODIFIED
    assert feed_server.requests[0].headers["If-Modified-Since"] == MODIFIED


def test_a_changed_etag_gets_the_new_body_and_etag(feed_server):
    feed_server.serve("/feed.xml", FEED, etag='"v2"', last_modified=MODIFIED)

    fetched = fetch(feed_server.url("/feed.xml"), etag='"v1"', last_modified=MODIFIED)

    assert (fetched.status, fetched.body, fetched.etag) == (200, FEED, '"v2"')


def test_a_304_we_did_not_ask_for_is_an_error(feed_server):
    feed_server.serve("/feed.xml", status=304)

    with pytest.raises(FetchError, match="HTTP 304 Not Modified"):
        fetch(feed_server.url("/feed.xml"))


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (410, "Gone"), (500, "Internal Server Error")]
)
def test_an_error_status_names_itself(feed_server, status, reason):
    feed_server.serve("/feed.xml", b"oops", status=status)
    url = feed_server.url("/feed.xml")

    with pytest.raises(FetchError) as raised:
        fetch(url)

    assert str(raised.value) == f"{url}: HTTP {status} {reason}"


def test_spaces_and_non_ascii_in_a_path_are_percent_encoded(feed_server):
    feed_server.serve("/caf%C3%A9%20feed.xml", FEED)

    assert fetch(feed_server.url("/café feed.xml")).body == FEED
    assert feed_server.requests[0].path == "/caf%C3%A9%20feed.xml"


# URLs refused before any traffic


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/feed.xml",
        "gopher://127.0.0.1:70/_GET",
        "javascript:alert(1)",
        "data:text/xml,<rss/>",
        "//example.org/feed.xml",
        "feed.xml",
    ],
)
def test_only_http_and_https_are_fetched(url, dns):
    with pytest.raises(FetchError, match="refused: only http and https are fetched"):
        fetch(url)
    assert dns.lookups == []


@pytest.mark.parametrize("userinfo", ["user:secret@", "user@", ":secret@"])
def test_credentials_in_a_url_are_refused(feed_server, userinfo):
    feed_server.serve("/feed.xml", FEED)

    with pytest.raises(FetchError, match="refused: credentials in the URL"):
        fetch(f"http://{userinfo}127.0.0.1:{feed_server.port}/feed.xml")
    assert feed_server.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:99999/", "the port is not a number"),
        ("http:///feed.xml", "the URL names no host"),
        ("http://127.0.0.1/feed\n.xml", "control characters"),
        ("http://a..b/feed.xml", "is not a valid host name"),
    ],
)
def test_malformed_urls_are_refused(url, reason):
    with pytest.raises(FetchError, match=reason):
        fetch(url)


# Addresses inside our network


def test_loopback_is_refused_unless_allowed(feed_server, settings):
    feed_server.serve("/feed.xml", FEED)
    settings.FEED_ALLOWED_HOSTS = []
    url = feed_server.url("/feed.xml")

    with pytest.raises(FetchError) as raised:
        fetch(url)

    assert str(raised.value) == f"{url}: refused: 127.0.0.1 is a loopback address"
    assert feed_server.requests == []


@pytest.mark.parametrize(("address", "kind"), INTERNAL_ADDRESSES)
def test_a_name_resolving_inside_our_network_is_refused(dns, address, kind):
    dns.answer("evil.test", address)

    with pytest.raises(FetchError) as raised:
        fetch("http://evil.test/feed.xml")

    assert str(raised.value) == f"http://evil.test/feed.xml: refused: {address} is {kind} address"


@pytest.mark.parametrize(("address", "kind"), INTERNAL_ADDRESSES)
def test_an_internal_address_literal_is_refused(address, kind):
    host = f"[{address}]" if ":" in address else address

    with pytest.raises(FetchError, match=re.escape(f"refused: {address} is {kind} address")):
        fetch(f"http://{host}/feed.xml")


def test_one_internal_answer_among_public_ones_refuses_the_host(dns):
    dns.answer("mixed.test", PUBLIC, "10.0.0.5")

    # Had it connected to the public address, the network guard would raise RuntimeError.
    with pytest.raises(FetchError, match=r"refused: 10.0.0.5 is a private address"):
        fetch("http://mixed.test/feed.xml")


def test_a_public_address_passes_and_is_the_one_connected_to(dns):
    dns.answer("public.test", PUBLIC)

    with pytest.raises(
        RuntimeError, match=re.escape(f"test tried to reach {PUBLIC} outside loopback")
    ):
        fetch("http://public.test/feed.xml")


def test_the_connection_goes_to_the_vetted_address_not_a_second_dns_answer(dns):
    dns.answer_in_turn("rebind.test", [PUBLIC], ["127.0.0.1"])

    # Resolving again to connect would reach 127.0.0.1 and succeed (or be refused); we
    # connect to the address we vetted, which the network guard stops.
    with pytest.raises(RuntimeError, match=re.escape(PUBLIC)):
        fetch("http://rebind.test/feed.xml")
    assert dns.lookups == ["rebind.test"]


def test_an_allowed_name_sends_its_own_host_header(feed_server, dns, settings):
    settings.FEED_ALLOWED_HOSTS = ["Feeds.Test"]
    dns.answer("feeds.test", "127.0.0.1")
    feed_server.serve("/feed.xml", FEED)

    assert fetch(feed_server.url("/feed.xml", host="feeds.test")).body == FEED
    assert feed_server.requests[0].headers["Host"] == f"feeds.test:{feed_server.port}"
    assert dns.lookups == ["feeds.test"]


def test_an_allowed_name_tries_each_address_in_turn(feed_server, dns, settings):
    settings.FEED_ALLOWED_HOSTS = ["localhost"]
    dns.answer("localhost", "::1", "127.0.0.1")  # the server listens on IPv4 only
    feed_server.serve("/feed.xml", FEED)

    assert fetch(feed_server.url("/feed.xml", host="localhost")).body == FEED


def test_an_allowed_address_does_not_allow_names_that_resolve_to_it(feed_server, dns):
    dns.answer("sneaky.test", "127.0.0.1")  # feed_server allows "127.0.0.1"

    with pytest.raises(FetchError, match=r"refused: 127.0.0.1 is a loopback address"):
        fetch(feed_server.url("/feed.xml", host="sneaky.test"))


def test_a_name_that_does_not_resolve_is_an_error(dns):
    with pytest.raises(FetchError, match=r"cannot resolve nowhere.test"):
        fetch("http://nowhere.test/feed.xml")


def test_a_refused_connection_is_an_error(settings):
    settings.FEED_ALLOWED_HOSTS = ["127.0.0.1"]
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]

    with pytest.raises(FetchError, match=r"failed: .*refused"):
        fetch(f"http://127.0.0.1:{port}/feed.xml")


def test_is_global_alone_would_miss_these():
    # Python 3.11 calls all three global; each is refused all the same.
    for address in ("224.0.0.1", "fec0::1", "::127.0.0.1"):
        assert non_public_kind(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_are_public(address):
    assert non_public_kind(ipaddress.ip_address(address)) == ""


# Redirects


def test_a_relative_redirect_is_followed_from_the_current_url(feed_server):
    feed_server.redirect("/old/feed.xml", "../new/feed.xml", status=301)
    feed_server.serve("/new/feed.xml", FEED)

    fetched = fetch(feed_server.url("/old/feed.xml"))

    assert (fetched.url, fetched.body) == (feed_server.url("/new/feed.xml"), FEED)
    assert [request.path for request in feed_server.requests] == ["/old/feed.xml", "/new/feed.xml"]


def test_a_redirect_hop_keeps_the_polite_headers(feed_server):
    feed_server.redirect("/old.xml", "/feed.xml", status=308)
    feed_server.serve("/feed.xml", FEED, etag='"v1"')

    assert fetch(feed_server.url("/old.xml"), etag='"v1"').not_modified
    assert feed_server.requests_to("/feed.xml")[0].headers["If-None-Match"] == '"v1"'


def test_a_redirect_into_our_network_is_refused(feed_server, dns):
    dns.answer("evil.test", "169.254.169.254")
    feed_server.redirect("/feed.xml", "http://evil.test/latest/meta-data/")
    url = feed_server.url("/feed.xml")

    with pytest.raises(FetchError) as raised:
        fetch(url)

    assert str(raised.value) == (
        f"{url}: redirected to http://evil.test/latest/meta-data/: "
        "refused: 169.254.169.254 is a link-local address"
    )


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO"])
def test_a_redirect_to_another_scheme_is_refused(feed_server, location):
    feed_server.redirect("/feed.xml", location)

    with pytest.raises(FetchError, match="refused: only http and https"):
        fetch(feed_server.url("/feed.xml"))


def test_redirects_up_to_the_limit_are_followed(feed_server, settings):
    settings.FEED_MAX_REDIRECTS = 2
    feed_server.redirect("/a", "/b")
    feed_server.redirect("/b", "/feed.xml")
    feed_server.serve("/feed.xml", FEED)

    assert fetch(feed_server.url("/a")).body == FEED


def test_too_many_redirects_are_refused(feed_server, settings):
    settings.FEED_MAX_REDIRECTS = 2
    for here, there in [("/a", "/b"), ("/b", "/c"), ("/c", "/feed.xml")]:
        feed_server.redirect(here, there)
    feed_server.serve("/feed.xml", FEED)

    with pytest.raises(FetchError, match="refused: more than 2 redirects"):
        fetch(feed_server.url("/a"))
    assert len(feed_server.requests) == 3


def test_a_redirect_loop_ends(feed_server):
    feed_server.redirect("/loop", "/loop")

    with pytest.raises(FetchError, match="refused: more than 5 redirects"):
        fetch(feed_server.url("/loop"))
    assert len(feed_server.requests) == 6


def test_a_redirect_without_a_location_is_an_error(feed_server):
    feed_server.serve("/feed.xml", status=302)

    with pytest.raises(FetchError, match="HTTP 302 Found without a Location"):
        fetch(feed_server.url("/feed.xml"))


# Size


def test_a_body_at_the_cap_is_read_and_one_byte_more_is_refused(feed_server):
    feed_server.serve("/at-cap", b"x" * 1000)
    feed_server.serve("/over-cap", b"x" * 1001)

    assert len(fetch(feed_server.url("/at-cap"), max_bytes=1000).body) == 1000
    with pytest.raises(FetchError, match="refused: larger than the 1,000-byte limit"):
        fetch(feed_server.url("/over-cap"), max_bytes=1000)


def test_the_cap_defaults_to_the_setting(feed_server, settings):
    settings.FEED_MAX_BYTES = 10
    feed_server.serve("/feed.xml", b"x" * 11)

    with pytest.raises(FetchError, match="larger than the 10-byte limit"):
        fetch(feed_server.url("/feed.xml"))


def test_a_large_content_length_is_refused_before_the_body_arrives(feed_server, impatient):
    body = drip([b"x"] * 100, delay=0.1)  # would take 10 s, and the deadline is 1 s
    feed_server.serve("/big", body, headers={"Content-Length": str(10**12)})
    with pytest.raises(FetchError, match=r"larger than .* \(Content-Length: 1,000,000,000,000\)"):
        fetch(feed_server.url("/big"), max_bytes=1000)


def test_a_body_without_content_length_is_cut_off_one_byte_past_the_cap(feed_server, monkeypatch):
    feed_server.serve("/endless", endless())
    read = []
    real_read1 = http.client.HTTPResponse.read1

    def counting_read1(response, size=-1):
        read.append(real_read1(response, size))
        return read[-1]

    monkeypatch.setattr(http.client.HTTPResponse, "read1", counting_read1)

    with pytest.raises(FetchError, match=r"larger than the 100,000-byte limit$"):
        fetch(feed_server.url("/endless"), max_bytes=100_000)
    assert sum(map(len, read)) == 100_001


def test_a_body_without_content_length_under_the_cap_is_read(feed_server):
    feed_server.serve("/feed.xml", [FEED[:10], FEED[10:]])

    assert fetch(feed_server.url("/feed.xml")).body == FEED


def test_a_body_cut_short_is_an_error(feed_server):
    feed_server.serve("/feed.xml", FEED, headers={"Content-Length": str(len(FEED) + 50)})

    with pytest.raises(FetchError, match="the connection closed 50 bytes early"):
        fetch(feed_server.url("/feed.xml"))


# Gzip


def serve_gzipped(feed_server, path, data, **headers):
    feed_server.serve(path, data, headers={"Content-Encoding": "gzip", **headers})


def test_a_gzipped_body_is_decoded(feed_server):
    serve_gzipped(feed_server, "/feed.xml", gzip.compress(FEED))

    assert fetch(feed_server.url("/feed.xml")).body == FEED


def test_gzip_members_one_after_another_are_all_decoded(feed_server):
    serve_gzipped(feed_server, "/feed.xml", gzip.compress(FEED[:20]) + gzip.compress(FEED[20:]))

    assert fetch(feed_server.url("/feed.xml")).body == FEED


def gzip_of_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def test_a_gzip_bomb_is_refused_without_being_inflated(feed_server):
    serve_gzipped(feed_server, "/bomb.xml", gzip_of_zeros(200))  # about 200 kB on the wire
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"larger than the 1,000,000-byte limit$"):
            fetch(feed_server.url("/bomb.xml"), max_bytes=1_000_000)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 10_000_000  # a few 64 kB chunks and the 1 MB body, never the 200 MB


def test_a_decompressed_body_at_the_cap_is_read(feed_server):
    serve_gzipped(feed_server, "/feed.xml", gzip.compress(b"x" * 5000))

    assert len(fetch(feed_server.url("/feed.xml"), max_bytes=5000).body) == 5000


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not gzip at all", "the gzip body is corrupt"),
        (gzip.compress(FEED)[:-12], "the gzip body ends early"),
    ],
)
def test_broken_gzip_is_an_error(feed_server, data, reason):
    serve_gzipped(feed_server, "/feed.xml", data)

    with pytest.raises(FetchError, match=reason):
        fetch(feed_server.url("/feed.xml"))


def test_an_encoding_we_did_not_ask_for_is_refused(feed_server):
    feed_server.serve("/feed.xml", b"...", headers={"Content-Encoding": "br"})

    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(feed_server.url("/feed.xml"))


# Time


def test_a_slow_drip_body_is_cut_off_at_the_deadline(feed_server, impatient):
    # Each byte comes well within the 0.5 s timeout; only the 1 s deadline stops it.
    feed_server.serve("/slow", drip([b"x"] * 100, delay=0.1), headers={"Content-Length": "100"})
    with pytest.raises(FetchError, match="gave up: the 1-second deadline"):
        fetch(feed_server.url("/slow"))


def test_slow_drip_headers_are_cut_off_at_the_deadline(feed_server, impatient):
    head = [b"HTTP/1.0 200 OK\r\n"] + [b"X-Slow: yes\r\n"] * 50
    feed_server.handle("/slow", lambda request: Reply(body=drip(head, delay=0.1), raw=True))
    with pytest.raises(FetchError, match="gave up: the 1-second deadline"):
        fetch(feed_server.url("/slow"))


def test_the_deadline_covers_every_redirect_hop(feed_server, impatient):
    def slow_redirect(request):
        time.sleep(0.3)
        return Reply(302, {"Location": "/loop"})

    feed_server.handle("/loop", slow_redirect)

    with pytest.raises(FetchError, match="gave up: the 1-second deadline"):
        fetch(feed_server.url("/loop"))
    assert len(feed_server.requests) <= 4


def test_a_silent_server_times_out(feed_server, settings):
    settings.FEED_TIMEOUT_SECONDS = 0.2

    def silent(request):
        time.sleep(1)
        return Reply(body=FEED)

    feed_server.handle("/feed.xml", silent)

    with pytest.raises(FetchError, match=r"timed out: no answer within 0.2 seconds"):
        fetch(feed_server.url("/feed.xml"))


def test_a_garbled_response_is_an_error(feed_server):
    feed_server.handle("/feed.xml", lambda request: Reply(body=b"SSH-2.0-OpenSSH\r\n", raw=True))

    with pytest.raises(FetchError, match="failed: "):
        fetch(feed_server.url("/feed.xml"))


# HTTPS: connect to the vetted address, verify the certificate against the name


@pytest.fixture
def tls(tmp_path, dns, settings, monkeypatch):
    """feeds.test resolves to 127.0.0.1 and is allowed there."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command makes the test certificates")
    settings.FEED_ALLOWED_HOSTS = ["feeds.test"]
    dns.answer("feeds.test", "127.0.0.1")
    return TrustedTLS(
        tmp_path, lambda context: monkeypatch.setattr(fetch_module, "_tls_context", lambda: context)
    )


def test_https_sends_sni_and_verifies_the_name_while_connecting_to_the_vetted_address(tls):
    with tls.server("feeds.test") as server:
        server.serve("/feed.xml", FEED)
        fetched = fetch(server.url("/feed.xml", host="feeds.test"))

    assert fetched.body == FEED
    assert tls.server_names == ["feeds.test"]
    assert server.requests[0].headers["Host"] == f"feeds.test:{server.port}"


def test_https_refuses_a_certificate_for_another_name(tls):
    with tls.server("other.test") as server, pytest.raises(FetchError, match="certificate"):
        fetch(server.url("/feed.xml", host="feeds.test"))
    assert server.requests == []
