"""Production settings pass ``manage.py check --deploy`` with not one warning, and send the
headers the deploy check cannot see (CSP, Permissions-Policy) as well as the ones it can.

Each test starts a fresh process with production-like environment variables, as a
deployment would, since settings are read once at import.
"""

from __future__ import annotations

import json

from tests.test_settings import PRODUCTION, manage

HEADERS = """
import json
from django.test import Client
response = Client().get("/robots.txt", secure=True)
print(json.dumps({"status": response.status_code, **response.headers}))
"""


def test_the_deploy_check_finds_nothing_at_all():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_the_deploy_check_silences_nothing():
    code = "from django.conf import settings; print(settings.SILENCED_SYSTEM_CHECKS)"
    result = manage("shell", "-c", code, **PRODUCTION)

    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_production_responses_carry_every_security_header():
    env = {**PRODUCTION, "ALLOWED_HOSTS": "testserver"}
    result = manage("shell", "-c", HEADERS, **env)

    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    # http:// artwork and audio from feeds are fetched over https:// rather than refused.
    assert "upgrade-insecure-requests" in policy


def test_development_does_not_upgrade_requests_to_https():
    code = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    result = manage("shell", "-c", code, DEBUG="true")

    assert "'upgrade-insecure-requests': False" in result.stdout
