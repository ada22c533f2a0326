"""The dashboard's filters, read from the query string: segments, a period compared with the one
before it, the segment table's rows and order, the heat map's metric."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from community.members.models import Audience, Industry, Region

from .segments import ROLES
from .sources import Period, SegmentFilter, all_metrics

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LONGEST_PERIOD = 731  # days: two years, the rollups the nightly task keeps fresh and more
QUARTERS_OFFERED = 6

PERIODS = [
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("quarter", "A quarter"),
    ("custom", "Custom dates"),
]
ROW_DIMENSIONS = [
    ("industry", "Industry"),
    ("region", "Region"),
    ("audience", "Audience"),
    ("role", "Role"),
]


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end - timedelta(days=1))


def recent_quarters(today: date) -> list[tuple[str, str]]:
    """The current quarter and the ones before it, newest first, as ("2026-Q3", "Q3 2026")."""
    year, quarter = _quarter_of(today)
    offered = []
    for _ in range(QUARTERS_OFFERED):
        offered.append((f"{year}-Q{quarter}", f"Q{quarter} {year}"))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return offered


def previous_of(period: Period) -> Period:
    """The period of the same length just before."""
    return Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))


def _parse_day(value: str, label: str) -> date:
    if not ISO_DAY.fullmatch(value or ""):
        raise forms.ValidationError(f"Give the {label} day as YYYY-MM-DD, e.g. 2026-03-31.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise forms.ValidationError(f"“{value}” is not a day of the calendar.") from None


@dataclass(frozen=True)
class DashboardChoice:
    segments: SegmentFilter
    period: Period
    previous: Period
    period_label: str
    rows: str
    sort: str
    descending: bool
    heat: str


class DashboardFilterForm(forms.Form):
    industry = forms.MultipleChoiceField(
        required=False, label="Industries", widget=forms.CheckboxSelectMultiple
    )
    region = forms.MultipleChoiceField(
        required=False, label="Regions", widget=forms.CheckboxSelectMultiple
    )
    audience = forms.MultipleChoiceField(
        required=False,
        label="Audience",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    role = forms.MultipleChoiceField(
        required=False,
        label="Roles",
        choices=[(r, r) for r in ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    period = forms.ChoiceField(choices=PERIODS, required=False, initial="30")
    quarter = forms.ChoiceField(required=False)
    start = forms.CharField(required=False, max_length=10, label="From")
    end = forms.CharField(required=False, max_length=10, label="To")
    rows = forms.ChoiceField(choices=ROW_DIMENSIONS, required=False, label="Table rows")
    sort = forms.CharField(required=False, max_length=60)
    order = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)
    heat = forms.ChoiceField(required=False, label="Heat map shows")

    def __init__(self, data=None, *, today: date | None = None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["industry"].choices = [
            (str(pk), name) for pk, name in Industry.objects.values_list("pk", "name")
        ]
        self.fields["region"].choices = [
            (str(pk), name) for pk, name in Region.objects.values_list("pk", "name")
        ]
        self.fields["quarter"].choices = recent_quarters(self.today)
        self.metric_choices = [(m.key, m.label) for m in all_metrics()]
        self.fields["heat"].choices = self.metric_choices

    def clean(self) -> dict:
        data = super().clean()
        if data.get("period") == "custom":
            try:
                start = _parse_day(data.get("start", ""), "first")
                end = _parse_day(data.get("end", ""), "last")
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from None
            if start > end:
                raise forms.ValidationError("The first day must come before the last one.")
            if end > self.today:
                raise forms.ValidationError("The last day cannot be in the future.")
            if (end - start).days >= LONGEST_PERIOD:
                raise forms.ValidationError("Choose at most two years at a time.")
            data["custom_period"] = Period(start, end)
        return data

    def choice(self) -> DashboardChoice:
        """What the valid form asks for (defaults for what it leaves out)."""
        data = self.cleaned_data
        kind = data.get("period") or "30"
        if kind == "custom":
            period = data["custom_period"]
            label = f"{period.start:%-d %b %Y} – {period.end:%-d %b %Y}"
        elif kind == "quarter":
            name = data.get("quarter") or recent_quarters(self.today)[1][0]
            year, quarter = int(name[:4]), int(name[-1])
            full = quarter_period(year, quarter)
            period = Period(full.start, min(full.end, self.today))
            label = f"Q{quarter} {year}" + (" so far" if full.end > self.today else "")
        else:
            days = int(kind)
            period = Period(self.today - timedelta(days=days - 1), self.today)
            label = dict(PERIODS)[kind]
        metric_keys = {key for key, _ in self.metric_choices}
        sort = data.get("sort") if data.get("sort") in metric_keys else "label"
        return DashboardChoice(
            segments=SegmentFilter(
                industries=tuple(int(pk) for pk in data.get("industry", ())),
                regions=tuple(int(pk) for pk in data.get("region", ())),
                audiences=tuple(data.get("audience", ())),
                roles=tuple(data.get("role", ())),
            ),
            period=period,
            previous=previous_of(period),
            period_label=label,
            rows=data.get("rows") or "industry",
            sort=sort,
            descending=data.get("order") == "desc",
            heat=data.get("heat") or "",
        )
