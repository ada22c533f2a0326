"""A question from asking to accepted, with everyone's pages live in their own browsers.

The asker sees similar answered questions while typing the title; another member answers and
mentions a third, whose bell and toast update without a reload; the answer appears on the
asker's open topic page, and the asker accepts it.
"""

from playwright.sync_api import expect

from forums import services as forum_services
from tests.e2e.live import mark_the_page, still_the_same_page, wait_for_live_socket
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory

ANSWERED = "Exporting campaign reports to CSV"
QUESTION = "How to export a report as CSV"


def answered_question(category) -> None:
    """A solved question whose title is like the one about to be asked."""
    question = TopicFactory(
        category=category,
        title=ANSWERED,
        body="Where is the export button for campaign reports?",
    )
    answer = ReplyFactory(topic=question, body="Open the report, then Export, then choose CSV.")
    forum_services.accept_solution(topic=question, reply=answer, member=question.author)


def test_a_question_is_answered_with_a_mention_and_accepted_live(signed_in, viewport):
    category = ForumCategoryFactory()
    answered_question(category)
    asker = CustomerFactory(display_name="Ana Souza")
    answerer = CustomerFactory(display_name="Bruno Lima")
    mentioned = CustomerFactory(display_name="Carla Mendes")

    # The mentioned member is somewhere else on the site, listening.
    elsewhere = signed_in(mentioned, viewport=viewport)
    elsewhere.goto("/forums/")
    wait_for_live_socket(elsewhere)
    mark_the_page(elsewhere)
    bell = elsewhere.locator("[data-notification-bell]")
    expect(bell).to_have_attribute("aria-label", "Notifications")

    # The asker types the title and sees that something like it was answered already.
    asking = signed_in(asker, viewport=viewport)
    asking.goto(f"/forums/{category.slug}/new/")
    asking.get_by_role("radio", name="Question").check()
    asking.get_by_label("Title").press_sequentially(QUESTION, delay=15)
    similar = asking.locator("[data-similar-panel]")
    expect(similar).to_be_visible()
    expect(similar.get_by_role("link", name=ANSWERED).first).to_be_visible()
    asking.get_by_label("Details").fill("I need the numbers in a spreadsheet every Monday.")
    asking.get_by_role("button", name="Post topic").click()
    expect(asking.get_by_role("heading", level=1)).to_have_text(QUESTION)
    topic_url = asking.url
    wait_for_live_socket(asking, "/ws/forums/topics/")
    mark_the_page(asking)

    # Another member answers and brings the third one in with an @mention.
    answering = signed_in(answerer, viewport=viewport)
    answering.goto(topic_url)
    answering.get_by_label("Your reply").fill(
        f"Reports have an Export menu; @{mentioned.username} set ours up, she knows the CSV options."
    )
    answering.get_by_role("button", name="Post your answer").click()
    expect(answering.get_by_text("Reports have an Export menu")).to_be_visible()

    # The mentioned member's toast (first: it leaves after a few seconds) and bell, no reload.
    toast = elsewhere.locator("[data-toasts] [data-toast-item]")
    expect(toast).to_contain_text(f"Bruno Lima mentioned you in “{QUESTION}”")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    expect(elsewhere.locator("#notification-count")).to_have_text("1")
    assert still_the_same_page(elsewhere), "the bell updated by reloading the page"

    # The answer arrives on the asker's open page; the asker accepts it.
    answer = asking.locator("article[id='reply-1']")
    expect(answer).to_contain_text("Reports have an Export menu")
    assert still_the_same_page(asking), "the answer appeared by reloading the page"
    answer.get_by_role("button", name="Accept as solution").click()
    expect(asking.get_by_role("heading", name="Accepted answer")).to_be_visible()
    expect(asking.locator("article[id='reply-1']")).to_contain_text("Accepted solution")
