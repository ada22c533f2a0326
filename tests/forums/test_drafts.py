"""Drafts and previews of topics and replies: what a member writes is never lost, never shown to
anyone else, and previews exactly as it will be published."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.core import drafts
from community.core.models import Draft
from forums.drafts import new_topic_key, reply_key
from forums.models import Reply, Topic
from tests.core.fuzz_corpus import IDS, STRINGS
from tests.factories import CustomerFactory
from tests.factories.core import DraftFactory
from tests.factories.forums import ReplyFactory
from tests.factories.members import member_fixture
from tests.forums.addresses import new_topic_url, reply_url

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '"><iframe src=//evil.example>',
    "<style>body{display:none}</style>",
]
ANY_SCRIPT = [
    "Café crème",
    "データ連携",
    "маркетинг",
    "مرحبا",
    "שלום",
    "👩🏽‍💻🏳️‍🌈",
    "a\u200db\u202ec",
    "²⁰⁴",
]


member = member_fixture(CustomerFactory)


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def field_values(soup: BeautifulSoup) -> dict:
    values = {}
    for element in soup.select("form.topic-form input, form.topic-form textarea"):
        name = element.get("name")
        if not name or element.get("type") == "hidden":
            continue
        if element.get("type") == "radio":
            if element.has_attr("checked"):
                values[name] = element["value"]
        else:
            values[name] = (
                textarea_value(element) if element.name == "textarea" else element.get("value", "")
            )
    for select in soup.select("form.topic-form select"):
        chosen = select.select_one("option[selected]")
        values[select["name"]] = chosen["value"] if chosen else ""
    return values


def textarea_value(element) -> str:
    # Browsers drop the newline Django writes right after <textarea>.
    return element.text.removeprefix("\n")


def assert_harmless(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "style", "svg"])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element, name)
            assert "javascript:" not in str(value).lower(), (element, name)


# --- New topic ---------------------------------------------------------------------------


def test_saved_topic_draft_is_restored_on_the_form(client, member, category):
    DraftFactory(
        member=member,
        key=new_topic_key(category.pk),
        payload={
            "kind": "discussion",
            "title": "Half-written title",
            "body": "Half a thought",
            "tags": "api",
        },
    )
    client.force_login(member)

    soup = page(client.get(new_topic_url(category)))

    assert field_values(soup) == {
        "kind": "discussion",
        "title": "Half-written title",
        "body": "Half a thought",
        "tags": "api",
    }
    status = soup.select_one("[data-draft-status]")
    assert not status.has_attr("hidden")
    assert "Draft saved just now" in status.get_text(" ", strip=True)
    assert status.select_one("button[data-draft-discard]").get_text(strip=True) == "Discard draft"


def test_new_topic_form_without_a_draft_says_nothing_about_drafts(client, member, category):
    client.force_login(member)

    soup = page(client.get(new_topic_url(category)))

    assert soup.select_one("[data-draft-status]").has_attr("hidden")


def test_posting_the_topic_clears_its_draft(client, member, category):
    key = new_topic_key(category.pk)
    DraftFactory(member=member, key=key)
    client.force_login(member)

    response = client.post(
        new_topic_url(category),
        {"kind": "question", "title": "How do we score webinar leads?", "body": "Details here."},
    )

    assert response.status_code == 302
    assert Topic.objects.filter(title="How do we score webinar leads?").exists()
    assert drafts.load_draft(member=member, key=key) is None


def test_a_rejected_post_keeps_the_draft(client, member, category):
    key = new_topic_key(category.pk)
    DraftFactory(member=member, key=key)
    client.force_login(member)

    response = client.post(new_topic_url(category), {"kind": "question", "title": "x", "body": ""})

    assert response.status_code == 422
    assert drafts.load_draft(member=member, key=key) is not None


def test_another_member_never_sees_my_draft(client, member, category):
    DraftFactory(
        member=member,
        key=new_topic_key(category.pk),
        payload={"title": "My secret plan", "body": "Only for me"},
    )
    client.force_login(CustomerFactory())

    content = client.get(new_topic_url(category)).content.decode()

    assert "My secret plan" not in content and "Only for me" not in content


def test_save_draft_button_without_script_keeps_the_text(client, member, category):
    client.force_login(member)
    typed = {
        "kind": "question",
        "title": "Café データ",
        "body": "Still **writing**",
        "tags": "маркетинг",
    }

    response = client.post(new_topic_url(category), {**typed, "save_draft": "1"}, follow=True)

    assert response.redirect_chain == [(new_topic_url(category), 302)]
    assert "Draft saved." in response.content.decode()
    assert field_values(page(response)) == typed
    assert not Topic.objects.filter(title="Café データ").exists()


def test_suspended_member_cannot_save_a_draft_and_keeps_the_text(
    client, suspended_member, category
):
    client.force_login(suspended_member)

    response = client.post(
        new_topic_url(category),
        {"kind": "question", "title": "Typed title", "body": "Typed body", "save_draft": "1"},
    )

    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert field_values(page(response))["body"] == "Typed body"
    assert not Draft.objects.exists()


def test_oversize_draft_without_script_is_refused_and_keeps_the_text(client, member, category):
    client.force_login(member)
    body = "é" * 60_000

    response = client.post(
        new_topic_url(category),
        {"kind": "question", "title": "A long one", "body": body, "save_draft": "1"},
    )

    assert response.status_code == 413
    assert "too long to keep" in unescape(response.content.decode())
    assert field_values(page(response))["body"] == body


def test_preview_without_script_keeps_every_field(client, member, category):
    client.force_login(member)
    typed = {
        "kind": "discussion",
        "title": "Preview me, データ",
        "body": "# Heading\n\n**bold**",
        "tags": "api, café",
    }

    response = client.post(new_topic_url(category), {**typed, "preview": "1"})

    assert response.status_code == 200
    soup = page(response)
    assert field_values(soup) == typed
    preview = soup.select_one("[data-preview-panel]")
    assert not preview.has_attr("hidden")
    assert preview.select_one("[data-preview-body] h2").get_text() == "Heading"
    assert not Topic.objects.exists()


def test_preview_on_the_any_category_form_keeps_the_chosen_category(client, member, category):
    client.force_login(member)
    typed = {
        "category": str(category.pk),
        "kind": "question",
        "title": "Where to ask?",
        "body": "Here",
        "tags": "",
    }

    response = client.post(reverse("forums:new_topic"), {**typed, "preview": "1"})

    assert field_values(page(response)) == typed


@pytest.mark.parametrize("text", HOSTILE)
def test_preview_without_script_never_renders_script(client, member, category, text):
    client.force_login(member)

    response = client.post(
        new_topic_url(category),
        {"kind": "question", "title": "T" * 10, "body": text, "preview": "1"},
    )

    body = page(response).select_one("[data-preview-body]")
    assert_harmless(body.decode_contents())


@pytest.mark.parametrize("text", ANY_SCRIPT + HOSTILE)
def test_topic_draft_autosave_round_trips_text_in_any_script(client, member, category, text):
    client.force_login(member)
    key = new_topic_key(category.pk)

    saved = client.post("/drafts/", {"key": key, "title": text, "body": text, "tags": text}, **JSON)

    assert saved.status_code == 200
    soup = page(client.get(new_topic_url(category)))
    values = field_values(soup)
    assert (values["title"], values["body"], values["tags"]) == (text, text, text)


def test_new_topic_page_with_a_draft_costs_one_query_more(client, member, category):
    client.force_login(member)
    url = new_topic_url(category)
    client.get(url)
    with CaptureQueriesContext(connection) as without_draft:
        client.get(url)
    DraftFactory(member=member, key=new_topic_key(category.pk))
    with CaptureQueriesContext(connection) as with_draft:
        client.get(url)

    # The draft lookup runs either way: having a draft costs nothing more.
    assert len(with_draft) == len(without_draft) <= NEW_TOPIC_BUDGET


NEW_TOPIC_BUDGET = 8


# --- Replies -----------------------------------------------------------------------------


def test_reply_draft_is_restored_on_the_topic_page(client, member, question):
    DraftFactory(member=member, key=reply_key(question.pk), payload={"body": "My half answer"})
    client.force_login(member)

    soup = page(client.get(question.get_absolute_url(), {"page": "1"}))

    assert (
        textarea_value(soup.select_one("form[data-reply-form] textarea[name=body]"))
        == "My half answer"
    )
    assert "Draft saved" in soup.select_one("form[data-reply-form] [data-draft-status]").get_text()


def test_another_member_never_sees_my_reply_draft(client, member, question):
    DraftFactory(member=member, key=reply_key(question.pk), payload={"body": "My half answer"})
    client.force_login(CustomerFactory())

    assert "My half answer" not in client.get(question.get_absolute_url()).content.decode()


def test_posting_the_reply_clears_its_draft(client, member, question):
    key = reply_key(question.pk)
    DraftFactory(member=member, key=key, payload={"body": "Draft of my answer"})
    client.force_login(member)

    response = client.post(reply_url(question), {"body": "The final answer"})

    assert response.status_code == 302
    assert Reply.objects.filter(topic=question, body_source="The final answer").exists()
    assert drafts.load_draft(member=member, key=key) is None


def test_reply_preview_without_script_keeps_the_text(client, member, question):
    client.force_login(member)

    response = client.post(reply_url(question), {"body": "Try **this**, データ", "preview": "1"})

    assert response.status_code == 200
    soup = page(response)
    assert (
        textarea_value(soup.select_one("form[data-reply-form] textarea[name=body]"))
        == "Try **this**, データ"
    )
    assert "<strong>this</strong>" in str(soup.select_one("[data-preview-body]"))
    assert not Reply.objects.filter(topic=question).exists()


def test_reply_save_draft_without_script_returns_to_the_form(client, member, question):
    client.force_login(member)

    response = client.post(reply_url(question), {"body": "Saving for later", "save_draft": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith("#reply-form")
    assert drafts.load_draft(member=member, key=reply_key(question.pk)).payload["body"] == (
        "Saving for later"
    )


def test_reply_draft_for_a_topic_the_member_cannot_see_is_refused(client, member, lounge_topic):
    client.force_login(member)

    response = client.post("/drafts/", {"key": reply_key(lounge_topic.pk), "body": "x"}, **JSON)

    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_preview_endpoint_links_mentions_as_a_post_would(client, member, asker):
    client.force_login(member)

    response = client.post(
        "/drafts/preview/",
        {"key": reply_key(1), "text": f"Thanks @{asker.username} <script>x</script>"},
        **JSON,
    )

    html = response.json()["html"]
    assert f'href="/members/{asker.username}/"' in html
    assert_harmless(html)


@pytest.mark.parametrize("text", HOSTILE)
def test_preview_endpoint_never_returns_script(client, member, category, text):
    client.force_login(member)

    response = client.post(
        "/drafts/preview/", {"key": new_topic_key(category.pk), "text": text}, **JSON
    )

    assert response.status_code == 200
    assert_harmless(response.json()["html"])


# --- Edits -------------------------------------------------------------------------------


def test_edit_topic_preview_keeps_the_changes(client, question):
    client.force_login(question.author)

    response = client.post(
        reverse("forums:edit_topic", kwargs={"pk": question.pk}),
        {"title": "A better title for this", "body": "New *body*", "tags": "api", "preview": "1"},
    )

    soup = page(response)
    values = field_values(soup)
    assert (values["title"], values["body"], values["tags"]) == (
        "A better title for this",
        "New *body*",
        "api",
    )
    assert "<em>body</em>" in str(soup.select_one("[data-preview-body]"))
    question.refresh_from_db()
    assert question.title != "A better title for this"


def test_edit_reply_preview_keeps_the_changes(client, question):
    found = ReplyFactory(topic=question)
    client.force_login(found.author)

    response = client.post(
        reverse("forums:edit_reply", kwargs={"pk": found.pk}),
        {"body": "Edited `code`", "preview": "1"},
    )

    soup = page(response)
    assert textarea_value(soup.select_one("textarea[name=body]")) == "Edited `code`"
    assert "<code>code</code>" in str(soup.select_one("[data-preview-body]"))
    found.refresh_from_db()
    assert found.body_source != "Edited `code`"


# --- Fuzz: the shared corpus of hostile strings through drafts and previews -------------------


@pytest.mark.parametrize("text", STRINGS, ids=IDS)
def test_hostile_text_in_a_draft_or_preview_never_breaks_the_form(client, member, category, text):
    client.force_login(member)
    key = new_topic_key(category.pk)
    typed = {"kind": "question", "title": text, "body": text, "tags": text}

    saved = client.post("/drafts/", {"key": key, **typed}, **JSON)
    preview = client.post("/drafts/preview/", {"key": key, "text": text}, **JSON)
    without_script = client.post(new_topic_url(category), {**typed, "preview": "1"})
    restored = client.get(new_topic_url(category))

    assert saved.status_code == 200
    assert preview.status_code == 200
    assert_harmless(preview.json()["html"])
    assert without_script.status_code == 200
    assert_harmless(page(without_script).select_one("[data-preview-body]").decode_contents())
    assert restored.status_code == 200
    if text.strip("\x00").strip():
        assert field_values(page(restored))["body"] == text.replace("\x00", "").replace(
            "\r\n", "\n"
        )
