"""What events bring to the community health dashboard: registrations, and how many of those
holding a seat turned up. Only published, public events count; a cancelled registration is no
registration. Attendance belongs to the day the event started, once it has started."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from community.insight.rows import between, daily_counts, in_period
from community.insight.segments import filter_members, segment_from, segment_values
from community.insight.sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
    RollupRow,
    Unit,
)

from .models import SEAT_HOLDING, Registration, RegistrationStatus
from .permissions import visible_events

REGISTRATIONS = "events.registrations"
ATTENDANCE = "events.attendance"
ACTIVE = "events.active"


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.filter(event__in=visible_events().values("pk")).exclude(
        status=RegistrationStatus.CANCELLED
    )


def _seats_of_started_events() -> QuerySet[Registration]:
    return _registrations().filter(status__in=SEAT_HOLDING, event__starts_at__lte=timezone.now())


def rollup(start: date, end: date):
    yield from daily_counts(_registrations(), start, end, metric=REGISTRATIONS, active=ACTIVE)
    seats = (
        between(_seats_of_started_events(), start, end, "event__starts_at")
        .values(day=TruncDate("event__starts_at"), **segment_values("member"))
        .annotate(seats=Count("pk"), came=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)))
        .order_by()
    )
    for row in seats:
        yield RollupRow(
            row["day"], ATTENDANCE, segment_from(row), total=row["came"], count=row["seats"]
        )


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    if metric == ATTENDANCE:
        rows = in_period(_seats_of_started_events(), query.period, "event__starts_at")
        title = "Seats at events held in the period, and who came"
    else:
        rows = in_period(_registrations(), query.period)
        title = "Event registrations"
    return DrillDown(
        title,
        filter_members(rows, query.segments)
        .select_related("member", "event")
        .order_by("-event__starts_at", "member__display_name", "pk"),
        [
            Column("Member", lambda r: r.member),
            Column("Event", lambda r: r.event.title),
            Column("Event starts", lambda r: r.event.starts_at),
            Column("Status", lambda r: r.get_status_display()),
            Column("Registered", lambda r: r.created_at),
        ],
        url=lambda r: r.event.url or "",
    )


source = InsightSource(
    name="events",
    label="Events",
    metrics=[
        Metric(REGISTRATIONS, "Event registrations"),
        Metric(
            ATTENDANCE,
            "Attendance rate",
            Unit.PERCENT,
            Aggregation.RATIO,
            help_text="Of the seats held at events that took place, the share checked in.",
        ),
        Metric(ACTIVE, "Members registering", aggregation=Aggregation.DISTINCT),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=30,
)
