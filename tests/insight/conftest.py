"""A small community whose service levels are known by hand: two segments asking questions,
helpers answering them at set delays, and posts moderation removed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from community.insight import rollup
from community.members.models import Country, Industry
from forums.models import Reply, Topic, Visibility
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    ForumCategoryFactory,
    ReplyFactory,
    TopicFactory,
)

HOUR = timedelta(hours=1)


@dataclass
class Community:
    asked_at: datetime
    retail: Industry
    software: Industry
    emea_country: Country
    na_country: Country
    retail_emea: object
    software_na: object
    helper: object
    manager: object
    questions: dict


def _answer(topic: Topic, author, after: timedelta, **extra) -> Reply:
    return ReplyFactory(topic=topic, author=author, created_at=topic.created_at + after, **extra)


@pytest.fixture
def community(db, site_tree) -> Community:
    industries = list(Industry.objects.order_by("sort_order")[:2])
    emea, na = Country.objects.get(code="DE"), Country.objects.get(code="US")
    retail_emea = CustomerFactory(
        display_name="Ines Brandt", profile__industry=industries[0], profile__country=emea,
        profile__audience="b2b",
    )  # fmt: skip
    software_na = CustomerFactory(
        display_name="Marcus Hale", profile__industry=industries[1], profile__country=na,
        profile__audience="b2c",
    )  # fmt: skip
    helper = CustomerFactory(display_name="Priya Raman", profile__industry=industries[1])
    category = ForumCategoryFactory(title="Billing and invoices")
    asked_at = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=3)

    def ask(author, title, **fields) -> Topic:
        return TopicFactory(
            category=category, author=author, title=title, created_at=asked_at, **fields
        )

    q = {
        "fast": ask(retail_emea, "Exporting invoices to our ERP every night", tags=["invoices"]),
        "slower": ask(retail_emea, "Invoice numbering restarts after a migration"),
        "slow": ask(software_na, "Refunds do not show on the customer portal", tags=["refunds"]),
        "unanswered": ask(software_na, "Tax exemption certificates per region", tags=["refunds"]),
    }
    _answer(q["fast"], helper, HOUR)
    solution = _answer(q["fast"], helper, 2 * HOUR)
    Topic.objects.filter(pk=q["fast"].pk).update(solution=solution)
    # A held reply came first; only the published one counts.
    _answer(q["slower"], helper, HOUR / 2, visibility=Visibility.HELD)
    _answer(q["slower"], helper, 3 * HOUR)
    # The asker's own follow-up is no answer.
    _answer(q["slow"], software_na, HOUR / 6)
    _answer(q["slow"], helper, 10 * HOUR)
    # Moderation removed this question: none of it counts.
    hidden = ask(retail_emea, "Spam: cheap watches for your finance team")
    _answer(hidden, helper, 100 * HOUR)
    Topic.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    q["hidden"] = hidden
    # A question in a category that was unpublished.
    draft = ForumCategoryFactory(title="Beta programme")
    q["draft"] = ask(retail_emea, "Beta access to the new invoice designer")
    Topic.objects.filter(pk=q["draft"].pk).update(category=draft)
    draft.unpublish()
    for topic in q.values():
        topic.refresh_from_db()
    return Community(
        asked_at=asked_at,
        retail=industries[0],
        software=industries[1],
        emea_country=emea,
        na_country=na,
        retail_emea=retail_emea,
        software_na=software_na,
        helper=helper,
        manager=CommunityManagerFactory(display_name="Dana Whitfield"),
        questions=q,
    )


@pytest.fixture
def rolled_up(community) -> Community:
    rollup.recompute(since=timezone.localdate() - timedelta(days=120))
    return community
