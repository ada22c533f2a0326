"""Addresses and small steps the moderation tests share (the forum's own are in
tests/forums/addresses.py)."""

from django.urls import reverse

from community.moderation import services as moderation

JSON = {"Accept": "application/json"}


def report_url(kind: str, pk: int) -> str:
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


def topic_form(*, title: str, body: str, kind: str = "discussion", tags: str = "") -> dict:
    return {"kind": kind, "title": title, "body": body, "tags": tags}


def report_by_each(members, item, *, reason: str = "spam") -> None:
    """Every one of `members` reports `item`, as they would from its Report link."""
    for member in members:
        moderation.report(reporter=member, item=item, reason=reason, text="Looks like spam to me.")
