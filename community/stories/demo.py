"""Demo stories: products, a partner section, customer stories written by the community team
and by the partner, partner articles, one story waiting for review and one sent back with a
comment, recommendations, advocates, member highlights and a history of story views by
segment (see `demo_views.py`).

What they say is written in `demo_data/*.toml`; this module reads it, checks it and seeds it.
Logos and pictures are drawn on the fly and kept small, so seeding stays fast. Every piece is
added only when it is missing, so running the seeder again adds nothing.
"""

import math
import random
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry

from community.core.demo import Output, silent_mail
from community.members.models import Industry, Region, User
from community.members.roles import Role

from .blocks import RICH_TEXT_BLOCKS
from .demo_views import seed_story_views
from .models import HighlightKind, MemberHighlight, Product, StoryAdvocate, StoryRecommendation
from .pages import ArticlePage, ArticleType, PartnerPage, StoryIndexPage, StoryPage
from .partners import onboard_partner
from .services import sync_advocates

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# The demo logins (seeded with the members): the manager publishes, the partner writes.
MANAGER_EMAIL = "manager@example.com"
PARTNER_EMAIL = "partner@example.com"

LOGO_SIZE = (256, 256)
HERO_SIZE = (1200, 630)
FONT_FILES = ("DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf")


# -- What to write, read from demo_data/ ---------------------------------------------------


class DemoDataError(ValueError):
    """A data file says something the seeder cannot use; the message names the file and entry."""


@dataclass(frozen=True)
class Quote:
    text: str
    name: str
    role: str
    # "company:<name>" quotes a demo member working there, or an e-mail a named account;
    # when nobody matches, the name and role above are shown without a member.
    member: str = ""


@dataclass(frozen=True)
class Picture:
    """An illustration placed in a story's body, drawn once and shared."""

    key: str
    caption: str
    alt_text: str


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    summary: str
    days_ago: int
    palette: tuple[str, str]
    tags: tuple[str, ...]
    body: list[tuple[str, Any]]
    customer: str = ""
    industry: str = ""
    region: str = ""
    audience: str = ""
    products: tuple[str, ...] = ()
    featured: bool = False
    advocates: tuple[str, ...] = ()
    recommenders: int = 0
    article_type: str = ""


@dataclass(frozen=True)
class Partner:
    name: str
    summary: str
    website: str
    about: str
    logo_palette: tuple[str, str]


@dataclass(frozen=True)
class Highlight:
    member: str  # as in Quote.member
    kind: str
    headline: str
    text: str
    link: str
    days_ago: int


@dataclass(frozen=True)
class DemoStories:
    """Everything the seeder writes, in the order it writes it."""

    partner: Partner
    products: list[tuple[str, str]]  # (name, slug)
    team_stories: list[Plan]
    partner_stories: list[Plan]
    partner_articles: list[Plan]
    waiting: Plan
    sent_back: Plan
    review_comment: str
    highlights: list[Highlight]


PLAN_KEYS = (set(Plan.__dataclass_fields__) - {"body"}) | {"block"}
PLAN_REQUIRED = {"slug", "title", "summary", "days_ago", "palette", "tags", "block"}
# Each block type and its keys; all are required but a quote's member.
BLOCK_KEYS = {
    **{block: {"text"} for block in RICH_TEXT_BLOCKS},
    "metrics": {"metrics"},
    "quote": {"text", "name", "role", "member"},
    "image": {"picture", "caption", "alt_text"},
    "call_to_action": {"heading", "text", "button_label", "url"},
}


