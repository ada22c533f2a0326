"""The blocks a story's body is made of: what editors and partners can put on the page."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from community.members.choosers import member_chooser_viewset

# Partners write rich text, so it offers no raw HTML, no embeds and no images: those have blocks.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

# Video hosts whose players may be embedded; the embed finders are limited to the same.
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")


def is_allowed_video_url(url: str) -> bool:
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(
        host == allowed or host.endswith(f".{allowed}") for allowed in VIDEO_HOSTS
    )


MemberChooserBlock = member_chooser_viewset.get_block_class(
    name="MemberChooserBlock", module_path="community.stories.blocks"
)


class SectionBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)


class MetricBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=16, help_text='The figure: "+35%", "3x", "2 weeks".')
    label = blocks.CharBlock(max_length=80, help_text='What it measures: "retention".')


class MetricsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(MetricBlock(), min_num=1, max_num=6, **kwargs)

    class Meta:
        icon = "pick"
        template = "stories/blocks/metrics.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(max_length=200, required=False)
    alt_text = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="What the image shows, for people who can't see it.",
    )

    class Meta:
        icon = "image"
        template = "stories/blocks/image.html"


class VideoBlock(EmbedBlock):
    """A YouTube or Vimeo video; other hosts are refused when the page is saved."""

    def clean(self, value):
        value = super().clean(value)
        if value and not is_allowed_video_url(value.url):
            raise ValidationError("Videos can come from YouTube or Vimeo.")
        return value

    class Meta:
        icon = "media"
        template = "stories/blocks/video.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300, required=False)
    button_label = blocks.CharBlock(max_length=40)
    url = blocks.URLBlock(help_text="Where the button goes (http or https).")

    class Meta:
        icon = "link"
        template = "stories/blocks/call_to_action.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=600)
    name = blocks.CharBlock(max_length=80, help_text="Who said it.")
    role = blocks.CharBlock(max_length=120, required=False, help_text="Job and company.")
    member = MemberChooserBlock(
        required=False, help_text="If they are a member, their name links to their profile."
    )

    class Meta:
        icon = "openquote"
        template = "stories/blocks/quote.html"


def story_body_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks of a story's or article's body."""
    return [
        ("challenge", SectionBlock(icon="warning", template="stories/blocks/section.html")),
        ("solution", SectionBlock(icon="cogs", template="stories/blocks/section.html")),
        ("results", SectionBlock(icon="success", template="stories/blocks/section.html")),
        ("text", SectionBlock(icon="pilcrow", template="stories/blocks/section.html")),
        ("quote", QuoteBlock()),
        ("metrics", MetricsBlock()),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("call_to_action", CallToActionBlock()),
    ]


# Blocks holding rich text, which the sanitizer cleans on save.
RICH_TEXT_BLOCKS = ("challenge", "solution", "results", "text")
