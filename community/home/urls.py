from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("dismiss/", views.dismiss_welcome, name="dismiss_welcome"),
]