def load_stories(directory: Path = DATA_DIR) -> DemoStories:
    """The demo's stories and everything around them, checked; raises DemoDataError."""

    def read(name: str) -> dict[str, Any]:
        with (directory / name).open("rb") as handle:
            return tomllib.load(handle)

    def plans(name: str, table: str) -> list[Plan]:
        return [_plan(raw, where=name) for raw in read(name).get(table, [])]

    partner = read("partner.toml")
    _check_keys(partner, set(Partner.__dataclass_fields__), where="partner.toml")
    products = read("products.toml").get("product", [])
    for raw in products:
        _check_keys(raw, {"name", "slug"}, where="products.toml")
    in_review = read("in-review.toml")
    sent_back = dict(in_review.get("sent_back", {}))
    review_comment = sent_back.pop("comment", "")
    if not review_comment:
        raise DemoDataError("in-review.toml: the article sent back needs its `comment`.")
    stories = DemoStories(
        partner=Partner(**{**partner, "logo_palette": tuple(partner["logo_palette"])}),
        products=[(raw["name"], raw["slug"]) for raw in products],
        team_stories=plans("team-stories.toml", "story"),
        partner_stories=plans("partner-stories.toml", "story"),
        partner_articles=plans("partner-articles.toml", "article"),
        waiting=_plan(in_review.get("waiting", {}), where="in-review.toml, waiting"),
        sent_back=_plan(sent_back, where="in-review.toml, sent_back"),
        review_comment=review_comment,
        highlights=[_highlight(raw) for raw in read("highlights.toml").get("highlight", [])],
    )
    every = [
        *stories.team_stories,
        *stories.partner_stories,
        *stories.partner_articles,
        stories.waiting,
        stories.sent_back,
    ]
    slugs = [plan.slug for plan in every]
    if repeated := sorted({slug for slug in slugs if slugs.count(slug) > 1}):
        raise DemoDataError(f"Story and article slugs must be distinct; repeated: {repeated}")
    return stories


def _plan(raw: dict, *, where: str) -> Plan:
    where = f"{where}, {raw.get('slug', 'an entry without a slug')}"
    _check_keys(raw, PLAN_KEYS, required=PLAN_REQUIRED, where=where)
    if raw.get("article_type", "") not in ("", *ArticleType.values):
        raise DemoDataError(f"{where}: article_type must be one of {ArticleType.values}.")
    if not (raw.get("customer") or raw.get("article_type")):
        raise DemoDataError(f"{where}: a story needs its customer, an article its article_type.")
    fields = {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}
    body = [_block(block, where=where) for block in fields.pop("block")]
    return Plan(**fields, body=body)


def _block(raw: dict, *, where: str) -> tuple[str, Any]:
    kind = raw.get("type")
    if kind not in BLOCK_KEYS:
        raise DemoDataError(f"{where}: a block's type must be one of {sorted(BLOCK_KEYS)}.")
    fields = {key: value for key, value in raw.items() if key != "type"}
    where = f"{where}, {kind} block"
    _check_keys(fields, BLOCK_KEYS[kind], required=BLOCK_KEYS[kind] - {"member"}, where=where)
    if kind in RICH_TEXT_BLOCKS:
        return kind, fields["text"]
    if kind == "metrics":
        for metric in fields["metrics"]:
            _check_keys(metric, {"value", "label"}, where=where)
        return kind, [{"value": m["value"], "label": m["label"]} for m in fields["metrics"]]
    if kind == "quote":
        return kind, Quote(**fields)
    if kind == "image":
        if fields["picture"] not in _ILLUSTRATIONS:
            raise DemoDataError(f"{where}: picture must be one of {sorted(_ILLUSTRATIONS)}.")
        return kind, Picture(fields["picture"], fields["caption"], fields["alt_text"])
    return kind, fields


def _highlight(raw: dict) -> Highlight:
    where = f"highlights.toml, {raw.get('headline', 'a highlight without a headline')}"
    _check_keys(raw, set(Highlight.__dataclass_fields__), where=where)
    if raw["kind"] not in HighlightKind.values:
        raise DemoDataError(f"{where}: kind must be one of {HighlightKind.values}.")
    return Highlight(**raw)


def _check_keys(
    raw: dict, allowed: set[str], *, where: str, required: set[str] | None = None
) -> None:
    """Unknown keys are typos, so they are refused rather than ignored; all keys are required
    unless `required` says which."""
    if unknown := set(raw) - allowed:
        raise DemoDataError(f"{where}: unknown keys {sorted(unknown)}")
    if missing := (allowed if required is None else required) - set(raw):
        raise DemoDataError(f"{where}: missing keys {sorted(missing)}")


