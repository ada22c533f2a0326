"""Learning views for plain models; the catalogue, courses and lessons are Wagtail pages under
/learning/ (whose slugs stay clear of these prefixes: pages.RESERVED_SLUGS)."""

from django.urls import path

# Registers `uslug`: path slugs in any script (Django's `slug` is ASCII).
import community.core.slugs  # noqa: F401

from . import views
from .certificates import views as certificates

app_name = "learning"

urlpatterns = [
    path("mine/", views.my_learning, name="mine"),
    path("c/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("l/<int:lesson_id>/complete/", views.complete, name="complete"),
    path("l/<int:lesson_id>/quiz/", views.submit_quiz, name="submit_quiz"),
    path("attempts/<int:attempt_id>/", views.attempt_result, name="attempt"),
    path("paths/<uslug:slug>/", views.path_detail, name="path"),
    path("paths/<uslug:slug>/enrol/", views.enrol_in_path, name="enrol_in_path"),
    # Codes are any text here: the view answers a plain "unknown code" page for what is not one.
    path("certificates/<str:code>/", certificates.verify, name="certificate"),
    path("certificates/<str:code>/pdf/", certificates.download, name="certificate_pdf"),
    path("certificates/<str:code>/renew/", certificates.recertify, name="recertify"),
]
