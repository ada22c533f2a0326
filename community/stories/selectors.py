"""Reads for the stories pages, shaped so templates never query."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model

from community.core.numbers import parse_page_number
from community.core.querysets import filter_given
from community.members.models import Industry, Region
from community.members.selectors import members_with_profile

from .models import MemberHighlight, Product, StoryRecommendation, StoryTag
from .pages import PartnerPage, StoryKind, StoryPage
from .permissions import published_stories

PAGE_SIZE = 12
CARD_LOGO = "fill-96x96"
CARD_IMAGE = "fill-640x360"
HERO_IMAGE = "width-1200"
SHARE_IMAGE = "fill-1200x630"
TAG_OPTIONS = 30


@dataclass(frozen=True)
class StoryFilters:
    """What a reader narrowed the listing to; None means "any"."""

    industry: Industry | None = None
    region: Region | None = None
    audience: str = ""
    product: Product | None = None
    tag: StoryTag | None = None
    kind: str = ""

    @property
    def active(self) -> bool:
        return any((self.industry, self.region, self.audience, self.product, self.tag, self.kind))


def published_tag(slug: str) -> StoryTag | None:
    """The tag with this slug if a published story carries it: tags only drafts carry stay
    unknown, so a feed or a filter never reveals what is still being written."""
    return (
        StoryTag.objects.filter(slug=slug, tagged_stories__content_object__in=published_stories())
        .distinct()
        .first()
    )


def _recommendation_counts() -> Subquery:
    counts = (
        StoryRecommendation.objects.filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _images(*specs: str):
    return get_image_model().objects.prefetch_renditions(*specs)


def for_cards(stories: QuerySet[StoryPage]) -> QuerySet[StoryPage]:
    """Everything a story card shows: segment, logo, picture, tags, recommendations."""
    return (
        stories.select_related("industry", "region")
        .prefetch_related(
            "tags",
            Prefetch("customer_logo", queryset=_images(CARD_LOGO)),
            Prefetch("hero_image", queryset=_images(CARD_IMAGE)),
        )
        .annotate(recommendation_count=_recommendation_counts())
    )


def attach_partners(stories: Iterable[StoryPage]) -> None:
    """Set `story.partner` to the partner section a story sits in (or None), in one query."""
    stories = list(stories)
    parent_paths = {story.path[: -StoryPage.steplen] for story in stories}
    partners = {
        partner.path: partner
        for partner in PartnerPage.objects.filter(path__in=parent_paths).only(
            "title", "path", "url_path", "depth"
        )
    }
    for story in stories:
        story.partner = partners.get(story.path[: -StoryPage.steplen])


def story_listing(filters: StoryFilters) -> QuerySet[StoryPage]:
    """Published stories matching the filters, featured first, then newest."""
    stories = filter_given(
        published_stories(),
        industry=filters.industry,
        region=filters.region,
        audience=filters.audience,
        products=filters.product,
        tagged_items__tag=filters.tag,
        kind=filters.kind,
    )
    return for_cards(stories).order_by("-featured", "-first_published_at", "-pk")


def paginate(stories: QuerySet[StoryPage], page_number: Any) -> PaginatorPage:
    # Paginator reads "٣" as 3 and "-1" as the last page: only ASCII digits are a page number.
    page = Paginator(stories, PAGE_SIZE).get_page(parse_page_number(page_number) or 1)
    attach_partners(page.object_list)
    return page


def filter_choices() -> dict[str, list]:
    """The options of the listing's filters. Tags: the most used on published stories."""
    used_tags = (
        StoryTag.objects.filter(tagged_stories__content_object__in=published_stories())
        .annotate(uses=Count("tagged_stories"))
        .order_by("-uses", "name")[:TAG_OPTIONS]
    )
    return {
        "industries": list(Industry.objects.all()),
        "regions": list(Region.objects.all()),
        "products": list(Product.objects.all()),
        "tags": list(used_tags),
        "kinds": StoryKind.choices,
    }


def segment_shortcuts(segment: dict, choices: dict) -> list[dict[str, str]]:
    """Links that narrow the listing to the viewer's own industry and region."""
    shortcuts = []
    industry = next((i for i in choices["industries"] if i.pk == segment["industry_id"]), None)
    if industry is not None:
        shortcuts.append(
            {"label": f"{industry.name} stories", "query": f"industry={industry.slug}"}
        )
    region = next((r for r in choices["regions"] if r.pk == segment["region_id"]), None)
    if region is not None:
        shortcuts.append({"label": f"Stories from {region.name}", "query": f"region={region.code}"})
    return shortcuts


