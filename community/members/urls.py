from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("me/edit/", views.edit_profile, name="edit_profile"),
    path("me/export/", views.export_data, name="export_data"),
    path("<str:handle>/", views.profile, name="profile"),
]
