"""Job board views for plain models; the listing itself is the Wagtail page at /careers/
(which has no child pages, so these prefixes are free)."""

from django.urls import include, path

from . import views, views_employers

app_name = "careers"

urlpatterns = [
    # Applications, job alerts and open to work (in the same "careers" namespace); first, as
    # "jobs/<pk>/apply/" would otherwise be read as a job's address with the slug "apply".
    path("", include("careers.applications.urls")),
    path("", include("careers.alerts.urls")),
    path("", include("careers.open_to_work.urls")),
    path("jobs/<int:pk>/", views.job, name="job_short"),
    path("jobs/<int:pk>/edit/", views_employers.edit_job, name="edit_job"),
    path("jobs/<int:pk>/submit/", views_employers.submit_job, name="submit_job"),
    path("jobs/<int:pk>/close/", views_employers.close_job, name="close_job"),
    path("jobs/<int:pk>/reopen/", views_employers.reopen_job, name="reopen_job"),
    path("jobs/<int:pk>/repost/", views_employers.repost_job, name="repost_job"),
    # After the actions, whose names no job's slug takes (models.RESERVED_SLUGS).
    path("jobs/<int:pk>/<uslug:slug>/", views.job, name="job"),
    path("post/", views_employers.post_job, name="post_job"),
    path("mine/", views_employers.my_jobs, name="mine"),
    path("companies/new/", views_employers.new_company, name="new_company"),
    path("companies/<uslug:slug>/", views.company, name="company"),
    path("companies/<uslug:slug>/edit/", views_employers.edit_company, name="edit_company"),
    path("companies/<uslug:slug>/post/", views_employers.new_job, name="new_job"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", views.sitemap, name="sitemap"),
]
