from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from community.core import errors

from . import services
from .forms import ReportForm
from .registry import adapter_for_kind


@login_required
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report a post, a profile or anything else an app registered as reportable."""
    try:
        adapter = adapter_for_kind(kind)
        item = adapter.get_for_viewer(request.user, pk)
    except (LookupError, ObjectDoesNotExist):
        raise Http404("There is nothing to report here.") from None
    context = {"item": item, "title": adapter.title(item), "item_url": adapter.url(item)}
    if request.method != "POST":
        return render(request, "moderation/report_form.html", {**context, "form": ReportForm()})
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/report_form.html", {**context, "form": form}, status=422)
    try:
        services.report(
            reporter=request.user,
            item=item,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
    except services.AlreadyReported as notice:
        messages.info(request, str(notice))
        return redirect(adapter.url(item))
    except errors.REFUSALS as error:
        return errors.form_refused(
            request, error, form=form, template="moderation/report_form.html", context=context
        )
    messages.success(request, "Thanks for your report. A community manager will review it.")
    # Enough reports hide the item at once; then the reporter goes back to where it lived.
    return redirect(adapter.url(item) if adapter.is_visible(item) else adapter.fallback_url(item))
