"""Page forms posted to the Wagtail admin without the block data the editor always sends.

Wagtail reads a StreamField straight from the POST (``body-count``, ``body-0-type``, …) and a
missing or non-numeric key escapes its form code as a KeyError or ValueError: a server error
for what is a malformed request. The admin's page add and edit hooks, and a middleware for the
preview views, check those keys first and answer 400 instead.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from wagtail.blocks.base import BlockField
from wagtail.models import Page

from .middleware import HookMiddleware

INCOMPLETE = (
    "This page form arrived incomplete: some of its content blocks are missing. "
    "Reload the editor and save again."
)

# What a StreamBlock, ListBlock or StructBlock raises reading a POST that lacks its keys or
# carries text where it expects a count or a known block type.
MALFORMED = (KeyError, ValueError, TypeError, IndexError, AttributeError)


def malformed_block_fields(page_class: type[Page], request: HttpRequest) -> list[str]:
    """Names of the page's block fields (StreamFields) whose posted data cannot be read."""
    form_class = page_class.get_edit_handler().get_form_class()
    malformed = []
    for name, field in form_class.base_fields.items():
        if not isinstance(field, BlockField):
            continue
        try:
            field.widget.value_from_datadict(request.POST, request.FILES, name)
        except MALFORMED:
            malformed.append(name)
    return malformed


def refuse_malformed_page_post(request: HttpRequest, page_class: type[Page]) -> HttpResponse | None:
    """A 400 for a page POST whose block data is incomplete; None lets Wagtail carry on."""
    if request.method != "POST" or not malformed_block_fields(page_class, request):
        return None
    if not request.accepts("text/html"):
        # Wagtail's autosave and JSON clients read this shape.
        return JsonResponse(
            {"success": False, "error_code": "incomplete_form", "error_message": INCOMPLETE},
            status=400,
        )
    return HttpResponseBadRequest(INCOMPLETE, content_type="text/plain; charset=utf-8")


class IncompletePagePreviewMiddleware(HookMiddleware):
    """The same 400 for the editor's preview POSTs, which Wagtail offers no hook for."""

    PREVIEW_VIEWS = {"wagtailadmin_pages:preview_on_edit", "wagtailadmin_pages:preview_on_add"}

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return None  # signed-out visitors get Wagtail's login redirect
        if request.resolver_match is None:
            return None
        if request.resolver_match.view_name not in self.PREVIEW_VIEWS:
            return None
        page_class = _previewed_page_class(view_kwargs)
        # An unknown page or type is left to Wagtail, which answers 404 for it.
        return refuse_malformed_page_post(request, page_class) if page_class else None


def _previewed_page_class(view_kwargs: dict) -> type[Page] | None:
    if "page_id" in view_kwargs:
        page = Page.objects.filter(pk=view_kwargs["page_id"]).first()
        return page.specific_class if page else None
    try:
        content_type = ContentType.objects.get_by_natural_key(
            view_kwargs["content_type_app_name"], view_kwargs["content_type_model_name"]
        )
    except (KeyError, ContentType.DoesNotExist):
        return None
    model = content_type.model_class()
    return model if model is not None and issubclass(model, Page) else None
