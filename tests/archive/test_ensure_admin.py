"""``manage.py ensure_admin``: the local curator account ``make run`` makes sure of."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(capsys, monkeypatch, **env):
    for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "ADMIN_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    call_command("ensure_admin")
    return capsys.readouterr().out


def test_account_is_created_from_the_environment(capsys, monkeypatch):
    out = run(capsys, monkeypatch, ADMIN_USERNAME="curator", ADMIN_PASSWORD="a-long-secret-1")

    assert "'curator' is ready" in out
    user = authenticate(username="curator", password="a-long-secret-1")
    assert user is not None and user.is_superuser


def test_generated_password_is_printed_once_and_works(capsys, monkeypatch):
    out = run(capsys, monkeypatch)
    password = out.split("password: ")[1].split()[0]

    assert authenticate(username="admin", password=password) is not None
    assert "password" not in run(capsys, monkeypatch)  # shown once only


def test_an_existing_account_is_never_changed(capsys, monkeypatch):
    get_user_model().objects.create_superuser("admin", "", "the-original-pass-1")

    run(capsys, monkeypatch, ADMIN_PASSWORD="another-pass-2")

    assert authenticate(username="admin", password="the-original-pass-1") is not None
    assert get_user_model().objects.count() == 1


def test_a_changed_password_for_an_existing_account_is_reported_not_applied(capsys, monkeypatch):
    get_user_model().objects.create_superuser("curator", "", "the-original-pass-1")

    out = run(capsys, monkeypatch, ADMIN_USERNAME="curator", ADMIN_PASSWORD="another-pass-2")

    assert "'curator' already exists" in out
    assert "ADMIN_PASSWORD was NOT applied" in out
    assert "python manage.py changepassword curator" in out
    assert "is ready" not in out
    assert authenticate(username="curator", password="the-original-pass-1") is not None


def test_an_existing_account_with_the_same_password_is_ready(capsys, monkeypatch):
    get_user_model().objects.create_superuser("admin", "", "the-original-pass-1")

    out = run(capsys, monkeypatch, ADMIN_PASSWORD="the-original-pass-1")

    assert "'admin' is ready" in out
    assert "NOT applied" not in out


def test_an_existing_account_without_admin_password_is_ready(capsys, monkeypatch):
    get_user_model().objects.create_superuser("admin", "", "the-original-pass-1")

    out = run(capsys, monkeypatch)

    assert "'admin' is ready" in out
    assert "NOT applied" not in out