# -- Seeding ------------------------------------------------------------------------------


@dataclass
class Context:
    manager: User
    partner: User
    index: StoryIndexPage
    partner_page: PartnerPage
    partner_collection: Collection
    products: dict[str, Product]
    industries: dict[str, Industry]
    regions: dict[str, Region]
    crowd: list[User]
    now: datetime = field(default_factory=timezone.now)
    recommendations: list[StoryRecommendation] = field(default_factory=list)
    _members: dict[str, User | None] = field(default_factory=dict)

    def member(self, key: str) -> User | None:
        """A demo member by e-mail, or "company:<name>": the first demo customer working there."""
        if key not in self._members:
            if key.startswith("company:"):
                self._members[key] = (
                    User.objects.filter(
                        email__endswith="@demo.example.com",
                        is_active=True,
                        profile__company=key.removeprefix("company:"),
                        groups__name=Role.CUSTOMER.value,
                    )
                    .select_related("profile")
                    .order_by("email")
                    .first()
                )
            else:
                self._members[key] = (
                    User.objects.filter(email=key).select_related("profile").first()
                )
        return self._members[key]


def seed_stories(options: dict[str, Any], out: Output) -> None:
    stories = load_stories()
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    partner = User.objects.filter(email=PARTNER_EMAIL).first()
    index = StoryIndexPage.objects.first()
    if manager is None or partner is None or index is None:
        out("  The demo logins or the stories section are missing; seed members first.")
        return

    products_added = _ensure_products(stories.products)
    onboarded = onboard_partner(
        name=stories.partner.name,
        member_emails=[PARTNER_EMAIL],
        summary=stories.partner.summary,
        website=stories.partner.website,
    )
    context = Context(
        manager=manager,
        partner=partner,
        index=index,
        partner_page=onboarded.page,
        partner_collection=onboarded.collection,
        products={product.slug: product for product in Product.objects.all()},
        industries={industry.slug: industry for industry in Industry.objects.all()},
        regions={region.code: region for region in Region.objects.all()},
        crowd=list(
            User.objects.filter(
                email__endswith="@demo.example.com",
                is_active=True,
                groups__name=Role.CUSTOMER.value,
            ).order_by("email")[:80]
        ),
    )
    _complete_partner_page(context, stories.partner)

    added: dict[str, int] = {"stories": 0, "articles": 0, "waiting": 0, "sent back": 0}
    for plan in stories.team_stories:
        added["stories"] += _publish(context, plan, parent=index, author=manager)
    for plan in stories.partner_stories:
        added["stories"] += _publish(context, plan, parent=context.partner_page, author=partner)
    for plan in stories.partner_articles:
        added["articles"] += _publish(context, plan, parent=context.partner_page, author=partner)
    added["waiting"] += _submit_for_review(context, stories.waiting)
    added["sent back"] += _submit_for_review(
        context, stories.sent_back, reject_with=stories.review_comment
    )
    recommendations = _recommend(context)
    highlights = _ensure_highlights(context, stories.highlights)
    sync_advocates()
    views = seed_story_views()

    if not any(added.values()) and not products_added and not highlights and not views:
        live = StoryPage.objects.live().count()
        out(f"  {live} stories and articles already there; nothing to add.")
        return
    out(
        f"  {products_added} products, {added['stories']} stories, {added['articles']} "
        f"articles, {added['waiting']} draft waiting for review, {added['sent back']} sent "
        f"back with a comment, {recommendations} recommendations, {highlights} member "
        f"highlights and {views} story views added."
    )


def _ensure_products(products: list[tuple[str, str]]) -> int:
    added = 0
    for order, (name, slug) in enumerate(products):
        _, created = Product.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10}
        )
        added += created
    return added


