"""The Wagtail admin's page forms as a browser posts them, for the stories tests."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.stories.blocks import RICH_TEXT_FEATURES


def refused(response) -> bool:
    """Wagtail turns a signed-in editor away with a 403 or, with a message, to the dashboard."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def add_story_url(parent, model: str = "storypage") -> str:
    return f"/admin/pages/add/stories/{model}/{parent.pk}/"


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def story_form(
    *,
    title: str = "Kestrel Logistics ships every order on time",
    slug: str = "kestrel-logistics-on-time",
    customer: str = "Kestrel Logistics",
    summary: str = "Route planning moved into one journey; late deliveries dropped by a third.",
    challenge: str = "<p>Drivers got their routes by phone, every morning.</p>",
    tags: str = "logistics, onboarding",
    advocates=(),
    action: str | None = None,
    **fields,
) -> dict[str, str]:
    """The add or edit form of a story, filled in; `action` is "submit", "publish" or None
    (save a draft)."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "customer_name": customer,
            "summary": summary,
            "tags": tags,
            "body": streamfield(
                [
                    ("challenge", rich_text(challenge, features=RICH_TEXT_FEATURES)),
                    ("metrics", streamfield([("item", {"value": "-33%", "label": "late orders"})])),
                ]
            ),
            "advocates": inline_formset([{"member": str(member.pk)} for member in advocates]),
            **fields,
        }
    )
    if action:
        data[f"action-{action}"] = action
    return data
