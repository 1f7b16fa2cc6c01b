"""/healthz: the liveness probe and the load benchmark's floor."""

import pytest


@pytest.fixture
def healthz(client, db, django_assert_num_queries):
    """The response to one GET, made under a zero-query budget."""
    with django_assert_num_queries(0):
        return client.get("/healthz")


def test_healthz_answers_ok_in_plain_text(healthz):
    assert healthz.status_code == 200
    assert healthz.content == b"ok"
    assert healthz["Content-Type"].startswith("text/plain")


def test_healthz_never_touches_the_database(healthz):
    """The fixture asserts zero queries; a response means none were made."""
    assert healthz.status_code == 200


def test_healthz_is_not_kept_by_proxies(healthz):
    directives = {part.strip() for part in healthz["Cache-Control"].split(",")}
    assert "no-store" in directives


def test_healthz_sets_no_cookie(healthz):
    """No session and no CSRF token: the floor must not include their cost."""
    assert not healthz.cookies


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
