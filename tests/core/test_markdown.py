"""The one pipeline for member-written text: Markdown in, safe HTML out."""

import pytest

from community.core.markdown import render, render_markdown, sanitize_html
from tests.markup import elements, event_handler_attributes, tags, urls


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>",
        "Hi <script src=https://evil.example/x.js></script> there",
        "<SCRIPT>alert(1)</SCRIPT>",
        "```html\n</code></pre><script>alert(1)</script>\n```",
        "`<script>alert(1)</script>`",
    ],
)
def test_scripts_never_survive(source):
    assert "script" not in tags(render_markdown(source))


@pytest.mark.parametrize(
    "source",
    [
        '<img src="x.png" onerror="alert(1)">',
        '<a href="https://example.com" onclick="steal()">x</a>',
        '<div onmouseover="alert(1)">hover</div>',
        '![pic](https://example.com/a.png "t\\" onerror=\\"alert(1)")',
    ],
)
def test_event_handlers_never_survive(source):
    assert not event_handler_attributes(render_markdown(source))


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1) )",
        "[click](java&#115;cript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![pic](javascript:alert(1))",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_are_removed(source):
    for url in urls(render_markdown(source)):
        assert not url.startswith(("javascript:", "vbscript:", "data:")), url


def test_data_uri_images_are_not_embedded():
    html = render_markdown("![pixel](data:image/png;base64,iVBORw0KGgo=)")

    assert not any(url.startswith("data:") for url in urls(html))


@pytest.mark.parametrize(
    "source",
    [
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
        "<form action='https://evil.example'><input name=password></form>",
        '<div class="admin-banner">fake notice</div>',
        "<!-- hidden comment -->",
    ],
)
def test_raw_html_is_shown_as_text_not_markup(source):
    html = render_markdown(source)

    assert tags(html) <= {"p"}
    assert "<!--" not in html


def test_raw_html_stays_readable_as_text():
    html = render_markdown("Use the <details> element.")

    assert "&lt;details&gt;" in html
    assert "details" not in tags(html)


def test_sanitizer_strips_what_the_allow_list_does_not_name():
    html = sanitize_html(
        '<p style="color:red">Hi<iframe src="https://evil.example"></iframe>'
        '<a href="javascript:alert(1)">x</a><img src="x" onerror="alert(1)">'
        "<script>alert(1)</script><svg onload=alert(1)></svg></p>"
    )

    found = elements(html)
    assert {tag for tag, _ in found} <= {"p", "a", "img"}
    assert not any(name == "style" or name.startswith("on") for _, a in found for name in a)
    assert not any(url.startswith("javascript:") for url in urls(html))
    assert "<p>Hi" in html


RENDERED = {
    "links are marked as user content": (
        "See [the docs](https://docs.example.com/setup).",
        ['href="https://docs.example.com/setup"', 'rel="nofollow noopener ugc"'],
    ),
    "links keep their title and mailto works": (
        '[Write us](mailto:help@example.com "Support team")',
        ['href="mailto:help@example.com"', 'title="Support team"', 'rel="nofollow noopener ugc"'],
    ),
    "fenced code keeps its language and escapes its content": (
        "```python\nif a < b:\n    print('<b>hi</b>')\n```",
        ['<pre><code class="language-python">', "if a &lt; b:", "&lt;b&gt;hi&lt;/b&gt;"],
    ),
    "inline code": ("Run `pip install` first.", ["<code>pip install</code>"]),
    "lists": (
        "- apples\n- pears\n\n1. first\n2. second",
        ["<ul>", "<li>apples</li>", "<ol>", "<li>second</li>"],
    ),
    "quotes": (
        "> We cut ticket volume by 40%.",
        ["<blockquote>", "We cut ticket volume by 40%."],
    ),
    "tables": (
        "| Plan | Seats |\n| --- | ---: |\n| Team | 10 |\n| Business | 50 |",
        ["<table>", "<th>Plan</th>", "<td>Business</td>"],
    ),
}


@pytest.mark.parametrize(("source", "fragments"), RENDERED.values(), ids=RENDERED)
def test_markdown_renders(source, fragments):
    html = render_markdown(source)

    for fragment in fragments:
        assert fragment in html


def test_table_column_alignment_is_kept():
    html = render_markdown("| Plan | Seats |\n| --- | ---: |\n| Team | 10 |")

    seats = [attrs for tag, attrs in elements(html) if tag in {"th", "td"}][1::2]
    assert seats
    for attrs in seats:
        aligned = attrs.get("align") == "right" or "text-align:right" in attrs.get(
            "style", ""
        ).replace(" ", "")
        assert aligned, f"right-aligned column lost its alignment: {html}"


def test_emphasis_and_strikethrough_render():
    html = render_markdown("**bold**, *italic* and ~~gone~~")

    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<s>gone</s>" in html or "<del>gone</del>" in html


def test_task_list_renders_read_only_checkboxes():
    html = render_markdown("- [x] migrate data\n- [ ] train the team")

    assert html.count('type="checkbox"') == 2
    assert html.count("disabled") >= 2
    assert "checked" in html


def test_headings_start_below_the_page_title():
    html = render_markdown("# Our rollout\n\n## Week one")

    assert "<h1" not in html
    assert "<h2>Our rollout</h2>" in html


def test_render_keeps_the_source_and_the_html():
    rendered = render("  **Hello**\r\nworld  ")

    assert rendered.source == "**Hello**\nworld"
    assert "<strong>Hello</strong>" in rendered.html


def test_empty_text_renders_to_nothing():
    assert render_markdown("").strip() == ""
