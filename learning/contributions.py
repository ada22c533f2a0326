"""Everything learning contributes to the community's core (see `community.core.extensions`)."""

from django.db.models import Count

from community.core.demo import Seeder
from community.core.extensions import Contributions, page_content
from community.members.profile_sections import ProfileFact, ProfileSection
from community.notifications.kinds import Delivery, KindInfo

from . import demo, insight_source, permissions, search, selectors
from .certificates import demo as certificates_demo
from .certificates import reading as certificates
from .models import Certificate
from .notification_kinds import LearningKind
from .pages import CoursePage, LessonPage


def _certificates(member_ids) -> dict[int, int]:
    """How many certificates each member holds (revoked ones don't count)."""
    return dict(
        Certificate.objects.filter(member_id__in=member_ids, revoked_at__isnull=True)
        .values_list("member_id")
        .annotate(count=Count("pk"))
    )


contributions = Contributions(
    content=[
        page_content(
            CoursePage,
            kind="course",
            label="Course",
            icon="doc-full",
            visible=permissions.visible_courses,
        ),
        page_content(
            LessonPage,
            kind="lesson",
            label="Lesson",
            icon="doc-full-inverse",
            visible=permissions.visible_lessons,
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
        KindInfo(
            LearningKind.CERTIFICATE_EARNED,
            "Certificates earned",
            "You earn a certificate for a course or a learning path.",
            default=Delivery.EMAIL,
            order=151,
            icon="award",
        ),
        KindInfo(
            LearningKind.CERTIFICATE_EXPIRING,
            "Certificates about to expire",
            "One of your certificates expires within 30 days.",
            default=Delivery.EMAIL,
            order=152,
            icon="award",
        ),
        KindInfo(
            LearningKind.CERTIFICATE_REVOKED,
            "Certificates revoked",
            "A community manager revokes one of your certificates.",
            default=Delivery.EMAIL,
            can_turn_off=False,
            order=153,
            icon="warning",
        ),
    ],
    profile_sections=[
        ProfileSection(
            title="Learning",
            template="learning/certificate_profile.html",
            order=25,
            load=certificates.profile_section,
        )
    ],
    profile_facts=[ProfileFact(label="certificates", order=20, count=_certificates)],
    exporters={
        "learning": selectors.export_for_member,
        "certificates": certificates.export_for_member,
    },
    seeders=[
        # The academy first: certificates are issued from the enrolments it completes.
        Seeder(name="learning", order=45, seed=demo.seed),
        Seeder(name="certificates", order=60, seed=certificates_demo.seed_certificates),
    ],
    insight_sources=[insight_source.source],
    startup=[search.connect_signals],
)
