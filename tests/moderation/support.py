"""Addresses and small steps the moderation tests share (the forum's own are in
tests/forums/addresses.py)."""

from django.urls import reverse

from community.moderation import services as moderation
from tests.forums.addresses import new_topic_url, reply_url

JSON = {"Accept": "application/json"}

# The ways of taking part that suspensions, bans and roles allow or refuse.
TAKING_PART = ["create topic", "reply", "kudos", "report"]
NEW_TOPIC_TITLE = "Which CRM fields do you sync to the warehouse?"


def report_url(kind: str, pk: int) -> str:
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


def topic_form(*, title: str, body: str, kind: str = "discussion", tags: str = "") -> dict:
    return {"kind": kind, "title": title, "body": body, "tags": tags}


def take_part(client, action: str, question):
    """Take part through the site in the way `action` names (one of TAKING_PART), on or beside
    `question`; returns the response."""
    if action == "create topic":
        data = topic_form(title=NEW_TOPIC_TITLE, body="Asking before we redesign our pipeline.")
        return client.post(new_topic_url(question.category), data)
    if action == "reply":
        return client.post(reply_url(question), {"body": "We sync only the lifecycle stage."})
    if action == "kudos":
        return client.post(reverse("forums:topic_kudos", kwargs={"pk": question.pk}), headers=JSON)
    return client.post(report_url("topic", question.pk), {"reason": "spam"})


def report_by_each(members, item, *, reason: str = "spam") -> None:
    """Every one of `members` reports `item`, as they would from its Report link."""
    for member in members:
        moderation.report(reporter=member, item=item, reason=reason, text="Looks like spam to me.")
