"""``validate_audio_url``: an episode's audio is an http(s) URL or a path on this site."""

import pytest
from django.core.exceptions import ValidationError

from archive.models import Episode
from archive.validators import validate_audio_url


@pytest.mark.parametrize(
    "value",
    [
        "https://x.example/a.mp3",
        "http://x.example/audio/a.mp3?token=1",
        "/static/a.opus",
        "/static/audio/demo/why-caches-lie.opus",
    ],
)
def test_audio_url_accepts_http_urls_and_site_paths(value):
    validate_audio_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "ftp://x",
        "javascript:alert(1)",
        "static/a.opus",
        "a.opus",
        "//evil.example/a.mp3",
        "/\\evil.example/a.mp3",
        "/static/a b.opus",
        "https://",
    ],
)
def test_audio_url_rejects_other_schemes_relative_paths_and_other_hosts(value):
    with pytest.raises(ValidationError) as error:
        validate_audio_url(value)

    assert error.value.code == "invalid"
    assert "path on this site" in error.value.messages[0]


def test_episode_audio_url_field_runs_the_validator_and_keeps_blank_allowed():
    field = Episode._meta.get_field("audio_url")

    assert field.clean("/static/a.opus", None) == "/static/a.opus"
    assert field.clean("", None) == ""
    with pytest.raises(ValidationError):
        field.clean("javascript:alert(1)", None)
