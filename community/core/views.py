from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import ADVISORY_CHECKS, run_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every engine is usable, 503 naming the ones that are not."""
    results = run_checks()
    failing = [name for name, result in results.items() if not result.ok]
    # A stalled task queue says "degraded" but keeps 200: the load balancer must not drop web
    # nodes because the worker is down; monitoring alerts on `failing` instead.
    unavailable = [name for name in failing if name not in ADVISORY_CHECKS]
    body = {
        "status": "unavailable" if unavailable else "degraded" if failing else "ok",
        "failing": failing,
        "checks": {name: result.as_dict() for name, result in results.items()},
    }
    return JsonResponse(body, status=503 if unavailable else 200)
