"""Validators for values Django ships no validator for.

``Episode.audio_url`` becomes the ``src`` of the episode page's ``<audio>``
player, so it may be either of two things: an absolute http(s) URL (a podcast
host's enclosure, as feeds give it) or a path on this site (the demo's
synthesised audio under ``/static/``). Django's ``URLValidator`` refuses the
path, and a bare ``CharField`` would take ``javascript:alert(1)`` or a relative
``static/a.opus`` that resolves differently on every page. Pure functions, no
queries.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_ABSOLUTE = URLValidator(schemes=["http", "https"])
# One leading slash (a second would name another host: "//evil.example/a.mp3"), then no
# whitespace or backslash (browsers read "/\evil.example" as "//evil.example").
_SITE_PATH = re.compile(r"/(?![/\\])[^\s\\]*")


def validate_audio_url(value: str) -> None:
    """Accept ``https://host/a.mp3`` or ``/static/a.opus``; raise ``ValidationError`` otherwise."""
    if _SITE_PATH.fullmatch(value):
        return
    try:
        _ABSOLUTE(value)
    except ValidationError:
        raise ValidationError(
            "Enter an http(s) URL, or a path on this site that starts with /.",
            code="invalid",
            params={"value": value},
        ) from None
