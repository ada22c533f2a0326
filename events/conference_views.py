"""Conference views: adding and removing sessions in one's agenda, the agenda page and its
calendar file. Plain forms that work without script; refusals (no seat at the conference, a
full session) come from the agenda service and are answered by the core's error middleware."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from community.core.errors import return_to, wants_json

from . import conference_calendar, conference_selectors, permissions
from .conference import ConferencePage, ConferenceSession
from .services import agenda
from .views import ics_response


def visible_conference(conference_id: int) -> ConferencePage:
    conference = (
        permissions.visible_events()
        .type(ConferencePage)
        .specific()
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise Http404("No such conference.")
    return conference


def _session(
    request: HttpRequest, conference_id: int, session_id: int
) -> tuple[ConferencePage, ConferenceSession]:
    """The conference and the session a form adds or takes out, refusals leading back to the
    page the form was on."""
    conference = visible_conference(conference_id)
    session = ConferenceSession.objects.filter(conference=conference, pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    return_to(request, _back(request, conference.url))
    return conference, session


def _back(request: HttpRequest, default: str) -> str:
    """Where the form came from (the schedule or the agenda), if it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _answer(request, conference, session, *, message: str) -> HttpResponse:
    session.refresh_from_db(fields=["seats_taken"])
    if wants_json(request):
        chosen = conference_selectors.agenda_session_ids(request.user, conference)
        return JsonResponse({"in_agenda": session.pk in chosen, "seats_left": session.seats_left})
    messages.success(request, message)
    return redirect(_back(request, f"{conference.url}#session-{session.pk}"))


@login_required
@require_POST
def add_session(request: HttpRequest, conference_id: int, session_id: int) -> HttpResponse:
    conference, session = _session(request, conference_id, session_id)
    agenda.add_session(session=session, member=request.user)
    return _answer(request, conference, session, message=f"“{session.title}” is in your agenda.")


@login_required
@require_POST
def remove_session(request: HttpRequest, conference_id: int, session_id: int) -> HttpResponse:
    conference, session = _session(request, conference_id, session_id)
    agenda.remove_session(session=session, member=request.user)
    return _answer(
        request, conference, session, message=f"“{session.title}” is out of your agenda."
    )


@login_required
@require_GET
def my_agenda(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = visible_conference(conference_id)
    context = conference_selectors.agenda_context(conference, member=request.user)
    return render(request, "events/agenda.html", {"page": conference, **context})


@login_required
@require_GET
def agenda_ics(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = visible_conference(conference_id)
    sessions = conference_selectors.agenda_sessions(request.user, conference)
    response = ics_response(
        conference_calendar.agenda_ics(conference, sessions),
        f"{conference.slug}-agenda",
        download=True,
    )
    response["Cache-Control"] = "private, no-store"
    return response
