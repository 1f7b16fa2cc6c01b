"""What settings alone cannot say about response headers and staff logins.

The policies themselves are in config/settings.py (``CONTENT_SECURITY_POLICY`` and its
exceptions, ``PERMISSIONS_POLICY_DENIED``, the ``AXES_*`` settings); this
module only applies them. None of it costs a query, but a login attempt: django-axes reads
and writes its attempt rows then.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from rest_framework.throttling import BaseThrottle


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy's two exceptions applied where they belong.

    - A view decorated ``xframe_options_exempt`` (the quote embed) gets ``frame-ancestors``
      from ``EMBED_FRAME_ANCESTORS`` in place of ``'none'``: one mark makes a view framable,
      and X-Frame-Options and the CSP cannot disagree about it.
    - A URL name in ``CONTENT_SECURITY_POLICY_ADDITIONS`` gets those sources added, as
      django-csp's ``csp_update`` decorator would; every loosening is listed in settings.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(response, "xframe_options_exempt", False):
            framable = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
            parts.replace = {**(parts.replace or {}), **framable}
        match = getattr(request, "resolver_match", None)
        additions = settings.CONTENT_SECURITY_POLICY_ADDITIONS.get(match.view_name if match else "")
        if additions:
            update = dict(parts.update or {})
            for directive, sources in additions.items():
                update[directive] = [*_sources(update.get(directive)), *sources]
            parts.update = update
        return parts


def _sources(value) -> list[str]:
    """A directive's sources as django-csp accepts them (None, one string, or several)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy: camera=(), ...``: every feature in PERMISSIONS_POLICY_DENIED off.

    A dozen lines of ours rather than a dependency: the policy never varies by view.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that arrive over HTTP.

    Axes refuses an ``authenticate()`` without a request; but one without a request is not
    a login from outside (``manage.py``, the shell, a test calling ``authenticate`` or
    ``Client.login``), so there is nobody to count or lock out and the next backend decides.
    Every login form (the admin's, DRF's) passes its request, and is counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The caller's address for lockouts: the one API throttling counts (API_NUM_PROXIES).

    REMOTE_ADDR without a proxy, so a forged X-Forwarded-For cannot dodge a lockout; behind
    N proxies, the address the last of them saw.
    """
    return BaseThrottle().get_ident(request)
