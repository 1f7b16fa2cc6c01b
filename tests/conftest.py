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
