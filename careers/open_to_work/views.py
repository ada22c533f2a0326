"""Open to work: the member's own card, and the list only employers see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import permissions
from . import selectors, services
from .forms import OpenToWorkForm


@login_required
@require_http_methods(["GET", "POST"])
def my_card(request: HttpRequest) -> HttpResponse:
    card = selectors.card_of(request.user)
    if request.method == "POST":
        form = OpenToWorkForm(request.POST)
        if form.is_valid():
            services.set_open_to_work(member=request.user, **form.cleaned_data)
            messages.success(
                request,
                "Employers now see that you are open to work."
                if form.cleaned_data["visible"]
                else "Saved; your card is hidden from employers.",
            )
            return redirect("careers:open_to_work")
        status = 422
    else:
        initial = {"visible": True, "remote_ok": True}
        if card is not None:
            initial = {
                "roles": card.roles,
                "places": card.places,
                "countries": list(card.countries.all()),
                "remote_ok": card.remote_ok,
                "visible": card.visible,
            }
        form, status = OpenToWorkForm(initial=initial), 200
    return render(
        request,
        "careers/open_to_work/my_card.html",
        {
            "form": form,
            "card": card,
            "may_browse": permissions.can_browse_open_to_work(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def stop(request: HttpRequest) -> HttpResponse:
    services.stop_open_to_work(member=request.user)
    messages.success(request, "Your open-to-work card is deleted.")
    return redirect("careers:open_to_work")


@login_required
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    return render(
        request, "careers/open_to_work/browse.html", selectors.browse(request.user, request.GET)
    )
