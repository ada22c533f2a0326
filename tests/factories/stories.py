"""Stories, articles, partner sections, products, highlights and images, made the way editors
and partners make them in the Wagtail admin.

`StoryFactory()` is a story published from a revision, so the publish signals run (search
index, advocate badges) exactly as after a community manager's approval. `status=` gives the
other states a page goes through: "draft" (a saved revision, never live), "in_review"
(submitted to the stories workflow) and "rejected" (sent back with a comment).

Pages added with `parent.add_child(instance=...)` are live by default, so drafts are created
with `live=False` and only ever published through a revision.
"""

from io import BytesIO

import factory
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from community.members.models import Audience, Industry, Region
from community.stories import partners
from community.stories.models import MemberHighlight, Product, StoryAdvocate
from community.stories.pages import ArticlePage, ArticleType, StoryIndexPage, StoryPage
from tests.factories.members import CommunityManagerFactory, CustomerFactory
from tests.factories.pages import publish, section_index

CUSTOMERS = [
    "Northwind Outfitters",
    "Bluefin Health",
    "Alder & Reed Insurance",
    "Kestrel Logistics",
    "Tamarind Foods",
    "Orbit Learning",
]
STORY_TITLES = [
    "{customer} cut onboarding time in half",
    "How {customer} grew repeat orders by 35%",
    "{customer} replaced four tools with one journey",
    "Why {customer} moved support into the community",
]
SUMMARIES = [
    "A three-person operations team rebuilt its onboarding journeys by segment and halved the "
    "time new accounts take to go live.",
    "Scoring leads from webinar attendance let the sales team call the right accounts first; "
    "repeat orders followed within a quarter.",
]
PRODUCT_NAMES = ["Journeys", "Lead Scoring", "Analytics", "Connectors", "Service Hub"]
HIGHLIGHT_HEADLINES = [
    "Named Marketer of the Year 2026",
    "Spoke at the spring summit on lifecycle journeys",
    "Featured in Retail Weekly's automation issue",
    "Reached 10,000 customers on one journey",
]

RESULT_METRICS = [
    {"value": "+35%", "label": "repeat orders"},
    {"value": "2 weeks", "label": "to go live"},
]


def story_index() -> StoryIndexPage:
    """The /stories/ page, creating the site tree (and its review workflow) when missing."""
    return section_index(StoryIndexPage)


def latest_version(page: Page) -> Page:
    """The page as an editor sees it: its latest revision (drafts live only there)."""
    return page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()


def submit_for_review(page: Page, user) -> Page:
    """What "Submit for review" does: a revision, then the workflow of the page's section
    (or, for a page sent back for changes, the same workflow resumed)."""
    page.save_revision(user=user, clean=True)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        page.get_workflow().start(page, user)
    return latest_version(page)


def current_task_state(page: Page):
    return page.current_workflow_state.current_task_state.specific


def decide(page: Page, manager, action: str, comment: str = "") -> Page:
    """A community manager approves or rejects the task the page waits on."""
    task_state = current_task_state(page)
    task_state.task.specific.on_action(task_state, manager, action, comment=comment)
    return latest_version(page)


def story_body(*, quoted=None, metrics=RESULT_METRICS, extra=()) -> list[dict]:
    """A story's body in StreamField's stored form: challenge, solution, results, quote, metrics."""
    quote = {
        "text": "We stopped guessing which accounts needed us; the journeys tell us now.",
        "name": str(quoted) if quoted is not None else "Maren Olsen",
        "role": "Head of Operations, Northwind Outfitters",
        "member": quoted.pk if quoted is not None else None,
    }
    return [
        {"type": "challenge", "value": "<p>Onboarding took six weeks and three spreadsheets.</p>"},
        {"type": "solution", "value": "<p>One journey per segment, scored by engagement.</p>"},
        {"type": "results", "value": "<p>New accounts now go live in <b>two weeks</b>.</p>"},
        {"type": "quote", "value": quote},
        {"type": "metrics", "value": [dict(metric) for metric in metrics]},
        *extra,
    ]


