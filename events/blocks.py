"""The blocks an event's body is made of: text, the agenda, speakers, images and video."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from community.members.choosers import member_chooser_viewset
from community.stories.blocks import ImageBlock, VideoBlock

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

MemberChooserBlock = member_chooser_viewset.get_block_class(
    name="MemberChooserBlock", module_path="events.blocks"
)


class AgendaItemBlock(blocks.StructBlock):
    """One slot of the programme, in the event's own time zone."""

    starts_at = blocks.TimeBlock(label="Starts at")
    ends_at = blocks.TimeBlock(label="Ends at", required=False)
    title = blocks.CharBlock(max_length=160)
    description = blocks.TextBlock(required=False, max_length=600)

    class Meta:
        icon = "time"
        label = "Agenda item"


class SpeakerBlock(blocks.StructBlock):
    """A speaker: a member of the community, or a guest described by hand."""

    member = MemberChooserBlock(required=False, help_text="When the speaker is a member.")
    name = blocks.CharBlock(max_length=120, required=False, help_text="When they are not.")
    role = blocks.CharBlock(max_length=160, required=False, help_text="Job title and company.")
    photo = ImageChooserBlock(required=False)
    bio = blocks.TextBlock(required=False, max_length=800)

    class Meta:
        icon = "user"
        label = "Speaker"


def event_body_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("text", blocks.RichTextBlock(features=TEXT_FEATURES)),
        ("agenda", blocks.ListBlock(AgendaItemBlock(), icon="list-ul", label="Agenda")),
        ("speakers", blocks.ListBlock(SpeakerBlock(), icon="group", label="Speakers")),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
    ]
