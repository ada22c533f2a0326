"""The community health dashboard in the Wagtail admin, the lists behind its numbers, and its
tables as CSV. Community managers only; everything is read from the stored rollups except the
lists, which the sources filter the same way."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.views.generic import TemplateView

from community.core.admin_views import TitledAdminView
from community.core.numbers import parse_page_number

from . import csv_tables, dashboard, rollup
from .forms import ROW_DIMENSIONS, DashboardFilterForm
from .permissions import ensure_can_view_insight
from .sources import InsightQuery, metric_by_key, source_of

ROWS_PER_PAGE = 25


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, int]:
    """The manager's filters; when they don't hold, the form with its errors (and what was
    typed) over the default filters, and 400."""
    data = request.GET.copy()
    # The form is bound even on a first visit, so its select shows the default period only when
    # the data names it.
    data.setdefault("period", DashboardFilterForm.base_fields["period"].initial)
    form = DashboardFilterForm(data)
    if form.is_valid():
        return form, 200
    fallback = DashboardFilterForm({})
    fallback.is_valid()
    form.fallback = fallback
    return form, 400


def _choice(form: DashboardFilterForm):
    return (getattr(form, "fallback", None) or form).choice()


def _labels(form: DashboardFilterForm) -> dict[str, dict]:
    # The form already read the industries and regions: their names come from its choices.
    return {
        "industry": {int(pk): name for pk, name in form.fields["industry"].choices},
        "region": {int(pk): name for pk, name in form.fields["region"].choices},
    }


class InsightPage(TitledAdminView, TemplateView):
    """An insight screen: only those who may view insight open it."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        ensure_can_view_insight(request.user)
        return super().dispatch(request, *args, **kwargs)


class DashboardView(InsightPage):
    template_name = "insight/dashboard.html"
    page_title = "Community insight"
    header_icon = "view"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form, status = _filters(request)
        links = dashboard.Links(request.GET if status == 200 else QueryDict())
        board = dashboard.build(
            _choice(form), viewer=request.user, links=links, labels=_labels(form)
        )
        context = self.get_context_data(
            form=form,
            board=board,
            links=links,
            last_run=rollup.last_run(),
            segment_fields=[form["industry"], form["region"], form["audience"], form["role"]],
            row_dimensions=[
                (value, label, links.dashboard(rows=value, sort="label", order="asc"))
                for value, label in ROW_DIMENSIONS
            ],
            heat_hidden=links.hidden("heat"),
            board_csv={
                name: links.csv(name) for name in ("numbers", "segments", "heatmap", "trending")
            },
            few_samples=dashboard.FEW_SAMPLES,
            trend_csv=[(c.metric.key, links.csv(f"trend-{c.metric.key}")) for c in board.trends],
        )
        return self.render_to_response(context, status=status)


class DrillDownView(InsightPage):
    """The list behind one number, filtered like the dashboard it came from."""

    template_name = "insight/drilldown.html"
    header_icon = "list-ul"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.GET.get("metric", "")
        source, metric = source_of(key), metric_by_key(key)
        if source is None or metric is None:
            raise Http404("No such number on the dashboard.")
        form, status = _filters(request)
        choice = _choice(form)
        listing = source.drilldown(key, InsightQuery(choice.segments, choice.period), request.user)
        if request.GET.get("format") == "csv":
            return csv_tables.drilldown(listing, metric)
        page = Paginator(listing.rows, ROWS_PER_PAGE).get_page(
            parse_page_number(request.GET.get("page"), maximum=100_000) or 1
        )
        self.page_title = listing.title
        links = dashboard.Links(request.GET if status == 200 else QueryDict())
        rows = [
            (
                [column.value(row) for column in listing.columns],
                listing.url(row) if listing.url else "",
            )
            for row in page.object_list
        ]
        context = self.get_context_data(
            form=form,
            choice=choice,
            metric=metric,
            listing=listing,
            page=page,
            rows=rows,
            links=links,
            csv_url=f"{request.path}?{_with(request, format='csv')}",
            previous_url=f"{request.path}?{_with(request, page=page.previous_page_number())}"
            if page.has_previous()
            else "",
            next_url=f"{request.path}?{_with(request, page=page.next_page_number())}"
            if page.has_next()
            else "",
        )
        return self.render_to_response(context, status=status)


def _with(request: HttpRequest, **values) -> str:
    params = request.GET.copy()
    for name, value in values.items():
        params[name] = value
    return params.urlencode()


def csv_view(request: HttpRequest) -> HttpResponse:
    """One of the dashboard's tables as CSV, with the dashboard's filters."""
    ensure_can_view_insight(request.user)
    form, status = _filters(request)
    if status != 200:
        problems = " ".join(message for errors in form.errors.values() for message in errors)
        return HttpResponse(
            f"These filters don't hold: {problems}", status=status, content_type="text/plain"
        )
    links = dashboard.Links(request.GET)
    board = dashboard.build(form.choice(), viewer=request.user, links=links, labels=_labels(form))
    response = csv_tables.table(board, request.GET.get("table", "numbers"))
    if response is None:
        raise Http404("No such table on the dashboard.")
    return response
