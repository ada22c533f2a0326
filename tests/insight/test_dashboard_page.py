"""What a community manager sees on the dashboard, and that nobody else sees it."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from forums import insight_source as forums
from tests.factories import CustomerFactory, PartnerFactory
from tests.insight.reading import assert_page_shows, page_text

URL = reverse("insight_dashboard")


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def manager_client(client, rolled_up):
    client.force_login(rolled_up.manager)
    return client


def test_a_first_visit_shows_the_last_30_days_chosen_in_the_period_filter(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert re.search(r'<option value="30" selected>', response.content.decode())
    assert "Last 30 days" in page_text(response)


def test_manager_sees_the_numbers_with_the_segment_table_and_heat_map(manager_client, rolled_up):
    response = manager_client.get(URL, {"period": "7"})
    text = assert_page_shows(
        response,
        "Questions asked 4",
        "Questions answered 75%",
        "Questions solved 25%",
        "Unanswered after a day 1",
        "Industry × region: Time to first reply",
    )
    assert rolled_up.retail.name in text and rolled_up.software.name in text
    assert "<svg" in response.content.decode()  # the trend charts, drawn on the server
    assert "The numbers as a table" in text


def test_members_active_says_every_way_of_taking_part_it_counts(manager_client):
    text = page_text(manager_client.get(URL))
    help_text = re.search(r"Posted, replied[^.]*\.", text)
    assert help_text, "the help of Members active is shown"
    for way in ("gave kudos", "registered for an event", "learned", "applied for a job"):
        assert way in help_text.group(0)


def test_every_number_links_to_the_list_behind_it_filtered_the_same_way(manager_client, rolled_up):
    region = rolled_up.na_country.region_id
    response = manager_client.get(URL, {"period": "7", "region": str(region)})
    page = unescape(response.content.decode())
    link = re.search(r'href="([^"]*metric=forums\.questions[^"]*)"', page).group(1)
    assert f"region={region}" in link and "period=7" in link
    listing = manager_client.get(link)
    assert listing.status_code == 200
    text = page_text(listing)
    assert "Refunds do not show on the customer portal" in text
    assert "Exporting invoices" not in text  # asked from EMEA


def test_unanswered_questions_are_listed_with_links(manager_client, rolled_up):
    response = manager_client.get(URL, {"period": "7"})
    unanswered = rolled_up.questions["unanswered"]
    assert unanswered.get_absolute_url() in response.content.decode()
    assert "Unanswered questions older than a day 1" in page_text(response)


def test_the_segment_table_sorts_by_a_number(manager_client, rolled_up):
    response = manager_client.get(
        URL, {"period": "7", "rows": "industry", "sort": forums.FIRST_REPLY, "order": "desc"}
    )
    text = page_text(response)
    # The slowest first replies (10 h, in the second industry) come first.
    assert text.index(rolled_up.software.name, text.index("By segment")) < text.index(
        rolled_up.retail.name, text.index("By segment")
    )
    assert 'aria-sort="descending"' in response.content.decode()


def test_segment_table_downloads_as_csv_with_the_same_numbers(manager_client, rolled_up):
    response = manager_client.get(
        reverse("insight_csv"), {"period": "7", "rows": "industry", "table": "segments"}
    )
    rows = _csv(response)
    header = rows[0]
    by_industry = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    retail = by_industry[rolled_up.retail.name]
    assert retail["Questions asked"] == "2"
    assert retail["Questions solved (%)"] == "50.0"
    assert float(retail["Time to first reply (hours)"]) == pytest.approx(2, rel=0.1)


def test_list_behind_a_number_downloads_as_csv(manager_client, rolled_up):
    response = manager_client.get(
        reverse("insight_drilldown"),
        {"period": "7", "metric": forums.UNANSWERED, "format": "csv"},
    )
    rows = _csv(response)
    assert rows[0][:3] == ["Question", "Asked by", "Asked"]
    assert [row[0] for row in rows[1:]] == ["Tax exemption certificates per region"]


def test_a_formula_in_a_title_stays_text_in_the_csv(manager_client, rolled_up):
    from forums.models import Topic

    Topic.objects.filter(pk=rolled_up.questions["unanswered"].pk).update(title="=HYPERLINK(1)")
    response = manager_client.get(
        reverse("insight_drilldown"),
        {"period": "7", "metric": forums.UNANSWERED, "format": "csv"},
    )
    assert _csv(response)[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "２０２６-01-01", "end": "2026-01-31"},
        {"period": "custom", "start": "2026-02-30", "end": "2026-03-01"},
        {"period": "custom", "start": "2026-03-01", "end": "2026-01-01"},
        {"industry": "٣"},
        {"period": "week"},
    ],
)
def test_bad_filters_get_a_clear_message_and_keep_what_was_typed(manager_client, params):
    response = manager_client.get(URL, params)
    assert response.status_code == 400
    assert "These filters don't hold" in page_text(response)
    if "start" in params:
        assert f'value="{params["start"]}"' in response.content.decode()


def test_unknown_number_is_not_found(manager_client):
    response = manager_client.get(reverse("insight_drilldown"), {"metric": "nope.nothing"})
    assert response.status_code == 404


@pytest.mark.parametrize("factory", [CustomerFactory, PartnerFactory])
def test_only_community_managers_see_the_dashboard(client, rolled_up, factory):
    client.force_login(factory())
    for url in (
        URL,
        reverse("insight_drilldown") + "?metric=forums.questions",
        reverse("insight_csv"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Questions asked" not in response.content


def test_signed_out_visitors_are_sent_to_sign_in(client, rolled_up):
    response = client.get(URL)
    assert response.status_code == 302
