"""Everything learning contributes to the community's core (see `community.core.extensions`)."""

from django.db.models import Count

from community.core.extensions import ContentDescriptor, Contributions
from community.members.profile_sections import ProfileFact
from community.notifications.kinds import Delivery, KindInfo

from . import permissions, search, selectors
from .models import Certificate
from .notification_kinds import LearningKind
from .pages import CoursePage, LessonPage


def _visible_courses(viewer):
    return permissions.visible_courses()


def _visible_lessons(viewer):
    return permissions.visible_lessons()


def _certificates(member_ids) -> dict[int, int]:
    """How many certificates each member holds (revoked ones don't count)."""
    return dict(
        Certificate.objects.filter(member_id__in=member_ids, revoked_at__isnull=True)
        .values_list("member_id")
        .annotate(count=Count("pk"))
    )


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
    profile_facts=[ProfileFact(label="certificates", order=20, count=_certificates)],
    exporters={"learning": selectors.export_for_member},
    startup=[search.connect_signals],
)
