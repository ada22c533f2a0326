"""Addresses of open to work, included in the careers URLs (and their namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("open-to-work/", views.my_card, name="open_to_work"),
    path("open-to-work/stop/", views.stop, name="stop_open_to_work"),
    path("candidates/", views.browse, name="candidates"),
]
