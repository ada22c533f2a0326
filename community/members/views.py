from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from . import data_export, profile_sections, selectors, services
from .forms import ProfileForm
from .models import User


def profile(request: HttpRequest, handle: str) -> HttpResponse:
    try:
        member = selectors.member_by_handle(handle)
    except User.DoesNotExist:
        raise Http404("No member has that handle.") from None
    context = {
        "member": member,
        "profile": member.profile,
        "sections": profile_sections.sections_for(member, request.user),
    }
    return render(request, "members/profile.html", context)


@login_required
def export_data(request: HttpRequest) -> JsonResponse:
    """Download everything the community holds from the member (allowed even when banned)."""
    response = JsonResponse(
        data_export.export_member(request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{request.user.username}-data.json"'
    return response


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    if request.method != "POST":
        form = ProfileForm.for_profile(profile)
        return render(request, "members/profile_edit.html", {"form": form})
    form = ProfileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Please correct the highlighted fields; nothing was saved yet.")
        return render(request, "members/profile_edit.html", {"form": form}, status=422)
    services.update_profile(
        user=request.user,
        display_name=form.cleaned_data["display_name"],
        segment=form.segment(),
        bio=form.cleaned_data["bio"],
        avatar=form.cleaned_data.get("avatar"),
        clear_avatar=form.cleaned_data["clear_avatar"],
        time_zone=form.cleaned_data["time_zone"],
    )
    messages.success(request, "Your profile is saved.")
    return redirect(request.user.get_absolute_url())
