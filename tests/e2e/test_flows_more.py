"""The rest of the site's flows, each as the person would do it in a browser.

Search with suggestions, then a facet; three reports hiding a reply and the manager's review;
a partner's story from the admin to /stories/; an announcement reaching its segment live; and a
question asked and answered with the keyboard alone, focus visible at every step.
"""

from __future__ import annotations

import itertools

from playwright.sync_api import Page, expect

from forums import services as forum_services
from tests.e2e.live import wait_for_live_socket
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory
from tests.factories.stories import onboard

PARTNER_NUMBERS = itertools.count(1)
# The database lives as long as the run: each search test looks for a word of its own.
SEARCH_WORDS = iter(["Quasar", "Pulsar", "Nebula", "Magnetar", "Zodiac", "Corona"])


def test_search_suggests_while_typing_then_narrows_by_a_facet(new_context, viewport):
    word = next(SEARCH_WORDS)
    category = ForumCategoryFactory()
    solved = TopicFactory(
        category=category,
        title=f"{word} connector drops rows on every sync",
        body=f"Since the upgrade the {word} connector loses a few rows each night.",
    )
    answer = ReplyFactory(topic=solved, body="Turn off batching in the connector settings.")
    forum_services.accept_solution(topic=solved, reply=answer, member=solved.author)
    open_question = TopicFactory(
        category=category,
        title=f"{word} connector timeout settings",
        body=f"Where can I raise the {word} connector's timeout?",
    )

    page = new_context(viewport=viewport).new_page()
    page.goto("/")
    box = page.locator("#site-search-q")
    if not box.is_visible():
        page.locator("[data-nav-toggle]").click()
    box.press_sequentially(f"{word.lower()} conn", delay=20)
    suggestions = page.get_by_role("listbox", name="Search suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("option", name=solved.title)).to_be_visible()
    expect(suggestions.get_by_role("option", name=open_question.title)).to_be_visible()

    # Nothing chosen: Enter searches for what was typed.
    box.press("Enter")
    page.wait_for_url(f"**/search/?q={word.lower()}+conn*")
    results = page.locator("#main")
    expect(results.get_by_role("link", name=solved.title)).to_be_visible()
    expect(results.get_by_role("link", name=open_question.title)).to_be_visible()

    # The status facet: only solved questions are left.
    facets = page.locator("[data-facets-panel]")
    if not facets.is_visible():
        page.locator("[data-facets-toggle]").click()
    facets.get_by_role("link", name="Solved").first.click()
    page.wait_for_url("**status=solved*")
    expect(results.get_by_role("link", name=solved.title)).to_be_visible()
    expect(results.get_by_role("link", name=open_question.title)).to_have_count(0)


def report(page: Page, reply_number: int) -> None:
    page.locator(f"article#reply-{reply_number}").get_by_role("link", name="Report").click()
    page.get_by_role("radio").first.check()
    page.get_by_label("Anything else we should know?").fill("Selling something, not answering.")
    page.get_by_role("button", name="Send report").click()


def test_three_reports_hide_a_reply_and_the_manager_reviews_it(new_context, signed_in):
    topic = TopicFactory(title="Which webhook events fire on unsubscribe?")
    spam = ReplyFactory(topic=topic, body="Cheap followers at spam-followers example, DM me now")
    manager = CommunityManagerFactory()
    reader = new_context().new_page()
    reader.goto(topic.get_absolute_url())
    expect(reader.locator("#main")).to_contain_text("Cheap followers")

    for number in range(3):
        page = signed_in(CustomerFactory())
        page.goto(topic.get_absolute_url())
        report(page, spam.number)
        expect(page.get_by_text("Thanks for your report")).to_be_visible()
        if number < 2:
            expect(page.locator("#main")).to_contain_text("Cheap followers")
    # The third report hid it at once, for everyone.
    expect(page.locator("#main")).not_to_contain_text("Cheap followers")
    reader.reload()
    expect(reader.locator("#main")).not_to_contain_text("Cheap followers")

    admin = signed_in(manager)
    admin.goto("/admin/moderation/")
    entry = admin.get_by_role("link", name=f"Reply #{spam.number} to “{topic.title}”")
    expect(entry).to_be_visible()
    entry.click()
    expect(admin.locator("#item-section")).to_contain_text("3 from 3 members")
    # The reports were right: the reply goes for good.
    admin.get_by_role("button", name="Delete", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("Removed")
    admin.goto("/admin/moderation/")
    expect(entry).to_have_count(0)
    reader.reload()
    expect(reader.locator("#main")).not_to_contain_text("Cheap followers")


def test_a_partner_story_is_submitted_approved_and_published(new_context, signed_in):
    partner = PartnerFactory(display_name="Lars Eriksen")
    onboard(f"Fjordline Partners {next(PARTNER_NUMBERS)}", partner)
    manager = CommunityManagerFactory()
    title = f"Zephyr Mills goes live in two weeks ({partner.pk})"

    writing = signed_in(partner)
    writing.goto("/")
    writing.get_by_label("Account menu for Lars Eriksen").click()
    writing.get_by_role("link", name="Write a story").click()
    writing.locator("#id_title").fill(title)
    writing.locator("#id_summary").fill("Zephyr Mills cut onboarding from six weeks to two.")
    writing.locator("#id_customer_name").fill("Zephyr Mills")
    writing.get_by_role("button", name="More actions").click()
    writing.get_by_role("button", name="Submit to Stories review").click()
    expect(writing.locator(".messages")).to_contain_text("submitted for moderation")

    visitor = new_context().new_page()
    visitor.goto("/stories/")
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)

    reviewing = signed_in(manager)
    reviewing.goto("/admin/")
    reviewing.get_by_role("link", name=title).first.click()
    reviewing.get_by_role("button", name="More actions").click()
    reviewing.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(reviewing.locator(".messages")).to_contain_text(title)

    visitor.reload()
    visitor.get_by_role("link", name=title).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)


