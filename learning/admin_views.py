"""Course insight in the Wagtail admin, for community managers: a table per course (overall or
by segment) and the same table as CSV. The numbers come from `insight.course_insight`."""

import csv

from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import insight, permissions

# A cell a spreadsheet would run as a formula is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def insight_csv(rows: list[insight.CourseInsight], segment: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"course-insight-{segment or 'everyone'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    # A byte order mark, so spreadsheets read names in any script as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(insight.CSV_HEADER)
    writer.writerows([_cell(value) for value in row] for row in insight.csv_rows(rows))
    return response


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
