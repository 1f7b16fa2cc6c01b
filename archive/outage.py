"""A clean 503 while the database is out of reach, instead of a 500 or a traceback page.

Django's connection health checks (``CONN_HEALTH_CHECKS``, in settings) make each worker test
a reused connection before a request's first query and reconnect, so the site comes back by
itself when the database does. This covers the requests in between: a view or template whose
query fails to reach the database answers ``503.html`` with Retry-After (JSON to a client
that prefers it, such as the API's), not cached, and the log gets one line naming the cause.

The page reads nothing from the database. Only exceptions from views and from rendering
their templates pass through here; another middleware's failing query (a session saved
after the view) is still Django's 500.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

# What the page and the Retry-After header suggest; a restart takes seconds, a failover a minute.
RETRY_AFTER_SECONDS = 30
MESSAGE = "The archive cannot reach its database just now. Please try again in a moment."


class DatabaseOutageMiddleware:
    """Turns OperationalError and InterfaceError (Django's wrappers of the driver's: refused
    or dropped connections, a server shutting down, SQLite's "database is locked") into 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = unavailable(request)
        cause = next(iter(str(exception).strip().splitlines()), "")  # psycopg adds hints below
        # Marks the response as logged, so Django does not log it a second time.
        log_response(
            "Service Unavailable (database: %s: %s): %s",
            type(exception).__name__,
            cause,
            request.path,
            response=response,
            request=request,
        )
        return response


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer itself: no queries, nothing the next visitor should get from a cache."""
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        context = {"message": MESSAGE, "retry_after": RETRY_AFTER_SECONDS}
        response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
