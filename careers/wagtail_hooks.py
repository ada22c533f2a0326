"""The job board in the Wagtail admin: community managers keep company pages' names and
employers, and look over every job with its status. Jobs are edited on the site, where the
posting rules live (a manager may edit any job there)."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Company, JobPosting


class CompanyViewSet(SnippetViewSet):
    model = Company
    icon = "site"
    menu_label = "Companies"
    menu_name = "companies"
    menu_order = 930
    add_to_admin_menu = True
    list_display = ["name", "industry", "region", "approved_postings", "created_at"]
    list_filter = ["industry", "region"]
    search_fields = ["name"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("industry"),
        FieldPanel("region"),
        FieldPanel("members", heading="Employers who post for it"),
    ]


class JobPostingViewSet(SnippetViewSet):
    model = JobPosting
    icon = "clipboard-list"
    menu_label = "Jobs"
    menu_name = "jobs"
    menu_order = 931
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["title", "company", "status", "posted_at", "closes_on", "application_count"]
    list_filter = ["status", "employment_type", "workplace_type", "seniority"]
    search_fields = ["title"]
    ordering = ["-created_at"]


register_snippet(CompanyViewSet)
register_snippet(JobPostingViewSet)