def image_bytes(*, size=(64, 64), color=(30, 110, 160), image_format="PNG") -> bytes:
    buffer = BytesIO()
    PillowImage.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name: str = "logo.png", **kwargs) -> SimpleUploadedFile:
    """An uploaded PNG (by default) as a browser would send it."""
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")


def make_image(title: str = "Customer logo", *, collection: Collection | None = None, **kwargs):
    """A Wagtail image with a real file, in the root collection unless told otherwise."""
    file = ImageFile(BytesIO(image_bytes(**kwargs)), name=f"{slugify(title) or 'image'}.png")
    return get_image_model().objects.create(
        title=title,
        file=file,
        collection=collection or Collection.get_first_root_node(),
    )


def onboard(name: str, *members) -> partners.Onboarded:
    """A partner organisation onboarded as a community manager would, with these members."""
    story_index()
    return partners.onboard_partner(name=name, member_emails=[member.email for member in members])


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"{PRODUCT_NAMES[n % len(PRODUCT_NAMES)]} {n}")
    slug = factory.LazyAttribute(lambda product: slugify(product.name))
    sort_order = factory.Sequence(lambda n: n)


class StoryFactory(factory.Factory):
    """A customer story under /stories/ (or `parent=` a partner section), published by default.

    `tags=["retail", "onboarding"]` (names), `products=[...]`, `advocates=[member, ...]`,
    `quoted=member` (the quote links to them), `status="draft" | "in_review" | "rejected"`.
    """

    class Meta:
        model = StoryPage

    customer_name = factory.Sequence(lambda n: CUSTOMERS[n % len(CUSTOMERS)])
    title = factory.LazyAttributeSequence(
        lambda story, n: (
            f"{STORY_TITLES[n % len(STORY_TITLES)].format(customer=story.customer_name)} ({n})"
        )
    )
    slug = factory.LazyAttribute(lambda story: slugify(story.title)[:80].strip("-"))
    summary = factory.Sequence(lambda n: SUMMARIES[n % len(SUMMARIES)])
    industry = factory.Iterator(Industry.objects.order_by("sort_order"))
    region = factory.Iterator(Region.objects.order_by("sort_order"))
    audience = factory.Iterator([Audience.B2B, Audience.B2C, Audience.BOTH])
    featured = False

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in ("parent", "owner", "status", "tags", "products", "advocates", "quoted"):
            kwargs.pop(name, None)
        kwargs.setdefault("body", story_body())
        return model_class(**kwargs)

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        parent=None,
        owner=None,
        status="published",
        tags=(),
        products=(),
        advocates=(),
        quoted=None,
        **fields,
    ):
        fields.setdefault("body", story_body(quoted=quoted))
        page = model_class(owner=owner, live=False, **fields)
        (parent or story_index()).add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        if products:
            page.products.set(products)
        for member in advocates:
            page.advocates.add(StoryAdvocate(member=member))
        if status == "published":
            return publish(page)
        if status == "draft":
            page.save_revision(user=owner)
            return latest_version(page)
        submitted = submit_for_review(page, owner or CustomerFactory())
        if status == "in_review":
            return submitted
        if status == "rejected":
            return decide(submitted, CommunityManagerFactory(), "reject", "Name the customer.")
        raise ValueError(f"Unknown story status {status!r}")


class ArticleFactory(StoryFactory):
    """A partner's how-to (or `article_type=ArticleType.ANNOUNCEMENT`): no customer."""

    class Meta:
        model = ArticlePage

    customer_name = ""
    title = factory.Sequence(lambda n: f"Five journeys every retailer should start with ({n})")
    article_type = ArticleType.HOW_TO


class HighlightFactory(DjangoModelFactory):
    """A member's achievement on the home page, from today until someone removes it."""

    class Meta:
        model = MemberHighlight

    member = factory.SubFactory(CustomerFactory)
    kind = "award"
    headline = factory.Sequence(lambda n: HIGHLIGHT_HEADLINES[n % len(HIGHLIGHT_HEADLINES)])
    text = "Recognised for a year of lifecycle journeys that other members now copy."
    link = "https://www.example.com/awards/2026"
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = None
