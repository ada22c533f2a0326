from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.save_draft, name="save_draft"),
    path("discard/", views.discard_draft, name="discard_draft"),
    path("preview/", views.preview, name="preview"),
]
