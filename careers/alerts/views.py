"""The member's job alerts: save the board's filters, change how often, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.core import errors

from ..application_models import SavedSearch
from ..filters import JobFilters
from . import services
from .forms import SavedSearchForm


def _page(request: HttpRequest, *, form=None, filters=None, status: int = 200) -> HttpResponse:
    searches = list(SavedSearch.objects.filter(member=request.user).order_by("name", "pk"))
    for search in searches:
        search.board_url = services.board_url(search.query)
        search.form = SavedSearchForm(
            initial={"name": search.name, "frequency": search.frequency}, prefix=f"s{search.pk}"
        )
    return render(
        request,
        "careers/alerts/alerts.html",
        {
            "searches": searches,
            "form": form,
            "filters": filters,
            "max_searches": services.MAX_SAVED_SEARCHES,
        },
        status=status,
    )


@login_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest) -> HttpResponse:
    """GET: the board's filters (its query string) with the form to save them; POST: save."""
    params = request.POST if request.method == "POST" else request.GET
    filters = JobFilters.from_querydict(params)
    if request.method == "GET":
        form = SavedSearchForm(initial={"name": filters.describe()})
        return _page(request, form=form, filters=filters)
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, filters=filters, status=422)
    try:
        # The form holds the search's name and frequency, as the service takes them.
        search = services.save_search(member=request.user, filters=filters, **form.cleaned_data)
    except errors.REFUSALS as refusal:
        if errors.wants_json(request):
            raise
        form.add_error(None, errors.reason_for(refusal))
        return errors.refused_page(_page(request, form=form, filters=filters), refusal)
    messages.success(request, f"Saved “{search.name}”: {search.get_frequency_display().lower()}.")
    return redirect("careers:alerts")


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, member=request.user)
    errors.return_to(request, reverse("careers:alerts"))
    form = SavedSearchForm(request.POST, prefix=f"s{search.pk}")
    if not form.is_valid():
        raise services.SavedSearchRejected("Choose how often to hear of new jobs from the list.")
    services.update_search(saved_search=search, member=request.user, **form.cleaned_data)
    messages.success(request, f"Updated “{search.name}”.")
    return redirect("careers:alerts")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, member=request.user)
    services.delete_search(saved_search=search, member=request.user)
    messages.success(request, f"Deleted “{search.name}”; no more alerts from it.")
    return redirect("careers:alerts")
