"""A member's segment (industry, region, audience, role) as query expressions, so every source
groups its rollup and filters its drill-down by the very same rule.

The segment is the member's profile as it is now; a member's role is the most senior of their
roles (community manager, partner, employer), and "Customer" for everyone else.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from community.members.roles import BADGE_ORDER, DEFAULT_ROLE, Role

from .sources import Segment, SegmentFilter

#: Not a member's role: signed-out visitors, a segment of their own where a source counts them
#: (story views). Filtering other numbers by it finds nothing, as no member holds it.
VISITOR = "Signed-out visitor"

#: Every role a segment table lists, customers first, signed-out visitors last.
ROLES: tuple[str, ...] = (*(role.value for role in Role), VISITOR)


def _prefix(member_path: str) -> str:
    return f"{member_path}__" if member_path else ""


def role_of(member_path: str = "") -> Case:
    """The member's role, as an expression on a queryset reaching the member by `member_path`
    ("author", "member", or "" on the members themselves)."""
    memberships = get_user_model().groups.through.objects
    ref = OuterRef(f"{member_path}_id" if member_path else "pk")
    return Case(
        *(
            When(
                Exists(memberships.filter(user_id=ref, group__name=role.value)),
                then=Value(role.value),
            )
            for role in BADGE_ORDER
        ),
        default=Value(Role(DEFAULT_ROLE).value),
    )


def segment_values(member_path: str = "") -> dict[str, Any]:
    """Expressions for `.values(**segment_values(path))`: what a rollup groups by."""
    p = _prefix(member_path)
    return {
        "seg_industry": F(f"{p}profile__industry_id"),
        "seg_region": F(f"{p}profile__country__region_id"),
        "seg_audience": F(f"{p}profile__audience"),
        "seg_role": role_of(member_path),
    }


def segment_from(row: dict[str, Any]) -> Segment:
    """The Segment of one row grouped by `segment_values`."""
    return Segment(
        industry_id=row["seg_industry"],
        region_id=row["seg_region"],
        audience=row["seg_audience"] or "",
        role=row["seg_role"] or "",
    )


def filter_members(queryset: QuerySet, segments: SegmentFilter, member_path: str = "") -> QuerySet:
    """Rows whose member belongs to the chosen segments (every row when none is chosen)."""
    p = _prefix(member_path)
    condition = Q()
    if segments.industries:
        condition &= Q(**{f"{p}profile__industry_id__in": segments.industries})
    if segments.regions:
        condition &= Q(**{f"{p}profile__country__region_id__in": segments.regions})
    if segments.audiences:
        condition &= Q(**{f"{p}profile__audience__in": segments.audiences})
    queryset = queryset.filter(condition)
    if segments.roles:
        queryset = queryset.alias(insight_role=role_of(member_path)).filter(
            insight_role__in=segments.roles
        )
    return queryset
