"""Everything the job board contributes to the community's core (see `community.core.extensions`)."""

from community.core.demo import Seeder
from community.core.extensions import ContentDescriptor, Contributions

from . import demo, permissions, search
from .models import JobPosting
from .moderation import JobPostingModeration
from .moderation import connect_signals as connect_moderation_signals


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
    seeders=[Seeder(name="careers", order=60, seed=demo.seed_careers)],
    startup=[search.connect_signals, connect_moderation_signals],
)
