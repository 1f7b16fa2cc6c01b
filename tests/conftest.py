"""Shared test fixtures: the real-world corpus beside the checkout."""

from pathlib import Path

import pytest

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
