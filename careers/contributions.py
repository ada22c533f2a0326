"""Everything the job board contributes to the community's core (see `community.core.extensions`)."""

from community.core.demo import Seeder
from community.core.extensions import ContentDescriptor, Contributions
from community.notifications.kinds import Delivery, KindInfo

from . import demo, insight_source, permissions, search
from .alerts import selectors as alert_selectors
from .alerts.tasks import connect_signals as connect_alert_signals
from .applications import selectors as application_selectors
from .applications.demo import seed_applications
from .models import JobPosting
from .moderation import JobPostingModeration
from .moderation import connect_signals as connect_moderation_signals
from .notification_kinds import CareersKind
from .open_to_work import selectors as open_to_work_selectors


def _openable_postings(viewer):
    # A posting's report page and review-queue row name its company.
    return permissions.openable_postings(viewer).select_related("company")


contributions = Contributions(
    content=[
        ContentDescriptor(
            model=JobPosting,
            kind="job",
            label="Job",
            icon="clipboard-list",
            openable=_openable_postings,
        )
    ],
    moderation=[JobPostingModeration()],
    search_types=[search.JobSearch()],
    seeders=[
        Seeder(name="careers", order=60, seed=demo.seed_careers),
        Seeder(name="careers applications", order=61, seed=seed_applications),
    ],
    notification_kinds=[
        KindInfo(
            CareersKind.APPLICATION_STAGE,
            "Your job applications",
            "An employer moves one of your applications to a new stage.",
            default=Delivery.EMAIL,
            order=160,
            icon="careers",
        ),
        KindInfo(
            CareersKind.NEW_APPLICATION,
            "Applications to your jobs",
            "A member applies to a job your company posted.",
            default=Delivery.WEB,
            order=170,
            icon="careers",
        ),
        KindInfo(
            CareersKind.JOB_ALERT,
            "Job alerts",
            "New jobs matching a search you saved, as often as you chose for each search.",
            default=Delivery.EMAIL,
            order=180,
            icon="bell",
        ),
    ],
    exporters={
        "job_applications": application_selectors.export_for_member,
        "job_alerts": alert_selectors.export_for_member,
        "open_to_work": open_to_work_selectors.export_for_member,
    },
    insight_sources=[insight_source.source],
    startup=[search.connect_signals, connect_moderation_signals, connect_alert_signals],
)
