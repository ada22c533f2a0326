"""What events bring to the community health dashboard: registrations, and how many of those
holding a seat turned up. Only published, public events count; a cancelled registration is no
registration. Attendance belongs to the day the event started, once it has started."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from community.insight import api as insight

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
    yield from insight.daily_counts(
        _registrations(), start, end, metric=REGISTRATIONS, active=ACTIVE
    )
    seats = (
        insight.between(_seats_of_started_events(), start, end, "event__starts_at")
        .values(day=TruncDate("event__starts_at"), **insight.segment_values("member"))
        .annotate(seats=Count("pk"), came=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)))
        .order_by()
    )
    for row in seats:
        yield insight.RollupRow(
            row["day"], ATTENDANCE, insight.segment_from(row), total=row["came"], count=row["seats"]
        )


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric == ATTENDANCE:
        rows = insight.rows_in_query(_seats_of_started_events(), query, "event__starts_at")
        title = "Seats at events held in the period, and who came"
    else:
        rows = insight.rows_in_query(_registrations(), query)
        title = "Event registrations"
    return insight.DrillDown(
        title,
        rows.select_related("member", "event").order_by(
            "-event__starts_at", "member__display_name", "pk"
        ),
        [
            insight.Column("Member", lambda r: r.member),
            insight.Column("Event", lambda r: r.event.title),
            insight.Column("Event starts", lambda r: r.event.starts_at),
            insight.Column("Status", lambda r: r.get_status_display()),
            insight.Column("Registered", lambda r: r.created_at),
        ],
        url=lambda r: r.event.url or "",
    )


source = insight.InsightSource(
    name="events",
    label="Events",
    metrics=[
        insight.Metric(REGISTRATIONS, "Event registrations"),
        insight.Metric(
            ATTENDANCE,
            "Attendance rate",
            insight.Unit.PERCENT,
            insight.Aggregation.RATIO,
            help_text="Of the seats held at events that took place, the share checked in.",
        ),
        insight.members_active(ACTIVE, "Members registering"),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=30,
)
