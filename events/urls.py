"""Event views for plain models and files; chapters and events themselves are Wagtail pages
under /events/ (whose slugs stay clear of these prefixes: pages.RESERVED_SLUGS)."""

from django.urls import path, register_converter
from django.urls.converters import IntConverter

from community.core.numbers import MAX_DIGITS

from . import conference_views, views, views_organisers


class RowIdConverter(IntConverter):
    """`<event_row:...>`: a row id in ASCII digits, short enough for any database integer.
    Django's `<int:...>` takes any length, and an id past SQLite's 64 bits (a typed or forged
    address) raised OverflowError in the query instead of finding nothing."""

    regex = f"[0-9]{{1,{MAX_DIGITS}}}"


register_converter(RowIdConverter, "event_row")

app_name = "events"

urlpatterns = [
    path("e/<event_row:event_id>/register/", views.register, name="register"),
    path("e/<event_row:event_id>/cancel/", views.cancel, name="cancel"),
    path("e/<event_row:event_id>/calendar.ics", views.event_ics, name="event_ics"),
    path(
        "e/<event_row:event_id>/registrations/",
        views_organisers.registration_list,
        name="registrations",
    ),
    path(
        "e/<event_row:event_id>/registrations.csv",
        views_organisers.registration_csv,
        name="registrations_csv",
    ),
    path("e/<event_row:event_id>/check-in/", views_organisers.check_in, name="check_in"),
    path(
        "e/<event_row:conference_id>/sessions/<event_row:session_id>/add/",
        conference_views.add_session,
        name="agenda_add",
    ),
    path(
        "e/<event_row:conference_id>/sessions/<event_row:session_id>/remove/",
        conference_views.remove_session,
        name="agenda_remove",
    ),
    path("e/<event_row:conference_id>/agenda/", conference_views.my_agenda, name="agenda"),
    path("e/<event_row:conference_id>/agenda.ics", conference_views.agenda_ics, name="agenda_ics"),
    path("chapters/<event_row:chapter_id>/join/", views.join_chapter, name="join_chapter"),
    path("chapters/<event_row:chapter_id>/leave/", views.leave_chapter, name="leave_chapter"),
    path("chapters/<event_row:chapter_id>/calendar.ics", views.chapter_feed, name="chapter_feed"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("calendar/<str:token>.ics", views.member_feed, name="member_feed"),
]
