"""Whatever a member types, in any field or query parameter, no page answers 500 and nothing they
typed runs as script: the pages that show it afterwards open, with the text escaped.

Each string of the corpus goes through the forum forms (topic title, details and tags, reply),
the profile form, the report form, and every query parameter of the listings, the topic page,
search, suggestions, notifications and stories.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from community.members.models import Industry
from tests import hostile_input
from tests.core.fuzz_corpus import ALERT_MARKERS, IDS, SAMPLE, SAMPLE_IDS, STRINGS
from tests.factories.forums import TopicFactory
from tests.markup import elements, inline_script_text, urls

pytestmark = pytest.mark.django_db

client, member = hostile_input.client, hostile_input.member


@pytest.fixture
def topic(category):
    return TopicFactory(
        category=category,
        title="How do I score leads from webinar attendance?",
        body="We want attendance to feed the lead score.",
        tags=["webinars"],
    )


def assert_nothing_runs(response, where: str) -> None:
    """No script vector from the corpus survived as markup: only as escaped text."""
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    script = inline_script_text(html)
    assert not any(marker in script for marker in ALERT_MARKERS), where
    for tag, attrs in elements(html):
        for name, value in attrs.items():
            if name.startswith("on"):
                assert not any(marker in value for marker in ALERT_MARKERS), (where, tag, name)
    for url in urls(html):
        assert not url.startswith(("javascript:", "data:text/html", "vbscript:")), (where, url)


def assert_answers(response, where: str, *, allowed=range(200, 500)) -> None:
    assert response.status_code in allowed, f"{where} answered {response.status_code}"
    assert_nothing_runs(response, where)


@pytest.mark.parametrize("text", STRINGS, ids=IDS)
def test_hostile_text_in_suggestions_and_lookups_never_breaks_them(client, member, topic, text):
    requests = [
        (reverse("forums:suggest_tags"), {"q": text}),
        (reverse("forums:suggest_members"), {"q": text}),
        (reverse("search:suggest"), {"q": text}),
        (reverse("search:similar"), {"q": text, "page": text, "tag": text}),
        ("/notifications/", {"since": text}),
        (reverse("forums:replies_after", kwargs={"pk": topic.pk}), {"after": text}),
    ]
    for path, params in requests:
        assert_answers(client.get(path, params), f"{path} {sorted(params)}")


@pytest.mark.parametrize("text", SAMPLE, ids=SAMPLE_IDS)
def test_hostile_query_strings_never_break_a_page(client, member, category, topic, text):
    every = lambda *names: dict.fromkeys(names, text)  # noqa: E731
    requests = [
        ("/forums/", every("sort", "tag", "state", "segment", "after", "before", "page")),
        (topic.get_absolute_url(), {"page": text}),
        ("/search/", every("q", "page", "sort", "tag", "type", "industry", "region", "date")),
        ("/stories/", every("industry", "region", "audience", "product", "tag", "kind", "page")),
        ("/notifications/", every("before", "show")),
    ]
    segment = quote(text.replace("/", ""), safe="")
    if segment:
        requests += [
            (f"/forums/tags/{segment}/", {}),
            (f"/forums/{segment}/t/{topic.pk}/", {}),
            (f"/members/{segment}/", {}),
            (f"/stories/tags/{segment}/feed/", {}),
        ]
    for path, params in requests:
        assert_answers(client.get(path, params), f"{path} {sorted(params)}")


@pytest.mark.parametrize("text", STRINGS, ids=IDS)
def test_hostile_text_in_a_topic_and_a_reply_is_shown_escaped(client, member, category, text):
    new_topic = reverse("forums:new_topic_in", kwargs={"category": category.slug})
    form = {"kind": "question", "title": f"Question about {text}", "body": f"Details: {text}"}

    response = client.post(new_topic, {**form, "tags": text})
    assert_answers(response, "new topic", allowed=(302, 422))
    if response.status_code == 422:
        # Refused with a reason, and every field comes back as the member typed it.
        assert response.context["form"].errors
        assert response.context["form"]["body"].value() == form["body"]
        assert response.context["form"]["tags"].value() == text
        response = client.post(new_topic, form)
        assert_answers(response, "new topic without tags", allowed=(302, 422))
    if response.status_code == 422:
        return  # a title or details no form accepts (too long, a NUL byte): said so, kept
    topic_url = response["Location"]
    reply = client.post(
        reverse("forums:post_reply", kwargs={"pk": topic_url_pk(topic_url)}), {"body": text}
    )
    assert_answers(reply, "reply", allowed=(302, 422))

    pages = [topic_url, "/forums/"]
    topic_page = client.get(topic_url)
    pages += [url for url in urls(topic_page.content.decode()) if "/forums/tags/" in url]
    for url in pages:
        assert_answers(client.get(url), url, allowed=(200,))


def topic_url_pk(url: str) -> int:
    return int(url.split("/t/")[1].split("-")[0].strip("/"))


@pytest.mark.parametrize("text", STRINGS, ids=IDS)
def test_hostile_text_in_a_profile_or_a_report_is_shown_escaped(client, member, topic, text):
    industry = Industry.objects.first()
    profile = {
        "display_name": text,
        "bio": text,
        "company": text,
        "job_title": text,
        "industry": industry.pk,
        "country": "BR",
        "audience": "b2b",
    }

    response = client.post("/members/me/edit/", profile)

    assert_answers(response, "profile edit", allowed=(302, 422, 400, 200))
    if response.status_code != 302:
        # Refused with a reason, and what the member wrote comes back in the form.
        assert response.context["form"]["bio"].value() == text
    member.refresh_from_db()
    assert_answers(client.get(member.get_absolute_url()), "profile", allowed=(200,))
    report = client.post(f"/report/topic/{topic.pk}/", {"reason": "spam", "text": text})
    assert_answers(report, "report")
    odd_reason = client.post(f"/report/topic/{topic.pk}/", {"reason": text})
    assert_answers(odd_reason, "report with an unknown reason")
