"""Topic edits as the author makes them in the edit form: what they leave alone goes back as it was."""

from forums import services
from forums.models import Topic


def edit_as_author(topic: Topic, **changes) -> Topic:
    """The author saves the edit form with `changes` (title, body, tags): the title and body they
    did not touch are sent unchanged, and the tags stay as they are unless given."""
    fields = {"title": topic.title, "body": topic.body_source, **changes}
    return services.edit_topic(topic=topic, editor=topic.author, **fields)
