"""What members write reaches the page as safe HTML: Markdown works, scripts and raw HTML do not."""

import pytest

from tests.factories.forums import ReplyFactory, TopicFactory
from tests.forums.editing import edit_as_author
from tests.markup import elements, event_handler_attributes, inline_script_text, tags, urls

pytestmark = pytest.mark.django_db

HOSTILE = """Here is what the import tool sent back:

<script>alert('topic-script')</script>

<img src="x.png" onerror="alert('img-onerror')">

<iframe src="https://evil.example/frame"></iframe>

<b onclick="alert('raw-onclick')">bold by hand</b>

[Open the report](javascript:alert('link-js)) and [again](JaVaScRiPt:alert('mixed-case'))

![chart](javascript:alert('img-js'))

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<a href="javascript:alert('raw-link')">raw link</a>
"""

FRIENDLY = """See the [setup guide](https://example.com/docs/setup "Setup") first.

```python
batch = contacts[:300]
client.upsert(batch)
```

1. Segment by industry
2. One email, dynamic blocks per segment

- [ ] Check the bounce rate
- Report by segment

> We need to keep regional data in the region.

![Open rates by segment](https://example.com/img/open-rates.png)

# A heading
"""


@pytest.fixture
def hostile_topic(category):
    return TopicFactory(category=category, title="Import tool output looks odd", body=HOSTILE)


def page_of(client, topic) -> str:
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_scripts_never_reach_the_topic_page(client, hostile_topic):
    content = page_of(client, hostile_topic)

    assert "alert(" not in inline_script_text(content)
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(" in content  # shown as text, as it was typed


def test_event_handlers_never_reach_the_topic_page(client, hostile_topic):
    content = page_of(client, hostile_topic)

    assert not event_handler_attributes(content) & {"onerror", "onclick"}


def test_javascript_and_data_links_never_reach_the_topic_page(client, hostile_topic):
    content = page_of(client, hostile_topic)

    assert not [url for url in urls(content) if url.startswith(("javascript:", "data:"))]


def test_raw_html_is_shown_as_text_not_as_elements(client, hostile_topic):
    content = page_of(client, hostile_topic)

    assert "iframe" not in tags(content)
    assert "&lt;b onclick" in content
    assert not [url for url in urls(content) if "evil.example" in url]


def test_hostile_reply_is_made_safe_too(client, question):
    ReplyFactory(topic=question, body=HOSTILE)

    content = page_of(client, question)

    assert "alert(" not in inline_script_text(content)
    assert not event_handler_attributes(content) & {"onerror", "onclick"}
    assert not [url for url in urls(content) if url.startswith("javascript:")]


def test_an_edit_cannot_smuggle_a_script_in(client, question):
    edit_as_author(question, body=HOSTILE)

    content = page_of(client, question)

    assert "alert(" not in inline_script_text(content)
    assert not event_handler_attributes(content) & {"onerror", "onclick"}


def test_links_in_posts_are_marked_as_user_content(client, category):
    topic = TopicFactory(category=category, body=FRIENDLY)

    content = page_of(client, topic)

    links = [attrs for tag, attrs in elements(content) if tag == "a"]
    guide = next(attrs for attrs in links if attrs.get("href") == "https://example.com/docs/setup")
    assert guide["rel"] == "nofollow noopener ugc"


def test_markdown_renders_code_lists_quotes_and_images(client, category):
    topic = TopicFactory(category=category, body=FRIENDLY)

    content = page_of(client, topic)

    found = elements(content)
    assert ("code", {"class": "language-python"}) in found
    assert "batch = contacts[:300]" in content
    assert {"ol", "ul", "li", "blockquote", "pre"} <= tags(content)
    assert (
        "img",
        {"src": "https://example.com/img/open-rates.png", "alt": "Open rates by segment"},
    ) in found
    assert "We need to keep regional data in the region." in content


def test_headings_in_posts_start_below_the_page_title(category):
    topic = TopicFactory(category=category, body=FRIENDLY)

    assert "<h1>" not in topic.body_html
    assert "<h2>A heading</h2>" in topic.body_html


def test_source_is_kept_as_written_for_editing(category):
    topic = TopicFactory(category=category, body=HOSTILE)

    assert topic.body_source == HOSTILE.strip()
    assert "<script>" not in topic.body_html
