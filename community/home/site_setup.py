"""Builds the page tree the site needs: home at / and one landing page per section.

Idempotent: running it again leaves an existing tree (and editors' changes to it) alone.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, Page, Site

from careers.pages import CareersIndexPage
from community.core.admin_rights import MEDIA_EDITING, grant_rights
from community.core.links import public_host_and_port
from community.members.roles import Role
from community.stories.pages import StoryIndexPage
from community.stories.workflow import ensure_review_workflow
from events.pages import EventIndexPage
from forums.pages import ForumIndexPage
from learning.pages import LearningIndexPage
from learning.review import ensure_course_review

from .models import HomePage

SECTIONS = [
    (
        ForumIndexPage,
        "Forums",
        "forums",
        "Ask questions, share what works and get answers from peers, partners and our team.",
    ),
    (
        StoryIndexPage,
        "Stories",
        "stories",
        "How customers and partners in your industry succeed, in their own words.",
    ),
    (
        LearningIndexPage,
        "Learning",
        "learning",
        "Courses, lessons and certificates from the customer success university.",
    ),
    (
        EventIndexPage,
        "Events",
        "events",
        "Local chapter meetups, webinars and our yearly conference.",
    ),
    (
        CareersIndexPage,
        "Careers",
        "careers",
        "Jobs from companies in the community, for people who know the product.",
    ),
]

MANAGER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


@transaction.atomic
def ensure_site_tree(*, site_name: str = "Community") -> HomePage:
    """Create (or find) the home page, the default site and the five section pages."""
    home = HomePage.objects.first()
    if home is None:
        home = _create_home_page()
    # The site's address is the configured public one, so `page.full_url` (which Wagtail's own
    # e-mails use) opens for whoever reads it; a run with another BASE_URL moves it along.
    hostname, port = public_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        if site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site_name
        if not Site.objects.exclude(pk=site.pk).filter(hostname=hostname, port=port).exists():
            site.hostname, site.port = hostname, port
        site.save()
    for page_class, title, slug, lead in SECTIONS:
        if not page_class.objects.exists():
            home.add_child(instance=page_class(title=title, slug=slug, lead=lead))
    _grant_manager_permissions(home)
    ensure_review_workflow(StoryIndexPage.objects.get())
    ensure_course_review(LearningIndexPage.objects.get())
    return home


def _create_home_page() -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's fresh install ships a placeholder "Welcome" page at the slug we want.
    for placeholder in root.get_children().filter(slug="home", content_type__model="page"):
        if placeholder.is_leaf():
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
    home = HomePage(title="Home", slug="home")
    root.add_child(instance=home)
    return home


def _grant_manager_permissions(home: HomePage) -> None:
    managers = Group.objects.get(name=Role.COMMUNITY_MANAGER.value)
    grant_rights(
        managers,
        page=home,
        page_codenames=MANAGER_PAGE_PERMISSIONS,
        collection=Collection.get_first_root_node(),
        collection_permissions=MEDIA_EDITING,
    )
