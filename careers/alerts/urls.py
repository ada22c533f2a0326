"""Addresses of job alerts, included in the careers URLs (and their namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/save/", views.save, name="save_search"),
    path("alerts/<int:pk>/", views.update, name="update_search"),
    path("alerts/<int:pk>/delete/", views.delete, name="delete_search"),
]
