"""What members find: relevance, stemming, facets, filters, visibility, pages and bad queries.

These run on the backend `search_backend` names: the database here, and a real Elasticsearch
cluster in test_elasticsearch_integration.py when ELASTICSEARCH_URL is set.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import timezone

from community.members.models import Audience, Country, Industry
from community.search import services
from forums import services as forum_services
from forums.models import Topic
from forums.moderation import ReplyModeration, TopicModeration
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

ANONYMOUS = AnonymousUser()


def member_in(industry: str, country: str, audience=Audience.B2B, **fields):
    return CustomerFactory(
        profile__industry=Industry.objects.get(slug=industry),
        profile__country=Country.objects.get(code=country),
        profile__audience=audience,
        **fields,
    )


def run(viewer=ANONYMOUS, **params):
    """Search as the results page does, from query-string parameters."""
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    catalog = services.facet_catalog()
    request = services.parse_request(query, catalog=catalog)
    return services.search(request, viewer=viewer, catalog=catalog), request


def headings(results) -> list[str]:
    return [hit.heading for hit in results.hits]


def counts(results, facet: str) -> dict[str, int]:
    for found in results.facets:
        if found.name == facet:
            return {value.value: value.count for value in found.values}
    return {}


@pytest.fixture
def community(category, partner_lounge, reindex):
    """Questions and discussions from members in different segments, some solved."""
    healthcare = member_in(
        "healthcare-life-sciences", "DE", Audience.B2B, display_name="Hana Weber"
    )
    retail = member_in("retail-e-commerce", "US", Audience.B2C, display_name="Sam Ortiz")
    sso = TopicFactory(
        category=category,
        author=healthcare,
        title="How do we configure single sign-on with Okta?",
        body="Our admins want SAML login for every workspace. Where do the settings live?",
        tags=["sso", "okta"],
    )
    answer = ReplyFactory(
        topic=sso,
        author=retail,
        body="Upload the identity provider certificate under Security, then map the email claim.",
    )
    forum_services.accept_solution(topic=sso, reply=answer, member=healthcare)
    webinar = TopicFactory(
        category=category,
        author=retail,
        title="Scoring leads from webinar attendance",
        body="We want attendance to feed the lead score, configured per campaign.",
        tags=["lead-scoring", "webinars"],
    )
    ReplyFactory(topic=webinar, author=healthcare, body="A smart list per webinar works well.")
    discussion = TopicFactory(
        category=category,
        author=member_in("education", "JP", Audience.B2B, display_name="Priya Raman"),
        kind=Topic.Kind.DISCUSSION,
        title="Share your onboarding checklist",
        body="What goes into your first week with a new customer? Ours starts with single sign-on.",
        tags=["onboarding"],
    )
    lounge = TopicFactory(
        category=partner_lounge,
        author=PartnerFactory(),
        title="Partner pricing for the single sign-on add-on",
        body="Discount tiers for resellers bundling the single sign-on add-on.",
        tags=["sso", "pricing"],
    )
    reindex()
    return {
        "sso": sso,
        "answer": answer,
        "webinar": webinar,
        "discussion": discussion,
        "lounge": lounge,
    }


# --- Relevance and language ---------------------------------------------------------------


def test_a_title_match_ranks_above_a_mention_in_the_body(community):
    results, _ = run(q="single sign-on")
    assert headings(results)[0] == "How do we configure single sign-on with Okta?"
    assert "Share your onboarding checklist" in headings(results)


def test_words_match_in_other_forms(community):
    results, _ = run(q="configuring")
    found = headings(results)
    assert "How do we configure single sign-on with Okta?" in found
    assert "Scoring leads from webinar attendance" in found  # "configured" in its body


def test_every_word_must_match_before_any_word_does(community):
    results, _ = run(q="okta webinar")
    assert results.relaxed
    assert {
        "How do we configure single sign-on with Okta?",
        "Scoring leads from webinar attendance",
    } <= set(headings(results))
    exact, _ = run(q="okta saml")
    assert not exact.relaxed
    assert headings(exact) == ["How do we configure single sign-on with Okta?"]


def test_matching_words_are_highlighted_in_the_excerpt(community):
    results, _ = run(q="certificate")
    hit = results.hits[0]
    assert hit.kind == "reply"
    assert "<mark>certificate</mark>" in hit.excerpt_html


def test_a_matching_reply_leads_into_its_topic_and_shows_it_is_the_accepted_answer(community):
    results, _ = run(q="certificate")
    hit = results.hits[0]
    assert hit.heading == "How do we configure single sign-on with Okta?"
    assert hit.url == community["answer"].get_absolute_url()
    assert (hit.badge, hit.badge_label) == ("solution", "Accepted solution")
    assert hit.heading_prefix == "Reply to "
    assert hit.author_name == "Sam Ortiz"


def test_member_text_is_escaped_and_never_highlighted_by_itself(community, category, reindex):
    TopicFactory(
        category=category,
        title="Script tags in templates",
        body="Why does <script>alert('x')</script> show up in my template preview? <mark>fake</mark>",
    )
    reindex()
    results, _ = run(q="template preview")
    html = str(results.hits[0].excerpt_html)
    assert "<script" not in html
    assert "<mark>fake" not in html
    assert "<mark>template</mark>" in html


# --- Facets and filters -------------------------------------------------------------------


def test_facets_count_what_the_search_found(community):
    results, _ = run(q="single sign-on")
    assert counts(results, "type") == {"topic": 2}
    assert counts(results, "tag")["sso"] == 1
    assert counts(results, "status") == {"solved": 1}
    assert counts(results, "date") == {"week": 2, "month": 2, "year": 2}


def test_narrowing_by_industry_keeps_the_other_industries_counted(community):
    everything, _ = run(q="sign-on certificate smart list attendance onboarding")
    assert everything.relaxed
    narrowed, request = run(
        q="sign-on certificate smart list attendance onboarding",
        industry="healthcare-life-sciences",
    )
    assert request.filters == {"industry": ("healthcare-life-sciences",)}
    assert narrowed.total < everything.total
    industries = counts(narrowed, "industry")
    assert industries["healthcare-life-sciences"] == narrowed.total
    assert industries["retail-e-commerce"] >= 1
    assert all(hit.heading != "Share your onboarding checklist" for hit in narrowed.hits)


def test_narrowing_by_industry_and_tag_finds_the_accepted_answer(community):
    results, _ = run(q="certificate", industry="retail-e-commerce", tag="sso")
    assert [hit.object_id for hit in results.hits] == [community["answer"].pk]
    assert results.hits[0].badge == "solution"


def test_two_tags_need_both(community):
    both, _ = run(tag=["sso", "okta"])
    assert {hit.heading for hit in both.hits} == {"How do we configure single sign-on with Okta?"}
    assert counts(both, "tag") == {"sso": 2, "okta": 2}


def test_region_audience_and_status_filters(community):
    emea, _ = run(region="emea", type="topic")
    assert headings(emea) == ["How do we configure single sign-on with Okta?"]
    b2c, _ = run(audience="b2c", type="topic")
    assert headings(b2c) == ["Scoring leads from webinar attendance"]
    unsolved, request = run(status="unsolved", type="topic")
    assert headings(unsolved) == ["Scoring leads from webinar attendance"]
    assert request.filters["status"] == ("unsolved",)


def test_either_status_keeps_only_rows_that_have_one(community):
    both, _ = run(status=["solved", "unsolved"], type="topic")
    assert {hit.status for hit in both.hits} == {"solved", "unsolved"}
    assert "Share your onboarding checklist" not in headings(both)
    assert counts(both, "status") == {"solved": 1, "unsolved": 1}


def test_the_older_solved_parameter_still_filters_by_status(community):
    unsolved, request = run(solved="unsolved", type="topic")
    assert headings(unsolved) == ["Scoring leads from webinar attendance"]
    assert request.filters["status"] == ("unsolved",)


def test_date_range_leaves_out_older_posts(community):
    Topic.objects.filter(pk=community["webinar"].pk).update(
        created_at=timezone.now() - timedelta(days=90)
    )
    community["webinar"].refresh_from_db()
    from community.search import indexing

    indexing.apply_updates([f"topic:{community['webinar'].pk}"])
    _refresh_engine()
    recent, _ = run(type="topic", date="month")
    assert "Scoring leads from webinar attendance" not in headings(recent)
    assert counts(recent, "date")["year"] == 3


def test_sorting_by_date_puts_the_newest_first(community):
    results, _ = run(q="single sign-on", sort="newest")
    dates = [hit.created_at for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


# --- Visibility ---------------------------------------------------------------------------


def test_partners_only_posts_are_found_by_partners_and_managers_only(community):
    lounge_title = "Partner pricing for the single sign-on add-on"
    assert lounge_title not in headings(run(q="single sign-on")[0])
    assert lounge_title not in headings(run(CustomerFactory(), q="single sign-on")[0])
    assert lounge_title in headings(run(PartnerFactory(), q="single sign-on")[0])
    assert lounge_title in headings(run(CommunityManagerFactory(), q="single sign-on")[0])
    assert "pricing" not in counts(run(q="add-on")[0], "tag")


def test_hidden_topics_and_their_replies_disappear(
    community, reindex, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        TopicModeration().hide(community["sso"])
    _refresh_engine()
    assert run(q="okta")[0].total == 0
    assert run(q="certificate")[0].total == 0


def test_a_hidden_post_never_shows_even_before_the_index_catches_up(community):
    # The index still has the reply (no commit hooks ran); the page checks again.
    ReplyModeration().hide(community["answer"])
    results, _ = run(q="certificate")
    assert results.hits == []


def test_held_and_deleted_replies_are_not_found(community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ReplyModeration().hold(community["answer"])
    _refresh_engine()
    assert run(q="certificate")[0].total == 0
    with django_capture_on_commit_callbacks(execute=True):
        ReplyModeration().approve(community["answer"])
    _refresh_engine()
    assert run(q="certificate")[0].total == 1
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.delete_reply(reply=community["answer"], member=community["answer"].author)
    _refresh_engine()
    assert run(q="certificate")[0].total == 0


# --- Suggestions and similar questions ----------------------------------------------------


def test_suggestions_complete_titles_and_tags(community):
    found = services.suggest("single sig", viewer=ANONYMOUS)
    assert [s.label for s in found["titles"]] == ["How do we configure single sign-on with Okta?"]
    tags = services.suggest("ok", viewer=ANONYMOUS)["tags"]
    assert [(tag.label, tag.detail) for tag in tags] == [("okta", "2")]


def test_suggestions_keep_partner_content_from_others(community):
    assert services.suggest("partner pric", viewer=ANONYMOUS)["titles"] == []
    assert services.suggest("pric", viewer=ANONYMOUS)["tags"] == []
    partner = PartnerFactory()
    assert services.suggest("partner pric", viewer=partner)["titles"]


def test_similar_solved_questions_for_a_new_title(community):
    similar = services.similar(
        "Configure Okta single sign-on for our team",
        viewer=ANONYMOUS,
        filters={"type": ("topic",), "status": ("solved",)},
    )
    assert [hit.heading for hit in similar] == ["How do we configure single sign-on with Okta?"]
    assert services.similar("the and of", viewer=ANONYMOUS, filters={}) == []


# --- Pages and bad queries ----------------------------------------------------------------


def test_pages_follow_on_and_a_page_past_the_end_shows_the_last(community, category, reindex):
    for number in range(23):
        TopicFactory(category=category, title=f"Quarterly report number {number}", body="Numbers.")
    reindex()
    first, _ = run(q="quarterly report")
    second, _ = run(q="quarterly report", page="2")
    assert first.total == 23 and len(first.hits) == 20 and len(second.hits) == 3
    assert not {h.object_id for h in first.hits} & {h.object_id for h in second.hits}
    beyond, request = run(q="quarterly report", page="9")
    assert beyond.page == 2 and len(beyond.hits) == 3
    assert any("no page 9" in note for note in request.notes)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "!!! ??? ***",
        '"unbalanced quote',
        "okta AND (sso OR",
        "title:okta^5 -sso",
        "a" * 5000,
        "sso " * 400,
        "' OR 1=1 --",
        "\u0000\ue000okta\ue001",
        "日本語 テスト",
    ],
)
def test_odd_queries_are_read_as_text(community, text):
    results, request = run(q=text)
    assert results.total >= 0
    assert len(request.text) <= 200


def test_unknown_facet_values_are_ignored_with_a_note(community):
    results, request = run(q="okta", industry="no-such-industry", tag="no-such-tag", sort="weird")
    assert request.filters == {}
    assert results.total == 1
    assert len(request.notes) == 3


def _refresh_engine() -> None:
    from community.search.backends import engine_backend

    engine = engine_backend()
    if engine is not None:
        engine.refresh()
