"""Naming chapter leaders from the Wagtail admin, and finding members to name (community
managers only)."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from django.views.generic import FormView
from wagtail.admin import messages

from community.core.admin_views import TitledAdminView

from . import permissions
from .admin_members import search_members
from .forms import MakeLeaderForm
from .permissions import MANAGE_CHAPTERS_PERMISSION
from .services import chapters


@method_decorator(
    permission_required(MANAGE_CHAPTERS_PERMISSION, raise_exception=True), name="dispatch"
)
class MakeLeaderView(TitledAdminView, FormView):
    form_class = MakeLeaderForm
    template_name = "events/admin/make_leader.html"
    page_title = "Make a chapter leader"
    header_icon = "group"

    def get_initial(self) -> dict:
        return {"chapter": self.request.GET.get("chapter")}

    def form_valid(self, form: MakeLeaderForm) -> HttpResponse:
        chapter = form.cleaned_data["chapter"]
        try:
            added = chapters.make_leaders(
                chapter=chapter, member_emails=form.cleaned_data["members"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error("members", error)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        names = ", ".join(str(member) for member in added) or "No one new"
        messages.success(
            self.request,
            f"{names}: leader of {chapter.title}. They can add, edit and publish its events.",
        )
        return redirect(reverse("wagtailadmin_explore", args=[chapter.pk]))

    def form_invalid(self, form: MakeLeaderForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


@require_GET
def member_search(request: HttpRequest) -> JsonResponse:
    """Members matching `q`, for the chapter form's leaders field (community managers only)."""
    permissions.ensure_can_manage_chapters(request.user)
    return JsonResponse({"results": search_members(request.GET.get("q", ""))})
