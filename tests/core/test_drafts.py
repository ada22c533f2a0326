"""Drafts kept on the server for any app's forms: declared keys only, one member's only, bounded."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from community.core import drafts, extensions
from community.core.drafts import DraftKind
from community.core.extensions import Contributions
from community.core.models import Draft
from community.members.data_export import export_member
from tests.factories import CustomerFactory
from tests.factories.core import DraftFactory

pytestmark = pytest.mark.django_db

NOTE = "tests:note"
COMMENT = "tests:comment"
SAVE_URL = "/drafts/"
PREVIEW_URL = "/drafts/preview/"
DISCARD_URL = "/drafts/discard/"


@pytest.fixture(autouse=True)
def note_forms():
    """Two forms a test app declares: a note, and a comment on object <id> (ids below 100 only)."""
    declared = Contributions(
        draft_kinds=[
            DraftKind(prefix=NOTE, fields=("title", "body")),
            DraftKind(
                prefix=COMMENT,
                fields=("body",),
                takes_object_id=True,
                allows=lambda member, object_id: object_id < 100,
            ),
        ]
    )
    with extensions.contributing("tests", declared):
        yield


@pytest.fixture
def member(db):
    return CustomerFactory()


# --- Services ----------------------------------------------------------------------------


def test_saved_draft_comes_back_for_its_member(member):
    drafts.save_draft(member=member, key=NOTE, fields={"title": "Hello", "body": "Half a thought"})

    draft = drafts.load_draft(member=member, key=NOTE)

    assert draft.payload == {"title": "Hello", "body": "Half a thought"}


def test_another_member_never_loads_someone_elses_draft(member):
    drafts.save_draft(member=member, key=NOTE, fields={"body": "Mine only"})

    assert drafts.load_draft(member=CustomerFactory(), key=NOTE) is None


def test_draft_keeps_only_the_fields_the_form_declares(member):
    draft = drafts.save_draft(
        member=member,
        key=NOTE,
        fields={"body": "Text", "csrfmiddlewaretoken": "x", "is_staff": "1"},
    )

    assert draft.payload == {"title": "", "body": "Text"}


@pytest.mark.parametrize(
    "text",
    [
        "Café crème ☕",
        "データ連携の質問",
        "маркетинг",
        "مرحبا بالعالم",
        "👩🏽‍💻 🏳️‍🌈",
        "a\u200bb\u202ec",
        "‮‭",
    ],
)
def test_draft_keeps_text_in_any_script(member, text):
    drafts.save_draft(member=member, key=NOTE, fields={"title": text, "body": text})

    assert Draft.objects.get(member=member, key=NOTE).payload == {"title": text, "body": text}


def test_draft_with_a_nul_character_is_kept_without_it(member):
    drafts.save_draft(member=member, key=NOTE, fields={"body": "before\x00after"})

    assert drafts.load_draft(member=member, key=NOTE).payload["body"] == "beforeafter"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "tests",
        "tests:unknown",
        f"{NOTE}:1",  # a note takes no object id
        COMMENT,  # a comment needs one
        f"{COMMENT}:",
        f"{COMMENT}:abc",
        f"{COMMENT}:²",
        f"{COMMENT}:١٢",
        f"{COMMENT}:１２",
        f"{COMMENT}:-1",
        f"{COMMENT}:1:2",
        f"{COMMENT}:{'9' * 13}",
        "x" * 101,
    ],
)
def test_keys_no_app_declared_are_refused(member, key):
    with pytest.raises(drafts.UnknownDraftKey):
        drafts.save_draft(member=member, key=key, fields={"body": "Text"})

    assert not Draft.objects.exists()


def test_draft_for_an_object_the_member_may_not_write_on_is_refused(member):
    with pytest.raises(PermissionDenied):
        drafts.save_draft(member=member, key=f"{COMMENT}:500", fields={"body": "Text"})


def test_oversize_draft_is_refused_and_the_old_one_kept(member):
    drafts.save_draft(member=member, key=NOTE, fields={"body": "The short version"})

    with pytest.raises(drafts.DraftTooLarge, match="too long"):
        drafts.save_draft(
            member=member, key=NOTE, fields={"body": "é" * (drafts.DRAFT_MAX_BYTES // 2 + 1)}
        )

    assert drafts.load_draft(member=member, key=NOTE).payload["body"] == "The short version"


def test_emptied_form_discards_its_draft(member):
    drafts.save_draft(member=member, key=NOTE, fields={"body": "Something"})

    assert drafts.save_draft(member=member, key=NOTE, fields={"title": "  ", "body": ""}) is None
    assert drafts.load_draft(member=member, key=NOTE) is None


def test_member_keeps_at_most_the_newest_drafts(member):
    old = timezone.now() - timedelta(days=3)
    for number in range(drafts.DRAFTS_PER_MEMBER):
        DraftFactory(member=member, key=f"{COMMENT}:{number}")
    Draft.objects.filter(key=f"{COMMENT}:0").update(updated_at=old)
    other = DraftFactory(key=f"{COMMENT}:0")

    drafts.save_draft(member=member, key=NOTE, fields={"body": "One more"})

    kept = set(Draft.objects.filter(member=member).values_list("key", flat=True))
    assert len(kept) == drafts.DRAFTS_PER_MEMBER
    assert NOTE in kept and f"{COMMENT}:0" not in kept
    assert Draft.objects.filter(pk=other.pk).exists()


def test_suspended_member_cannot_save_a_draft(suspended_member):
    with pytest.raises(PermissionDenied, match="suspended"):
        drafts.save_draft(member=suspended_member, key=NOTE, fields={"body": "Text"})


def test_banned_member_cannot_save_a_draft(banned_member):
    with pytest.raises(PermissionDenied, match="banned"):
        drafts.save_draft(member=banned_member, key=NOTE, fields={"body": "Text"})


# --- Endpoints ---------------------------------------------------------------------------

JSON = {"HTTP_ACCEPT": "application/json"}


def test_autosave_answers_when_it_saved(client, member):
    client.force_login(member)

    response = client.post(SAVE_URL, {"key": NOTE, "title": "T", "body": "B"}, **JSON)

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert drafts.load_draft(member=member, key=NOTE).payload == {"title": "T", "body": "B"}


@pytest.mark.parametrize("key", ["forums:anything", "tests:unknown", f"{COMMENT}:²", ""])
def test_autosave_with_a_key_no_app_declared_answers_400_with_a_message(client, member, key):
    client.force_login(member)

    response = client.post(SAVE_URL, {"key": key, "body": "B"}, **JSON)

    assert response.status_code == 400
    assert response.json()["error"] == "This form doesn't keep drafts."


def test_oversize_autosave_answers_413_with_a_message(client, member):
    client.force_login(member)

    response = client.post(SAVE_URL, {"key": NOTE, "body": "x" * 110_000}, **JSON)

    assert response.status_code == 413
    assert "too long" in response.json()["error"]
    assert not Draft.objects.exists()


def test_suspended_member_autosave_is_refused_with_the_reason(client, suspended_member):
    client.force_login(suspended_member)

    response = client.post(SAVE_URL, {"key": NOTE, "body": "B"}, **JSON)

    assert response.status_code == 403
    assert "suspended" in response.json()["error"]
    assert not Draft.objects.exists()


def test_signed_out_visitors_keep_no_drafts(client):
    response = client.post(SAVE_URL, {"key": NOTE, "body": "B"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Draft.objects.exists()


def test_drafts_are_only_written_by_post(client, member):
    client.force_login(member)

    assert client.get(SAVE_URL, {"key": NOTE, "body": "B"}).status_code == 405


def test_autosave_is_csrf_protected(member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)

    assert strict.post(SAVE_URL, {"key": NOTE, "body": "B"}, **JSON).status_code == 403
    assert not Draft.objects.exists()


def test_discard_without_script_returns_to_the_form(client, member):
    client.force_login(member)
    drafts.save_draft(member=member, key=NOTE, fields={"body": "Old"})

    response = client.post(DISCARD_URL, {"key": NOTE, "next": "/forums/new/"}, follow=True)

    assert response.redirect_chain[0] == ("/forums/new/", 302)
    assert "Draft discarded." in response.content.decode()
    assert drafts.load_draft(member=member, key=NOTE) is None


def test_discard_never_sends_the_member_to_another_site(client, member):
    client.force_login(member)

    response = client.post(DISCARD_URL, {"key": NOTE, "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_discard_only_touches_the_members_own_draft(client, member):
    theirs = DraftFactory(key=NOTE)
    client.force_login(member)

    client.post(DISCARD_URL, {"key": NOTE}, **JSON)

    assert Draft.objects.filter(pk=theirs.pk).exists()


def test_preview_renders_markdown_and_strips_scripts(client, member):
    client.force_login(member)
    text = "**Bold** and <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"

    response = client.post(PREVIEW_URL, {"key": NOTE, "text": text}, **JSON)

    html = response.json()["html"]
    assert "<strong>Bold</strong>" in html
    assert_harmless(html)


def assert_harmless(html: str) -> None:
    """No element or attribute that could run script survives (escaped text may mention them)."""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "style"])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element, name)
            assert "javascript:" not in str(value).lower(), (element, name)


def test_preview_with_an_unknown_key_answers_400(client, member):
    client.force_login(member)

    response = client.post(PREVIEW_URL, {"key": "nope", "text": "Hi"}, **JSON)

    assert response.status_code == 400
    assert response.json()["error"]


def test_preview_needs_a_signed_in_member(client):
    response = client.post(PREVIEW_URL, {"key": NOTE, "text": "Hi"})

    assert response.status_code == 302


@override_settings(RATE_LIMITS={"preview": "2/600", "draft": "600/600"})
def test_preview_is_rate_limited_with_retry_after(client, member):
    client.force_login(member)
    for _ in range(2):
        assert client.post(PREVIEW_URL, {"key": NOTE, "text": "Hi"}, **JSON).status_code == 200

    response = client.post(PREVIEW_URL, {"key": NOTE, "text": "Hi"}, **JSON)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "try again" in response.json()["error"]


def test_members_data_export_includes_their_drafts_only(member):
    drafts.save_draft(member=member, key=NOTE, fields={"body": "Unposted thoughts"})
    DraftFactory(key=NOTE, payload={"body": "Someone else's"})

    exported = export_member(member)["drafts"]

    assert [entry["fields"]["body"] for entry in exported] == ["Unposted thoughts"]
