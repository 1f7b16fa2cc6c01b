"""The local curator account that ``make run`` makes sure exists."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model


def ensure_admin_account(username: str, password: str = "", email: str = "") -> str | None:
    """Create superuser ``username`` unless it exists; never touches an existing account.

    Returns the generated password when none was given and the account was
    created (the caller prints it once), else None.
    """
    users = get_user_model().objects
    if users.filter(username=username).exists():
        return None
    generated = None if password else secrets.token_urlsafe(12)
    users.create_superuser(username=username, email=email, password=password or generated)
    return generated
