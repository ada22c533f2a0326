from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import drafts, errors
from .errors import wants_json
from .health import ADVISORY_CHECKS, run_checks
from .models import Draft
from .ratelimit import check_rate


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


# --- Drafts and previews ------------------------------------------------------------------
# Refusals (a key no form declared, a draft too large, a suspended member, too many saves) are
# answered by errors.DomainErrorMiddleware: JSON for the forms' scripts, and for a form without
# script, the reason as a message on the page it came from.


def _back(request: HttpRequest) -> str:
    """Where a form without script returns to: its own page, never another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _draft_json(draft: Draft | None) -> dict:
    if draft is None:
        return {"saved": False, "updated_at": None}
    return {"saved": True, "updated_at": draft.updated_at.isoformat()}


def _draft_answer(request: HttpRequest, draft: Draft | None, message: str) -> HttpResponse:
    """The draft's state for the form's script; a form without script goes back to its page,
    which shows the message."""
    if wants_json(request):
        return JsonResponse(_draft_json(draft))
    messages.success(request, message)
    return redirect(_back(request))


@login_required
@require_POST
def save_draft(request: HttpRequest) -> HttpResponse:
    """Keep what the member is writing (the form's autosave, or its "Save draft" button)."""
    errors.return_to(request, _back(request))
    check_rate(scope="draft", member=request.user)
    draft = drafts.save_draft(
        member=request.user, key=request.POST.get("key", ""), fields=request.POST
    )
    return _draft_answer(request, draft, "Draft saved. It waits here until you post it.")


@login_required
@require_POST
def discard_draft(request: HttpRequest) -> HttpResponse:
    errors.return_to(request, _back(request))
    key = request.POST.get("key", "")
    drafts.parse_key(key)
    drafts.discard_draft(member=request.user, key=key)
    return _draft_answer(request, None, "Draft discarded.")


@login_required
@require_POST
def preview(request: HttpRequest) -> JsonResponse:
    """The HTML a form's text will publish as, for the form's Preview tab."""
    check_rate(scope="preview", member=request.user)
    html = drafts.render_preview(key=request.POST.get("key", ""), text=request.POST.get("text", ""))
    return JsonResponse({"html": html})
