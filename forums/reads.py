"""Reads every forum page makes, written in SQL.

Each is a fixed statement over one or two indexed tables, made on every listing or topic page.
Built by the ORM they took longer to build than the database took to answer them (0.3 to 0.6
ms each: a listing made five), so they are written here as plain SQL returning plain values.
Selectors turn the values into what pages show; permissions stay in permissions.py.
"""

from collections.abc import Collection

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from community.core.plain_sql import fetch, placeholders, table
from community.members.models import User

from .models import (
    CategoryFollow,
    ForumCategoryPage,
    ForumTag,
    Kudos,
    TaggedTopic,
    Topic,
    TopicFollow,
    TopicRead,
)


def viewer_state(topic_id: int, member_id: int) -> tuple[int | None, bool, bool]:
    """The number of the last reply the member read in the topic (None if never opened), and
    whether they follow it and gave it kudos."""
    ((read_up_to, follows, kudos),) = fetch(
        Topic,
        f"SELECT (SELECT last_read_number FROM {table(TopicRead)}"
        " WHERE topic_id = %s AND member_id = %s),"
        f" EXISTS (SELECT 1 FROM {table(TopicFollow)} WHERE topic_id = %s AND member_id = %s),"
        f" EXISTS (SELECT 1 FROM {table(Kudos)} WHERE topic_id = %s AND member_id = %s)",
        [topic_id, member_id] * 3,
    )
    return read_up_to, bool(follows), bool(kudos)


def restriction_and_follow(category_id: int, member_id: int | None) -> tuple[set[str], bool]:
    """The names of the groups the category is restricted to, and whether the member (if any)
    follows it."""
    sql = (
        f"SELECT g.name FROM {table(ForumCategoryPage.restricted_to.through)} r"
        f" JOIN {table(Group)} g ON g.id = r.group_id WHERE r.forumcategorypage_id = %s"
    )
    params = [category_id]
    if member_id is not None:
        sql += (
            f" UNION ALL SELECT NULL FROM {table(CategoryFollow)}"
            " WHERE category_id = %s AND member_id = %s"
        )
        params += [category_id, member_id]
    names = [name for (name,) in fetch(Topic, sql, params)]
    return {name for name in names if name is not None}, None in names


def tags_of(topic_ids: Collection[int]) -> list[tuple[int, str, str]]:
    """(topic id, tag name, tag slug) of every tag of the topics, in the order tags were made."""
    if not topic_ids:
        return []
    return fetch(
        Topic,
        f"SELECT tt.object_id, t.name, t.slug FROM {table(TaggedTopic)} tt"
        f" JOIN {table(ForumTag)} t ON t.id = tt.tag_id"
        f" WHERE tt.content_type_id = %s AND tt.object_id IN ({placeholders(topic_ids)})"
        " ORDER BY tt.tag_id",
        [ContentType.objects.get_for_model(Topic).pk, *topic_ids],
    )


def group_names_of(member_ids: Collection[int]) -> list[tuple[int, str]]:
    """(member id, group name) of every group membership of the members."""
    if not member_ids:
        return []
    return fetch(
        Topic,
        f"SELECT ug.user_id, g.name FROM {table(User.groups.through)} ug"
        f" JOIN {table(Group)} g ON g.id = ug.group_id WHERE ug.user_id IN ({placeholders(member_ids)})",
        list(member_ids),
    )


def read_positions(member_id: int, topic_ids: Collection[int]) -> dict[int, int]:
    """The number of the last reply the member read, by topic, for the topics they opened."""
    if not topic_ids:
        return {}
    return dict(
        fetch(
            Topic,
            f"SELECT topic_id, last_read_number FROM {table(TopicRead)}"
            f" WHERE member_id = %s AND topic_id IN ({placeholders(topic_ids)})",
            [member_id, *topic_ids],
        )
    )
