"""The home page's feed: small sections, each read by one selector of the app that owns the data.

Signed in, a member sees what is theirs first; signed out, a visitor sees what the community has
solved lately and where it is busiest. A section with nothing in it is left out, so a section
only appears once its app has something to show (upcoming registrations and courses will join
the member's sections this way, as functions of the same shape, once events and learning hold
data for members).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from community.members.models import User
from community.members.selectors import segment_of
from forums import selectors as forum_selectors
from forums.models import Topic

ROWS_PER_SECTION = 5


@dataclass
class FeedSection:
    key: str
    title: str
    topics: list[Topic] = field(default_factory=list)
    lead: str = ""
    more_url: str = ""
    more_label: str = ""


def unanswered_for(member: User) -> FeedSection:
    """Questions waiting for a first answer, from the member's industry when it has any."""
    industry_id = segment_of(member)["industry_id"]
    if industry_id:
        topics = forum_selectors.unanswered_questions(
            viewer=member, industry_id=industry_id, limit=ROWS_PER_SECTION
        )
        if topics:
            return FeedSection(
                key="unanswered",
                title="Unanswered in your industry",
                lead="Peers in your industry are waiting for a first answer.",
                topics=topics,
                more_url="/forums/?sort=unanswered&segment=industry",
                more_label="All unanswered questions in your industry",
            )
    return FeedSection(
        key="unanswered",
        title="Unanswered questions",
        lead="Nobody has answered these yet: you could be the first.",
        topics=forum_selectors.unanswered_questions(viewer=member, limit=ROWS_PER_SECTION),
        more_url="/forums/?sort=unanswered",
        more_label="All unanswered questions",
    )


def replies_for(member: User) -> FeedSection:
    return FeedSection(
        key="replies",
        title="Replies to your topics",
        lead="The latest word in the topics you started.",
        topics=forum_selectors.replies_to_topics_of(viewer=member, limit=ROWS_PER_SECTION),
    )


def followed_for(member: User) -> FeedSection:
    return FeedSection(
        key="following",
        title="In what you follow",
        lead="New topics and replies in the categories and topics you follow.",
        topics=forum_selectors.followed_activity(viewer=member, limit=ROWS_PER_SECTION),
        more_url="/notifications/",
        more_label="Your notifications",
    )


# In the order a member sees them.
MEMBER_SECTIONS: tuple[Callable[[User], FeedSection], ...] = (
    replies_for,
    unanswered_for,
    followed_for,
)


def member_feed(member: User) -> list[FeedSection]:
    """The signed-in home page's sections, a topic shown once (in the first section that has it)."""
    return _assembled([section(member) for section in MEMBER_SECTIONS], member)


def visitor_feed(viewer) -> list[FeedSection]:
    """For a visitor: the latest solved questions and the busiest topics lately."""
    solved = forum_selectors.latest_solved(viewer=viewer, limit=ROWS_PER_SECTION)
    busiest = forum_selectors.busiest_topics(
        viewer=viewer, limit=ROWS_PER_SECTION, exclude=[topic.pk for topic in solved]
    )
    return _assembled(
        [
            FeedSection(
                key="solved",
                title="Recently solved",
                lead="Questions members answered, with the answer that worked.",
                topics=solved,
                more_url="/forums/?state=solved",
                more_label="All solved questions",
            ),
            FeedSection(
                key="busiest",
                title="Busiest topics",
                lead="Where members replied and gave kudos the most lately.",
                topics=busiest,
                more_url="/forums/",
                more_label="All topics",
            ),
        ],
        viewer,
    )


def _assembled(sections: list[FeedSection], viewer) -> list[FeedSection]:
    seen: set[int] = set()
    for section in sections:
        section.topics = [topic for topic in section.topics if topic.pk not in seen]
        seen.update(topic.pk for topic in section.topics)
    shown = [section for section in sections if section.topics]
    forum_selectors.prepare_rows([topic for section in shown for topic in section.topics], viewer)
    return shown
