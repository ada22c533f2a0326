"""Work waiting for the demo's community manager: a new member's reply held for approval and a
reply that members reported, so the admin's "Needs your attention" list shows both kinds.

Both go through the same services as a member's action (screening, reports), so the demo shows
what the rules really do. Seeding again adds nothing: each item is found by its text.
"""

from community.members.models import Profile, User
from community.moderation import services as moderation
from community.moderation.models import Report

from . import services
from .models import Reply, Topic, Visibility

HELD_REPLY = (
    "We had the same problem with the product feed timing out. We moved our feed to "
    "[our own CDN](https://cdn.example.net/feeds) and wrote up the whole setup on "
    "[our blog](https://blog.example.net/feed-timeouts). Happy to share more if it helps!"
)
REPORTED_REPLY = (
    "Honestly, if your team can't get a checklist together three weeks out, no tool is going to "
    "save you. Maybe read the docs first next time."
)
REPORT_TEXT = "Rude to the person asking; this isn't how we talk to each other here."


def seed_moderation_queue(out=None) -> int:
    """Hold one newcomer's reply and report one reply; returns how many items were added."""
    topic = Topic.objects.filter(title__startswith="Black Friday prep").first()
    if topic is None:
        return 0
    # Members of the crowd who have not written anything yet, newest first.
    quiet = (
        User.objects.filter(is_active=True, is_staff=False, email__endswith="@demo.example.com")
        .filter(topics__isnull=True, replies__isnull=True)
        .order_by("-date_joined")
    )
    added = 0
    newcomer, author, *reporters = list(quiet[:4]) or [None, None]
    if newcomer and not Reply.objects.filter(body_source=HELD_REPLY).exists():
        # Just signed up: their first posts wait for a community manager.
        Profile.objects.filter(user=newcomer).update(approved_posts=0)
        services.post_reply(topic=topic, author=newcomer, body=HELD_REPLY)
        added += 1
    if author and not Reply.objects.filter(body_source=REPORTED_REPLY).exists():
        reply = services.post_reply(topic=topic, author=author, body=REPORTED_REPLY)
        # A new member's reply waits for approval; this one stands for an older member's, which
        # was published and then reported by readers.
        if Reply.objects.get(pk=reply.pk).visibility == Visibility.HELD:
            moderation.approve(item=reply, moderator=_manager())
        for reporter in reporters:
            moderation.report(
                reporter=reporter, item=reply, reason=Report.Reason.ABUSE, text=REPORT_TEXT
            )
        added += 1
    if added and out:
        out(f"  {added} items waiting for the community manager's review.")
    return added


def _manager() -> User:
    return User.objects.get(email="manager@example.com")
