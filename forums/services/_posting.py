"""What posting a topic and posting a reply share: preparing the text members type, finding the
members it mentions, the double-submit guard and sending an edited post back to review.

Internal to the services package; other modules call the services, not these helpers (except
`render_post` and the `normalise_*` functions, which the package re-exports).
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from community.core.markdown import Rendered, mentioned_handles, render
from community.members.models import User
from community.moderation.registry import adapter_for
from community.moderation.services import record_action
from community.notifications.kinds import Kind
from community.notifications.services import notify

from .. import permissions
from ..models import Reply, Topic, normalise_tag_name

# A second identical post by the same member within this window is the same post (double submit).
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


def render_post(body: str) -> Rendered:
    """Render a post's Markdown, linking @mentions of members who exist."""
    known = {
        handle.lower(): f"/members/{handle}/"
        for handle in _members_by_handle(mentioned_handles(body))
    }
    return render(body, mention_urls=known)


def normalise_text(text: str) -> str:
    """Line endings as stored (browsers send CRLF), without surrounding blank space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_tags(tags: list[str]) -> list[str]:
    """Tags are lower-case and unique, however members typed them (see normalise_tag_name)."""
    return list(dict.fromkeys(name for name in map(normalise_tag_name, tags) if name))


def _members_by_handle(handles) -> dict[str, int]:
    """Active members with these handles (matched case-insensitively): handle -> member id."""
    if not handles:
        return {}
    query = Q()
    for handle in handles:
        query |= Q(username__iexact=handle)
    return dict(User.objects.filter(query, is_active=True).values_list("username", "pk"))


def tell_mentioned(post: Topic | Reply, topic: Topic, rendered: Rendered) -> set[int]:
    """Tell the members a now public post mentions (those who may see it); returns who they
    are, so that the post's other notices leave them out."""
    mentioned_ids = list(_members_by_handle(rendered.mentioned).values())
    mentioned = set(permissions.members_who_can_see(topic.category, mentioned_ids))
    notify(
        kind=Kind.MENTION,
        recipients=mentioned,
        actor=post.author,
        target=post,
        url=post.get_absolute_url(),
        text=f"{post.author} mentioned you in “{topic.title}”",
    )
    return mentioned


def just_posted(posts):
    """The same post by the same member moments ago (a double submit), if there is one."""
    return posts.filter(created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW).first()


def hold_if_screened(post: Topic | Reply, screening) -> None:
    """A published post edited to include a held word goes back to the review queue."""
    if not screening.hold or not post.is_published:
        return
    adapter_for(post).hold(post)
    record_action(actor=None, action="hold", item=post, member=post.author, reason=screening.reason)
