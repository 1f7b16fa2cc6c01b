"""The local curator account that ``make run`` makes sure exists."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class AdminAccount:
    """What ``ensure_admin_account`` found or did, for the caller to report."""

    # Set only when the account was just created without a given password.
    generated_password: str | None = None
    # The account already existed and the given password is not its password.
    password_not_applied: bool = False


def ensure_admin_account(username: str, password: str = "", email: str = "") -> AdminAccount:
    """Create superuser ``username`` unless it exists; never changes an existing account.

    An existing account is only compared with ``password`` (so a changed
    ADMIN_PASSWORD can be reported rather than silently ignored). Costs one or
    two queries and, when a password is given, one password hash.
    """
    users = get_user_model().objects
    existing = users.filter(username=username).first()
    if existing is not None:
        return AdminAccount(
            password_not_applied=bool(password) and not existing.check_password(password)
        )
    generated = None if password else secrets.token_urlsafe(12)
    users.create_superuser(username=username, email=email, password=password or generated)
    return AdminAccount(generated_password=generated)
