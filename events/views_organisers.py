"""What organisers (the chapter's leaders, community managers) see of an event: the registration
list with search and a CSV export, and the check-in page used at the door, on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from community.core.csv_files import csv_download, safe_cell
from community.core.errors import REFUSALS, refused_page, return_to, wants_json

from . import permissions, selectors
from .forms import CheckInForm, RegistrationSearchForm
from .models import Registration, RegistrationStatus
from .pages import EventPage
from .services import registrations
from .views import visible_event

CSV_COLUMNS = ("Name", "E-mail", "Status", "Waitlist position", "Code", "Registered", "Checked in")


def _organised_event(request: HttpRequest, event_id: int) -> EventPage:
    event = visible_event(event_id)
    permissions.ensure_can_organise(request.user, event)
    return event


def _status_counts(event: EventPage) -> dict[str, int]:
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    rows = Registration.objects.filter(event=event).values_list("status", flat=True)
    for status in rows:
        counts[status] += 1
    return counts


@login_required
def registration_list(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    form = RegistrationSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = list(selectors.registrations_for_organisers(event, query=query))
    return render(
        request,
        "events/organisers/registrations.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "registrations": rows,
            "counts": _status_counts(event),
            "check_in_form": CheckInForm(),
        },
    )


@login_required
def registration_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    booked = selectors.registrations_for_organisers(event).select_related("member")
    return csv_download(
        # The core's download names its file as given: a slug in another script would garble
        # the header, so such an event's list is named by its id.
        f"{event.slug if event.slug.isascii() else f'event-{event.pk}'}-registrations.csv",
        CSV_COLUMNS,
        (
            [
                safe_cell(str(registration.member)),
                safe_cell(registration.member.email),
                registration.get_status_display(),
                registration.waitlist_position or "",
                registration.code,
                _local(registration.created_at),
                _local(registration.checked_in_at),
            ]
            for registration in booked
        ),
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@login_required
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    """The door: type the member's code, or scan their QR code (which opens this page with the
    code filled in), then one tap checks them in."""
    event = _organised_event(request, event_id)
    here = reverse("events:check_in", args=[event.pk])
    checked_in = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            return_to(request, here)
            try:
                checked_in = registrations.check_in(
                    event=event, code=form.cleaned_data["code"], by=request.user
                )
            except REFUSALS as error:
                if wants_json(request) or isinstance(error, PermissionDenied):
                    raise
                form.add_error("code", str(error))
                return refused_page(_check_in_page(request, event, form), error)
            if wants_json(request):
                return JsonResponse({"member": str(checked_in.member), "status": checked_in.status})
            messages.success(request, f"{checked_in.member} is checked in.")
            return redirect(here)
        return _check_in_page(request, event, form, status=422)
    form = CheckInForm(initial={"code": request.GET.get("code", "")[:16]})
    return _check_in_page(request, event, form)


def _check_in_page(
    request: HttpRequest, event: EventPage, form: CheckInForm, *, status: int = 200
) -> HttpResponse:
    counts = _status_counts(event)
    return render(
        request,
        "events/organisers/check_in.html",
        {
            "event": event,
            "form": form,
            "checked_in_count": counts[RegistrationStatus.ATTENDED],
            "expected_count": counts[RegistrationStatus.ATTENDED]
            + counts[RegistrationStatus.REGISTERED],
            # An organiser at the door wants the code field at the top, not a survey.
            "hide_survey_prompt": True,
        },
        status=status,
    )