def test_an_announcement_reaches_its_segment_live(signed_in):
    listener = CustomerFactory(display_name="Rita Okafor")
    profile = listener.profile
    outsider = CustomerFactory(profile__industry=_another_industry(profile.industry))
    manager = CommunityManagerFactory()
    title = f"Healthcare advisory board opens ({listener.pk})"

    pages = {}
    for member in (listener, outsider):
        page = signed_in(member)
        page.goto("/forums/")
        wait_for_live_socket(page)
        expect(page.locator("[data-notification-bell]")).to_have_attribute(
            "aria-label", "Notifications"
        )
        pages[member] = page

    admin = signed_in(manager)
    admin.goto("/admin/announcements/new/")
    admin.get_by_label("Title").fill(title)
    admin.locator("#id_body_source").fill("Six teams will shape the roadmap with us. Join us.")
    admin.locator(f"input[name=industries][value='{profile.industry.pk}']").check()
    admin.locator(f"input[name=regions][value='{profile.country.region.pk}']").check()
    admin.get_by_role("button", name="Save and review").click()
    send = admin.get_by_role("button", name="Send to")
    expect(send).to_be_visible()
    send.click()
    expect(admin.locator(".messages")).to_be_visible()

    page = pages[listener]
    expect(page.locator("[data-notification-bell]")).to_have_attribute(
        "aria-label", "Notifications, 1 unread"
    )
    expect(page.locator("[data-toasts] [data-toast-item]")).to_contain_text(title)
    page.locator("[data-toasts] [data-toast-item] a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)

    # The member outside the segment heard nothing.
    quiet = pages[outsider]
    expect(quiet.locator("[data-notification-bell]")).to_have_attribute(
        "aria-label", "Notifications"
    )
    expect(quiet.locator("[data-toasts] [data-toast-item]")).to_have_count(0)


def _another_industry(industry):
    return type(industry).objects.exclude(pk=industry.pk).order_by("sort_order").first()


# The focused element as a keyboard user sees it: what it is, and whether something marks it.
FOCUS = """() => {
    const element = document.activeElement;
    const marked = node => {
        const style = getComputedStyle(node);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== "none";
        return outline || shadow;
    };
    return {
        tag: element.tagName.toLowerCase(),
        name: element.getAttribute("name") || "",
        type: element.getAttribute("type") || "",
        text: (element.innerText || element.value || element.getAttribute("aria-label") || "").trim(),
        focusVisible: element.matches(":focus-visible"),
        marked: marked(element),
    };
}"""


def focused(page: Page) -> dict:
    state = page.evaluate(FOCUS)
    assert state["focusVisible"] and state["marked"], f"focus is not visible on {state}"
    return state


def tab_to(page: Page, matches, *, limit: int = 80, key: str = "Tab") -> dict:
    """Press Tab until the focused element matches; focus must be visible at every stop."""
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if matches(state):
            return state
    raise AssertionError(f"{limit} presses of {key} never reached the element")


def test_keyboard_only_ask_a_question_and_reply(signed_in):
    category = ForumCategoryFactory()
    asker = CustomerFactory()
    page = signed_in(asker)
    page.goto(category.url)

    tab_to(page, lambda f: f["tag"] == "a" and "new topic" in f["text"].lower())
    page.keyboard.press("Enter")
    page.wait_for_url("**/new/")

    tab_to(page, lambda f: f["type"] == "radio")
    # Radios in a group move with the arrow keys; "Question" is chosen by checking it.
    question = page.get_by_role("radio", name="Question")
    for _ in range(4):
        if question.evaluate("radio => radio === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
        focused(page)
    page.keyboard.press("Space")
    expect(question).to_be_checked()

    tab_to(page, lambda f: f["name"] == "title")
    page.keyboard.type("Keyboard only: where is the export button?")
    tab_to(page, lambda f: f["name"] == "body")
    page.keyboard.type("I use the site without a mouse and cannot find the export.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Post topic")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keyboard only: where is the export button?"
    )

    tab_to(page, lambda f: f["tag"] == "textarea" and f["name"] == "body")
    page.keyboard.type("Found it myself: Reports, then Export, then CSV.")
    reply_button = tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Post"))
    page.keyboard.press("Enter")
    expect(page.locator("article#reply-1")).to_contain_text("Found it myself")
    assert reply_button["text"]
