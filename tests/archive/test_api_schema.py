"""The API's OpenAPI schema is served, valid, documented by a page with its own assets,
and true: schemathesis calls every operation with generated requests, in process, and
every answer is no server error and matches what the schema says it would be."""

import re

import hypothesis
import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks

from archive.models import Role
from config.wsgi import application
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance


@pytest.fixture
def small_archive(db):
    """Two shows, three people (one hidden), three episodes (one hidden), a few lines."""
    signal, noise = make_show(slug="signal"), make_show(slug="noise")
    ada, bo = make_speaker("Ada Lovelace", slug="ada"), make_speaker("Bo Brown", slug="bo")
    secret = make_speaker("Secret Person", slug="secret", is_published=False)
    pilot, later = make_episode(signal, slug="pilot"), make_episode(noise, slug="later")
    draft = make_episode(signal, slug="draft", is_published=False)
    for episode, speaker, role in [
        (pilot, ada, Role.HOST),
        (pilot, bo, Role.GUEST),
        (pilot, secret, Role.GUEST),
        (later, ada, Role.GUEST),
        (draft, bo, Role.HOST),
    ]:
        make_appearance(episode, speaker, role=role)
        make_utterance(episode, speaker, text=f"{speaker.name} on caching and clocks.")
    make_utterance(pilot, None, speaker_label="Speaker 9", text="Caching from the back row.")


# Real keys mixed into the generated ones, so operations answer 200 as well as 404,
# for hidden things (which must be 404) too.
PATH_KEYS = {
    "/speakers/{slug}/": [{"slug": "ada"}, {"slug": "secret"}],
    "/shows/{slug}/": [{"slug": "signal"}],
    "/episodes/{show}/{slug}/": [
        {"show": "signal", "slug": "pilot"},
        {"show": "signal", "slug": "draft"},
    ],
}
QUERY_VALUES = {"q": "caching", "show": "signal", "speaker": "ada", "name": "ada"}


def _real_path_keys(context, path_parameters):
    path = context.operation.path.removeprefix("/api")
    keys = next((keys for prefix, keys in PATH_KEYS.items() if path.startswith(prefix)), [])
    generated = st.just(path_parameters)
    return st.one_of(generated, st.sampled_from(keys)) if keys else generated


def _real_query_values(context, query):
    names = {parameter.name for parameter in context.operation.query}
    real = {name: value for name, value in QUERY_VALUES.items() if name in names}
    return st.sampled_from([query, {**(query or {}), **real}])


@pytest.fixture
def api_schema(small_archive, settings):
    """The app's own schema, loaded through its WSGI app as a client would load it."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"},  # the run is hundreds of requests
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    cache.clear()
    # Django closes "old" connections around every request; inside the test's
    # transaction that closes it (on PostgreSQL), taking the test's rows along.
    # Django's own test client disconnects these the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    schema.hook("flatmap_path_parameters")(_real_path_keys)
    schema.hook("flatmap_query")(_real_query_values)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# What the API deliberately does not promise: like the site it ignores junk in some
# parameters (``?page_size=false`` is the default size, the chart's ``?by=`` as on the
# page), and it refuses with a documented 400 some values a schema cannot rule out
# (a ``q`` of only common words, a show slug that does not exist).
LENIENT = [checks.negative_data_rejection, checks.positive_data_acceptance]

# Per operation and mode: about 20 requests each, so the whole run stays near ten seconds.
EXAMPLES = hypothesis.settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same requests every run: a failure here is a failure everywhere
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_every_operation_answers_as_its_schema_says(api_schema):
    """No 500s, and every status code, header and body as documented, for every operation:
    valid requests (positive) and requests the schema rules out (negative)."""
    failures = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _call_and_validate(operation, mode)
            except (Exception, BaseExceptionGroup) as failure:  # schemathesis's report of it
                failures[f"{operation.label} ({mode.value})"] = failure
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())


def _call_and_validate(operation, mode: GenerationMode) -> None:
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @EXAMPLES
    def run(case):
        # Uncompressed, so the checks read the body (GZipMiddleware answers gzip when asked).
        case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=LENIENT)

    run()


def test_schema_is_valid_openapi(client, db):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert "/api/search/" in schema["paths"]
    assert "429" in schema["paths"]["/api/speakers/"]["get"]["responses"]


def test_documentation_page_loads_nothing_from_elsewhere(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3, html  # the stylesheet, two scripts
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by the app"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing"
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assert '"/api/schema/"' in html
