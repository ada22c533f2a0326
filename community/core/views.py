from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every engine is usable, 503 naming the ones that are not."""
    results = run_checks()
    failing = [name for name, result in results.items() if not result.ok]
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "checks": {name: result.as_dict() for name, result in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