def _complete_partner_page(context: Context, partner: Partner) -> None:
    """Give the partner section a logo and an introduction, once."""
    page = context.partner_page
    if page.logo_id:
        return
    with transaction.atomic():
        page.logo = _image(
            f"{partner.name} logo",
            lambda: _draw_logo(partner.name, partner.logo_palette),
            collection=context.partner_collection,
            owner=context.partner,
            extension="png",
        )
        page.about = partner.about
        page.save_revision(user=context.manager).publish(user=context.manager)


def _publish(context: Context, plan: Plan, *, parent: Page, author: User) -> int:
    """Write the page as `author`; a community manager publishes it. 1 if added, else 0."""
    if parent.get_children().filter(slug=plan.slug).exists():
        return 0
    with transaction.atomic():
        page = _new_page(context, plan, parent=parent, author=author, live=True)
        page.save_revision(user=author).publish(user=context.manager)
        when = context.now - timedelta(days=plan.days_ago, hours=_hours(plan.slug))
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        page.revisions.update(created_at=when)
        PageLogEntry.objects.filter(page=page).update(timestamp=when)
        _add_recommenders(context, page, plan, published_at=when)
    return 1


def _submit_for_review(context: Context, plan: Plan, *, reject_with: str = "") -> int:
    """A partner's draft submitted to the review workflow; rejected with a comment if asked."""
    parent = context.partner_page
    if parent.get_children().filter(slug=plan.slug).exists():
        return 0
    # Wagtail's review e-mails to managers and partner stay unsent.
    with transaction.atomic(), silent_mail():
        page = _new_page(context, plan, parent=parent, author=context.partner, live=False)
        page.save_revision(user=context.partner)
        workflow = page.get_workflow()
        if workflow is None:
            return 1
        state = workflow.start(page, context.partner)
        if reject_with and state.current_task_state is not None:
            task_state = state.current_task_state
            task_state.task.specific.on_action(
                task_state, context.manager, "reject", comment=reject_with
            )
    return 1


def _new_page(context: Context, plan: Plan, *, parent: Page, author: User, live: bool):
    in_partner_section = parent.pk == context.partner_page.pk
    collection = context.partner_collection if in_partner_section else None
    hero = _image(
        f"{plan.customer or plan.title}: header picture",
        lambda: _draw_hero(plan.palette, seed=plan.slug),
        collection=collection,
        owner=author,
        extension="jpg",
    )
    fields: dict[str, Any] = {
        "title": plan.title,
        "slug": plan.slug,
        "owner": author,
        "live": live,
        "summary": plan.summary,
        "hero_image": hero,
        "industry": context.industries.get(plan.industry),
        "region": context.regions.get(plan.region),
        "audience": plan.audience,
        "featured": plan.featured,
        "body": _body(context, plan.body, collection=collection, owner=author),
        "advocates": [
            StoryAdvocate(member=member)
            for member in _unique(context.member(key) for key in plan.advocates)
        ],
    }
    if plan.article_type:
        page = ArticlePage(article_type=plan.article_type, **fields)
    else:
        logo = _image(
            f"{plan.customer} logo",
            lambda: _draw_logo(plan.customer, plan.palette),
            collection=collection,
            owner=author,
            extension="png",
        )
        page = StoryPage(customer_name=plan.customer, customer_logo=logo, **fields)
    page.products = [context.products[slug] for slug in plan.products if slug in context.products]
    page.tags.add(*plan.tags)
    parent.add_child(instance=page)
    return page


def _body(context: Context, blocks: list[tuple[str, Any]], *, collection, owner) -> list:
    body = []
    for block_type, value in blocks:
        if isinstance(value, Quote):
            value = _quote(context, value)
        elif isinstance(value, Picture):
            value = {
                "image": _image(
                    _ILLUSTRATIONS[value.key][0],
                    _ILLUSTRATIONS[value.key][1],
                    collection=collection,
                    owner=owner,
                    extension="png",
                ),
                "caption": value.caption,
                "alt_text": value.alt_text,
            }
        body.append((block_type, value))
    return body


