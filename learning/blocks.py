"""The blocks a lesson's body is made of: text, images, video, callouts, code and documents.

Images and videos are the stories' blocks, so a lesson embeds the same hosts a story may
(YouTube and Vimeo). Quizzes are not a block: a lesson names its quiz (see models.Quiz), whose
right answers must never be rendered into the page before an attempt is submitted.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from community.stories.blocks import ImageBlock, VideoBlock

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "code"]


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("note", "Note"), ("warning", "Warning")], default="tip"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        label = "Callout"
        template = "learning/blocks/callout.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(max_length=30, required=False, help_text='E.g. "python".')
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        label = "Code"
        template = "learning/blocks/code.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(max_length=120, required=False, help_text="The link's words.")

    class Meta:
        icon = "doc-full"
        label = "Download"
        template = "learning/blocks/document.html"


def lesson_body_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("text", blocks.RichTextBlock(features=TEXT_FEATURES)),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("callout", CalloutBlock()),
        ("code", CodeBlock()),
        ("document", DocumentBlock()),
    ]
