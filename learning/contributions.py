"""Everything learning contributes to the community's core (see `community.core.extensions`)."""

from community.core.extensions import ContentDescriptor, Contributions
from community.notifications.kinds import Delivery, KindInfo

from . import permissions, search, selectors
from .notification_kinds import LearningKind
from .pages import CoursePage, LessonPage


def _visible_courses(viewer):
    return permissions.visible_courses()


def _visible_lessons(viewer):
    return permissions.visible_lessons()


def _page_url(page) -> str:
    return page.url


contributions = Contributions(
    content=[
        ContentDescriptor(
            model=CoursePage,
            kind="course",
            label="Course",
            icon="doc-full",
            openable=_visible_courses,
            url=_page_url,
        ),
        ContentDescriptor(
            model=LessonPage,
            kind="lesson",
            label="Lesson",
            icon="doc-full-inverse",
            openable=_visible_lessons,
            url=_page_url,
        ),
    ],
    search_types=search.SEARCH_TYPES,
    notification_kinds=[
        KindInfo(
            LearningKind.COURSE_COMPLETED,
            "Courses completed",
            "You complete every lesson of a course.",
            default=Delivery.WEB,
            order=150,
            icon="success",
        ),
    ],
    exporters={"learning": selectors.export_for_member},
    startup=[search.connect_signals],
)
