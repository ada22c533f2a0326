from django.urls import path

from . import views

app_name = "listening"

urlpatterns = [
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("surveys/<int:pk>/answer/", views.answer, name="answer"),
    path("surveys/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
