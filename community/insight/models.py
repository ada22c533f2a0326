"""The stored daily rollups the dashboard reads (see `community.insight.sources` for what each
row means for each kind of metric). They are derived data: the rollup task rewrites them."""

from django.db import models

SEGMENT = ["industry_id", "region_id", "audience", "role"]


def covering_index(name: str, *values: str) -> models.Index:
    """The dashboard's reads of a metric over days: every column they filter, group or add up
    is in the index, so PostgreSQL answers from the index alone (an index-only scan) without
    visiting the table's pages."""
    return models.Index(fields=["metric", "day", *SEGMENT, *values], name=name)


class SegmentColumns(models.Model):
    """The day and the segment a stored number belongs to. Industry and region are plain ids,
    not foreign keys: a removed industry must not take history with it, nor block its removal."""

    day = models.DateField()
    metric = models.CharField(max_length=60)
    industry_id = models.PositiveIntegerField(null=True, blank=True)
    region_id = models.PositiveIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=4, blank=True)
    role = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


class DailyRollup(SegmentColumns):
    """A COUNT, RATIO or MEDIAN metric on a day for a segment (MEDIAN: one row per bucket)."""

    bucket = models.SmallIntegerField(null=True, blank=True)
    total = models.FloatField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            covering_index("rollup_metric_day_read", "bucket", "total", "count"),
            models.Index(fields=["day"], name="rollup_day"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} on {self.day}: {self.total}/{self.count}"


class DailyMember(SegmentColumns):
    """A member counted by a DISTINCT metric on a day (members active)."""

    member_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["metric", "day"], name="rollup_member_metric_day")]

    def __str__(self) -> str:
        return f"{self.metric} on {self.day}: member {self.member_id}"


class MonthlyMember(SegmentColumns):
    """A member counted by a DISTINCT metric in a month (`day` is its first day): `days` has bit
    n-1 set for each day n they were counted on. Derived from `DailyMember` by the rollup, and
    what the dashboard counts members from (see `community.insight.months`). A pooled metric
    (members active anywhere) has rows of its own: the member's days under any source's."""

    member_id = models.PositiveBigIntegerField()
    days = models.PositiveIntegerField()

    class Meta:
        indexes = [covering_index("rollup_month_read", "member_id", "days")]

    def __str__(self) -> str:
        return f"{self.metric} in {self.day:%Y-%m}: member {self.member_id}"


class DailyTerm(SegmentColumns):
    """How often a term (a tag, a word of a title) was used on a day by a segment."""

    term = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [covering_index("rollup_term_read", "term", "count")]

    def __str__(self) -> str:
        return f"{self.metric} “{self.term}” on {self.day}: {self.count}"


class RollupRun(models.Model):
    """When the rollup last rewrote a range of days: the dashboard says how fresh it is."""

    finished_at = models.DateTimeField(auto_now_add=True)
    since = models.DateField()
    until = models.DateField()
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"Rollup {self.since}–{self.until} at {self.finished_at:%Y-%m-%d %H:%M}"