def _quote(context: Context, quote: Quote) -> dict[str, Any]:
    member = context.member(quote.member) if quote.member else None
    if member is None:
        return {"text": quote.text, "name": quote.name, "role": quote.role, "member": None}
    profile = getattr(member, "profile", None)
    role = (
        ", ".join(part for part in (profile.job_title, profile.company) if part) if profile else ""
    )
    return {"text": quote.text, "name": str(member), "role": role, "member": member}


def _unique(members) -> list[User]:
    seen: dict[int, User] = {}
    for member in members:
        if member is not None:
            seen.setdefault(member.pk, member)
    return list(seen.values())


def _hours(slug: str) -> int:
    return random.Random(slug).randint(7, 17)


def _add_recommenders(context: Context, page: StoryPage, plan: Plan, *, published_at) -> None:
    if not plan.recommenders or not context.crowd:
        return
    rng = random.Random(f"recommend:{plan.slug}")
    members = rng.sample(context.crowd, min(plan.recommenders, len(context.crowd)))
    age = max((context.now - published_at).total_seconds(), 3600)
    context.recommendations.extend(
        StoryRecommendation(
            story=page,
            member=member,
            created_at=published_at + timedelta(seconds=rng.uniform(600, age)),
        )
        for member in members
        if member.pk != page.owner_id
    )


def _recommend(context: Context) -> int:
    """The recommendations of the stories added in this run."""
    if not context.recommendations:
        return 0
    StoryRecommendation.objects.bulk_create(context.recommendations, ignore_conflicts=True)
    return len(context.recommendations)


def _ensure_highlights(context: Context, highlights: list[Highlight]) -> int:
    added = 0
    today = timezone.localdate()
    for highlight in highlights:
        if MemberHighlight.objects.filter(headline=highlight.headline).exists():
            continue
        # Which demo members work where depends on the crowd's size; any customer will do.
        member = context.member(highlight.member) or (context.crowd[0] if context.crowd else None)
        if member is None:
            continue
        MemberHighlight.objects.create(
            member=member,
            kind=highlight.kind,
            headline=highlight.headline,
            text=highlight.text,
            link=highlight.link,
            starts_on=today - timedelta(days=highlight.days_ago),
        )
        added += 1
    return added


# -- Pictures -----------------------------------------------------------------------------


def _image(title: str, draw, *, collection: Collection | None, owner: User, extension: str):
    """The Wagtail image with this title in the collection, drawn and saved if missing."""
    Image = get_image_model()
    collection = collection or Collection.get_first_root_node()
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    picture: PillowImage.Image = draw()
    data = BytesIO()
    if extension == "jpg":
        picture.convert("RGB").save(data, "JPEG", quality=85, optimize=True)
    else:
        picture.save(data, "PNG", optimize=True)
    data.seek(0)
    name = f"{_file_stem(title)}.{extension}"
    image = Image(title=title, collection=collection, uploaded_by_user=owner)
    image.file = ImageFile(data, name=name)
    image.save()
    return image


def _file_stem(title: str) -> str:
    return slugify(title)[:60] or "picture"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _gradient(size: tuple[int, int], start: str, end: str) -> PillowImage.Image:
    """A soft diagonal gradient from `start` (top left) to `end` (bottom right)."""
    across = PillowImage.linear_gradient("L").rotate(90).transpose(PillowImage.FLIP_LEFT_RIGHT)
    down = PillowImage.linear_gradient("L")
    mask = PillowImage.blend(across, down, 0.4).resize(size, PillowImage.BICUBIC)
    return PillowImage.composite(
        PillowImage.new("RGB", size, _rgb(end)), PillowImage.new("RGB", size, _rgb(start)), mask
    )


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def _draw_logo(name: str, palette: tuple[str, str]) -> PillowImage.Image:
    width, height = LOGO_SIZE
    picture = _gradient(LOGO_SIZE, *palette).convert("RGBA")
    ring = PillowImage.new("RGBA", LOGO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(ring)
    pen.ellipse((28, 28, width - 28, height - 28), outline=(255, 255, 255, 90), width=6)
    picture.alpha_composite(ring)
    pen = ImageDraw.Draw(picture)
    pen.text(
        (width / 2, height / 2),
        _initials(name),
        font=_font(92),
        fill=(255, 255, 255, 255),
        anchor="mm",
    )
    return picture.convert("RGB")


def _draw_hero(palette: tuple[str, str], *, seed: str) -> PillowImage.Image:
    rng = random.Random(seed)
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, *palette).convert("RGBA")
    glow = PillowImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(glow)
    for _ in range(7):
        radius = rng.randint(90, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        pen.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=(255, 255, 255, rng.randint(28, 70)),
        )
    picture.alpha_composite(glow.filter(ImageFilter.GaussianBlur(36)))
    lines = PillowImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(lines)
    for step in range(4):
        base = height * (0.55 + step * 0.09)
        phase, waves = rng.uniform(0, math.tau), rng.uniform(1.2, 2.4)
        points = [
            (x, base + 22 * math.sin(phase + math.tau * waves * x / width))
            for x in range(0, width + 20, 20)
        ]
        pen.line(points, fill=(255, 255, 255, 46), width=3, joint="curve")
    picture.alpha_composite(lines)
    return picture.convert("RGB")


