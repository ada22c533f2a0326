"""Who is open to work, for employers: visible cards only, with filters, in a fixed number of
queries per page."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from community.core.numbers import parse_page_number
from community.members.models import Country, User
from community.members.profile_sections import facts_for

from .. import permissions
from ..application_models import OpenToWork

PER_PAGE = 20
MAX_KEYWORD_CHARS = 100


@dataclass
class OpenToWorkFilters:
    keywords: str = ""
    country: Country | None = None
    remote: bool = False

    @classmethod
    def from_querydict(cls, params) -> "OpenToWorkFilters":
        filters = cls(keywords=" ".join(str(params.get("q", "")).split())[:MAX_KEYWORD_CHARS])
        if code := str(params.get("country", "")).strip()[:2].upper():
            filters.country = Country.objects.filter(code=code).first()
        filters.remote = str(params.get("remote", "")) in ("1", "on", "true")
        return filters

    def apply(self, cards: QuerySet[OpenToWork]) -> QuerySet[OpenToWork]:
        for word in self.keywords.split()[:5]:
            cards = cards.filter(
                Q(roles__icontains=word)
                | Q(places__icontains=word)
                | Q(member__profile__job_title__icontains=word)
            )
        if self.country:
            cards = cards.filter(
                Q(countries=self.country) | Q(member__profile__country=self.country)
            ).distinct()
        if self.remote:
            cards = cards.filter(remote_ok=True)
        return cards


def browse(viewer, params) -> dict:
    """The visible cards for an employer (403 for anyone else), newest first."""
    permissions.ensure_can_browse_open_to_work(viewer)
    filters = OpenToWorkFilters.from_querydict(params)
    cards = filters.apply(
        OpenToWork.objects.filter(visible=True, member__is_active=True)
        .select_related("member__profile__country")
        .prefetch_related("countries")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(cards, PER_PAGE).get_page(parse_page_number(params.get("page")) or 1)
    facts = facts_for({card.member_id for card in page})
    for card in page:
        card.facts = facts.get(card.member_id, [])

    def url(number: int) -> str:
        query = params.copy() if hasattr(params, "copy") else dict(params)
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    return {
        "page": page,
        "pages": {
            "previous": url(page.previous_page_number()) if page.has_previous() else None,
            "next": url(page.next_page_number()) if page.has_next() else None,
            "numbers": [{"number": page.number, "url": url(page.number), "current": True}],
        },
        "filters": filters,
        "countries": Country.objects.order_by("name"),
    }


def card_of(member: User) -> OpenToWork | None:
    if not member.is_authenticated:
        return None
    return OpenToWork.objects.filter(member=member).prefetch_related("countries").first()


def export_for_member(member: User) -> dict | None:
    card = card_of(member)
    if card is None:
        return None
    return {
        "roles": card.roles,
        "places": card.places,
        "countries": [country.name for country in card.countries.all()],
        "remote_ok": card.remote_ok,
        "visible_to_employers": card.visible,
        "updated_at": card.updated_at.isoformat(),
    }