def mark_aimed_at(stories: Iterable[StoryPage], segment: dict) -> None:
    """Set `story.aimed_at_viewer` when a story is about the viewer's industry."""
    for story in stories:
        story.aimed_at_viewer = bool(
            segment["industry_id"] and story.industry_id == segment["industry_id"]
        )


def home_stories(*, featured: int = 3, latest: int = 3) -> tuple[list, list]:
    """For the home page: the featured stories and the newest of the rest, so a story appears
    there as soon as it is published."""
    stories = published_stories()
    featured_pks = list(
        stories.filter(featured=True)
        .order_by("-first_published_at")
        .values_list("pk", flat=True)[:featured]
    )
    latest_pks = list(
        stories.exclude(pk__in=featured_pks)
        .order_by("-first_published_at")
        .values_list("pk", flat=True)[:latest]
    )
    cards = {
        story.pk: story for story in for_cards(stories.filter(pk__in=featured_pks + latest_pks))
    }
    attach_partners(cards.values())
    return [cards[pk] for pk in featured_pks if pk in cards], [
        cards[pk] for pk in latest_pks if pk in cards
    ]


def current_highlights(*, limit: int = 4) -> list[MemberHighlight]:
    """Member achievements community managers are featuring today."""
    today = timezone.localdate()
    return list(
        MemberHighlight.objects.filter(starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("member__profile")
        .prefetch_related("member__groups")
        .order_by("-starts_on", "-created_at")[:limit]
    )


def _share_links(url: str, title: str) -> list[dict[str, str]]:
    text, link = quote(title), quote(url, safe="")
    return [
        {
            "name": "LinkedIn",
            "icon": "linkedin",
            "url": f"https://www.linkedin.com/sharing/share-offsite/?url={link}",
        },
        {"name": "X", "icon": "x", "url": f"https://x.com/intent/post?url={link}&text={text}"},
        {"name": "E-mail", "icon": "mail", "url": f"mailto:?subject={text}&body={link}"},
    ]


def structured_data(
    story: StoryPage, *, url: str, image_url: str, publisher: str, tags: Iterable | None = None
) -> dict:
    """Schema.org Article markup, so search engines and link previews understand the page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title[:110],
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": (story.first_published_at or timezone.now()).isoformat(),
        "dateModified": (
            story.last_published_at or story.first_published_at or timezone.now()
        ).isoformat(),
        "publisher": {"@type": "Organization", "name": publisher},
        "keywords": [tag.name for tag in (story.tags.all() if tags is None else tags)],
    }
    if story.partner is not None:
        data["author"] = {"@type": "Organization", "name": story.partner.title}
    else:
        data["author"] = {"@type": "Organization", "name": publisher}
    if story.customer_name:
        data["about"] = {"@type": "Organization", "name": story.customer_name}
    if image_url:
        data["image"] = [image_url]
    return data


def story_page_context(story: StoryPage, *, request: HttpRequest) -> dict[str, Any]:
    """Everything the story page shows beyond its own fields."""
    attach_partners([story])
    viewer = request.user
    advocates = list(
        members_with_profile()
        .filter(story_advocacies__page=story)
        .order_by("story_advocacies__sort_order")
    )
    recommendations = StoryRecommendation.objects.filter(story=story)
    related = list(
        for_cards(published_stories().exclude(pk=story.pk).filter(industry=story.industry_id))
        .order_by("-featured", "-first_published_at")[:3]
    ) if story.industry_id else []  # fmt: skip
    attach_partners(related)
    return {
        "story": story,
        "advocates": advocates,
        "recommendation_count": recommendations.count(),
        "recommended": viewer.is_authenticated and recommendations.filter(member=viewer).exists(),
        "related_stories": related,
        "products": list(story.products.all()),
        "story_tags": list(story.tags.all()),
        "share_links": _share_links(request.build_absolute_uri(story.url or ""), story.title),
    }


def partner_page_context(partner: PartnerPage, *, request: HttpRequest) -> dict[str, Any]:
    stories = for_cards(published_stories().child_of(partner)).order_by(
        "-featured", "-first_published_at", "-pk"
    )
    return {"stories_page": paginate(stories, request.GET.get("page"))}


def member_advocacy(member, viewer=None) -> dict[str, Any]:
    """For a member's profile: the published stories naming them, and their highlights."""
    stories = list(
        published_stories()
        .filter(advocates__member=member)
        .order_by("-first_published_at")
        .only("title", "url_path", "path", "depth", "kind", "customer_name", "first_published_at")[
            :6
        ]
    )
    today = timezone.localdate()
    highlights = list(
        MemberHighlight.objects.filter(member=member, starts_on__lte=today).order_by("-starts_on")[
            :6
        ]
    )
    return {"advocated_stories": stories, "member_highlights": highlights}
