"""The admin login resists guessing: django-axes locks a username at an address out after
AXES_FAILURE_LIMIT wrong passwords, and the admin can live at a path of its own (ADMIN_URL).
"""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.urls import clear_url_caches, reverse

from tests.factories import make_staff
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # tests.factories.make_staff's


@pytest.fixture
def curator():
    return make_staff(curator=True, username="curator")


def log_in(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, username: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        assert log_in(client, username, "wrong", address).status_code in {200, 429}


def test_after_the_limit_even_the_right_password_is_refused(client, curator, settings):
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "curator", PASSWORD)

    assert response.status_code == 429
    assert "too many login attempts" in response.text
    assert not signed_in(client)


def test_one_failure_short_of_the_limit_the_right_password_still_works(client, curator, settings):
    fail(client, "curator", settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, "curator", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_success_starts_the_count_again(client, curator, settings):
    fail(client, "curator", settings.AXES_FAILURE_LIMIT - 1)
    log_in(client, "curator", PASSWORD)
    client.logout()
    fail(client, "curator", settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, "curator", PASSWORD).status_code == 302


def test_the_lockout_is_for_that_username_at_that_address(client, curator, settings):
    make_staff(curator=True, username="editor")
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)

    assert log_in(client, "editor", PASSWORD).status_code == 302  # another user, same address
    client.logout()
    assert log_in(client, "curator", PASSWORD, address="192.0.2.7").status_code == 302
    client.logout()
    assert log_in(client, "curator", PASSWORD).status_code == 429


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, curator, settings):
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)

    response = client.post(
        reverse("admin:login"),
        {"username": "curator", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )

    assert response.status_code == 429  # no proxy in front (API_NUM_PROXIES=0): REMOTE_ADDR counts


def test_the_lockout_ends_when_the_cool_off_has_passed(client, curator, settings):
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)
    earlier = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=earlier - timedelta(seconds=1))

    assert log_in(client, "curator", PASSWORD).status_code == 302


def test_logins_without_a_request_are_not_counted(curator, settings):
    """manage.py, the shell, and tests calling authenticate() have nobody to lock out."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert authenticate(username="curator", password="wrong") is None

    assert authenticate(username="curator", password=PASSWORD) == curator
    assert not AccessAttempt.objects.exists()


def test_limit_and_cool_off_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    result = manage("shell", "-c", code, AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="60")

    assert result.stdout.strip().splitlines()[-1] == "3 1:00:00"


@pytest.fixture
def admin_at(settings):
    """The URLconf rebuilt with ``ADMIN_URL`` set: ``admin_at("back-office/")``."""
    import config.urls

    def move(path: str) -> None:
        settings.ADMIN_URL = path
        importlib.reload(config.urls)
        clear_url_caches()

    original = settings.ADMIN_URL
    yield move
    move(original)


def test_the_admin_lives_where_admin_url_says(client, curator, admin_at):
    admin_at("back-office/desk/")
    client.force_login(curator)

    assert reverse("admin:index") == "/back-office/desk/"
    assert client.get("/back-office/desk/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_lockouts_follow_the_admin_to_its_path(client, curator, admin_at, settings):
    admin_at("back-office/")
    fail(client, "curator", settings.AXES_FAILURE_LIMIT)

    assert log_in(client, "curator", PASSWORD).status_code == 429


@pytest.mark.parametrize("path", ["/admin/", "admin", "", "ad min/", "../admin/"])
def test_an_admin_url_that_is_not_a_path_is_refused(path):
    result = manage("check", ADMIN_URL=path)

    assert result.returncode != 0
    assert "ADMIN_URL must read like admin/" in result.stderr
