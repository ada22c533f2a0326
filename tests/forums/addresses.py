"""The forum's addresses the tests post to and open, in one place."""

from django.urls import reverse


def new_topic_url(category) -> str:
    return reverse("forums:new_topic_in", kwargs={"category": category.slug})


def reply_url(topic) -> str:
    return reverse("forums:post_reply", kwargs={"pk": topic.pk})


def reply_permalink(reply) -> str:
    return reverse("forums:reply", kwargs={"pk": reply.pk})


def tag_url(slug: str) -> str:
    return reverse("forums:tag", kwargs={"slug": slug})
