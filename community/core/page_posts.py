"""Page forms posted to the Wagtail admin without the block data the editor always sends.

Wagtail reads a StreamField straight from the POST (``body-count``, ``body-0-type``, …) and a
missing or non-numeric key escapes its form code as a KeyError or ValueError: a server error
for what is a malformed request. The admin's page add and edit hooks check those keys first
and answer 400 instead.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from wagtail.blocks.base import BlockField
from wagtail.models import Page

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
