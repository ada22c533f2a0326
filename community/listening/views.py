"""A member's side of a pulse survey: the survey page, the answer, and "not now"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from community.core import errors

from . import permissions, services
from .forms import AnswerForm
from .models import Response, Survey

SCORES = list(range(11))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _survey_page(
    request: HttpRequest, survey: Survey, *, form_data: dict | None = None, error: str = ""
) -> HttpResponse:
    answer = Response.objects.filter(survey=survey, member=request.user).first()
    now = timezone.now()
    if now >= survey.closes_at:
        unavailable = "This survey has closed. Thank you all the same."
    elif survey.status != Survey.Status.LAUNCHED or now < survey.opens_at:
        unavailable = "This survey is not open yet."
    else:
        unavailable = "This survey was sent to another group of members."
    return render(
        request,
        "listening/survey.html",
        {
            "survey": survey,
            "answer": answer,
            "may_answer": answer is None and permissions.can_answer(request.user, survey),
            "unavailable": unavailable,
            "scores": SCORES,
            "chosen": (form_data or {}).get("score", ""),
            "reason": (form_data or {}).get("reason", ""),
            "error": error,
            "hide_survey_prompt": True,
        },
    )


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey on a page of its own: where the notification leads."""
    survey = get_object_or_404(permissions.surveys_for(request.user), pk=pk)
    return _survey_page(request, survey)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(permissions.surveys_for(request.user), pk=pk)
    form = AnswerForm(request.POST)
    data = {"score": request.POST.get("score", ""), "reason": request.POST.get("reason", "")}
    try:
        if not form.is_valid():
            raise services.AnswerRefused(" ".join(e for errs in form.errors.values() for e in errs))
        services.answer_survey(
            survey=survey,
            member=request.user,
            score=form.cleaned_data["score"],
            reason=form.cleaned_data["reason"],
        )
    except errors.REFUSALS as error:
        if errors.wants_json(request):
            raise
        response = _survey_page(request, survey, form_data=data, error=errors.reason_for(error))
        return errors.refused_page(response, error)
    messages.success(request, "Thank you: your answer reached the community team.")
    return redirect(_safe_next(request, survey.get_absolute_url()))


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(permissions.surveys_for(request.user), pk=pk)
    services.dismiss_survey(survey=survey, member=request.user)
    return redirect(_safe_next(request, "/"))
