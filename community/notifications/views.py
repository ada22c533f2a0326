"""The notification center, the reconnect catch-up, preferences and announcements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from community.core.errors import wants_json
from community.core.numbers import parse_positive_int

from . import selectors, services
from .forms import PreferencesForm
from .models import Announcement, Notification
from .targets import unavailable_ids


def notification_list(request: HttpRequest) -> HttpResponse:
    if "since" in request.GET:
        return catch_up(request)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    before = request.GET.get("before")
    page = selectors.inbox_page(
        request.user,
        before=parse_positive_int(before) if before else None,
        unread_only=request.GET.get("show") == "unread",
    )
    unread_count = services.unread_count(request.user)
    return render(
        request,
        "notifications/notification_list.html",
        # The bell shows the same count: counted once.
        {"page": page, "unread_count": unread_count, "unread_notification_count": unread_count},
    )


def catch_up(request: HttpRequest) -> JsonResponse:
    """`?since=<id>`: what a reconnecting client missed, as JSON, oldest first."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to see your notifications."}, status=401)
    since = parse_positive_int(request.GET.get("since"))
    if since is None:
        return JsonResponse(
            {"error": "since must be the id of the last notification you have (0 for all)."},
            status=400,
        )
    rows, unavailable, more = selectors.since(request.user, since)
    return JsonResponse(
        {
            "notifications": [services.as_json(n, available=n.pk not in unavailable) for n in rows],
            "unread_count": services.unread_count(request.user),
            "more": more,
        }
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read from now on, and the member lands on its target."""
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    services.mark_read(member=request.user, notification_ids=[pk])
    unavailable = unavailable_ids(request.user, [notification])
    if notification.pk in unavailable or not notification.url:
        if notification.pk in unavailable:
            messages.info(request, services.UNAVAILABLE_TEXT)
        return redirect("notifications:list")
    if not url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    count = services.mark_read(member=request.user, notification_ids=[pk])
    if wants_json(request):
        return JsonResponse({"unread_count": count})
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(member=request.user)
    if wants_json(request):
        return JsonResponse({"unread_count": 0})
    messages.success(request, "All notifications are marked as read.")
    return _back_to_list(request)


def _back_to_list(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_preferences(member=request.user, choices=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your notification settings are saved.")
                return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=422)
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        announcement = selectors.announcement_for(request.user, pk)
    except Announcement.DoesNotExist:
        raise Http404("No such announcement.") from None
    return render(request, "notifications/announcement_detail.html", {"announcement": announcement})
