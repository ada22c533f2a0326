from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.core import page_routing
from community.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("members/", include("community.members.urls")),
    path("welcome/", include("community.home.urls")),
    path("report/", include("community.moderation.urls")),
    path("notifications/", include("community.notifications.urls")),
    path("search/", include("community.search.urls")),
    # Pulse surveys: the page a survey notification leads to, answers and "not now".
    path("listening/", include("community.listening.urls")),
    # The demo's mailbox; answers 404 unless the demo's e-mail backend is on (see dev_mail).
    path("dev/mail/", include("community.core.dev_mail")),
    # Drafts and previews of what members are writing, for every app's forms.
    path("drafts/", include("community.core.urls")),
    # Forum views for plain models (topics, replies); categories are Wagtail pages below.
    path("forums/", include("forums.urls")),
    # RSVP, chapter membership and calendars; chapters and events are Wagtail pages below.
    path("events/", include("events.urls")),
    # Enrolment, progress and quizzes; the catalogue, courses and lessons are Wagtail pages below.
    path("learning/", include("learning.urls")),
    # Jobs, company pages and employers' forms; the job board itself is the Wagtail page below.
    path("careers/", include("careers.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it comes last; the page a path leads to is
# remembered between requests (see page_routing).
urlpatterns += [path("", include(page_routing.wagtail_urlpatterns()))]
