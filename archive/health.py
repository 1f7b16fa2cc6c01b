"""The liveness probe, and the benchmark's floor: what a request costs with no work in it."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """Plain "ok": no database, no template, no session, so it measures only the stack.

    Never cached (``Cache-Control: no-store`` among others): a proxy answering for a
    dead worker would make the probe lie.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
