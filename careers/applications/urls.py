"""Addresses of applications, included in the careers URLs (and their namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("jobs/<int:pk>/applicants/", views.job_applicants, name="job_applicants"),
    path(
        "companies/<uslug:slug>/applicants/",
        views.company_applicants,
        name="company_applicants",
    ),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw_application"),
    path("applications/<int:pk>/stage/", views.move, name="move_application"),
    path("applications/<int:pk>/cv/", views.download_cv, name="application_cv"),
]
