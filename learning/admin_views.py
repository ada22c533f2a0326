"""Course insight in the Wagtail admin, for community managers: a table per course (overall or
by segment) and the same table as CSV. The numbers come from `insight.course_insight`."""

from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.core.csv_files import csv_download, safe_cell

from . import insight, permissions


def insight_csv(rows: list[insight.CourseInsight], segment: str) -> HttpResponse:
    return csv_download(
        f"course-insight-{segment or 'everyone'}.csv",
        insight.CSV_HEADER,
        ([safe_cell(value) for value in row] for row in insight.csv_rows(rows)),
    )


class CourseInsightView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "learning/admin/course_insight.html"
    page_title = "Course insight"
    header_icon = "table"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        permissions.ensure_can_see_insight(request.user)
        return super().dispatch(request, *args, **kwargs)

    def segment(self) -> str:
        value = self.request.GET.get("segment", "")
        return value if value in insight.SEGMENTS else ""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("format") == "csv":
            segment = self.segment()
            return insight_csv(insight.course_insight(segment=segment), segment)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        segment = self.segment()
        context.update(
            rows=insight.course_insight(segment=segment),
            segment=segment,
            segment_label=dict(insight.SEGMENT_CHOICES)[segment],
            choices=insight.SEGMENT_CHOICES,
        )
        return context