def _draw_dashboard() -> PillowImage.Image:
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, "#f8fafc", "#e2e8f0")
    pen = ImageDraw.Draw(picture)
    pen.rounded_rectangle(
        (60, 50, width - 60, height - 50), radius=24, fill="#ffffff", outline="#cbd5e1", width=2
    )
    pen.text((100, 86), "Conversion by week", font=_font(30), fill="#0f172a")
    pen.text((100, 130), "Before and after the new program", font=_font(20), fill="#64748b")
    left, bottom, top = 110, height - 110, 200
    weeks = 12
    step = (width - 220) / weeks
    values = [22, 24, 21, 25, 23, 26, 31, 34, 36, 39, 41, 44]
    for week, value in enumerate(values):
        x = left + week * step
        bar_top = bottom - (bottom - top) * value / 50
        colour = "#94a3b8" if week < 6 else "#6366f1"
        pen.rounded_rectangle((x + 10, bar_top, x + step - 10, bottom), radius=6, fill=colour)
    trend = [
        (left + week * step + step / 2, bottom - (bottom - top) * (value + 4) / 50)
        for week, value in enumerate(values)
    ]
    pen.line(trend, fill="#ec4899", width=5, joint="curve")
    for x, y in trend:
        pen.ellipse((x - 7, y - 7, x + 7, y + 7), fill="#ffffff", outline="#ec4899", width=3)
    pen.line((left, bottom, width - 110, bottom), fill="#cbd5e1", width=2)
    return picture


def _draw_journey() -> PillowImage.Image:
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, "#fdf2f8", "#fef3c7")
    pen = ImageDraw.Draw(picture)
    steps = ["Browse", "Cart", "Reminder", "Reviews", "Offer", "Purchase"]
    colours = ["#94a3b8", "#db2777", "#f59e0b", "#f59e0b", "#f59e0b", "#059669"]
    gap = (width - 200) / (len(steps) - 1)
    centres = [
        (100 + index * gap, height / 2 + (40 if index % 2 else -40)) for index in range(len(steps))
    ]
    pen.line(centres, fill="#e2e8f0", width=10, joint="curve")
    label_font = _font(24)
    for (x, y), label, colour in zip(centres, steps, colours, strict=True):
        pen.ellipse((x - 54, y - 54, x + 54, y + 54), fill="#ffffff", outline=colour, width=8)
        pen.ellipse((x - 16, y - 16, x + 16, y + 16), fill=colour)
        pen.text((x, y + 86), label, font=label_font, fill="#1f2937", anchor="mm")
    pen.text((width / 2, 80), "Abandoned cart journey", font=_font(34), fill="#1f2937", anchor="mm")
    return picture


_ILLUSTRATIONS = {
    "results-dashboard": ("Illustration: results dashboard", _draw_dashboard),
    "journey-map": ("Illustration: abandoned cart journey", _draw_journey),
}
