"""What the job board puts into the search index.

Open and closed postings are indexed (a closed job's page still answers, saying it takes no
applications); drafts, postings awaiting approval and those moderators took down are not. The
status facet says "open" while a job is open and before its closing date, "closed" after: since
nothing is saved when the date passes, `services.close_expired_postings` (a daily task) closes
expired postings and moves their entries.
"""

from collections.abc import Iterator

from django.db.models.signals import post_delete

from community.search import SearchDocument, SearchType, Tag, pk_batches, remove_later

from .display import place_summary
from .models import JobPosting
from .permissions import PUBLIC_STATUSES

BATCH = 500
OPEN, CLOSED = "open", "closed"
# Open jobs are what people searching for jobs want.
OPEN_BOOST = 1.3


class JobSearch(SearchType):
    name = "job"
    model = JobPosting
    label = "Job"
    label_plural = "Jobs"
    order = 60
    statuses = {OPEN: "Open", CLOSED: "Closed"}

    def status(self, posting: JobPosting) -> str:
        return OPEN if posting.is_live else CLOSED

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        postings = (
            JobPosting.objects.filter(pk__in=pks, status__in=PUBLIC_STATUSES)
            .select_related("company", "industry")
            .prefetch_related("locations__country__region", "remote_countries", "skills")
        )
        documents = []
        for posting in postings:
            locations = list(posting.locations.all())
            status = self.status(posting)
            region = locations[0].country.region.code.lower() if locations else ""
            places = " ".join(f"{place.city} {place.country.name}" for place in locations)
            remote = list(posting.remote_countries.all())
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=posting.pk,
                    title=posting.title,
                    body=" ".join(
                        part
                        for part in (
                            posting.company.name,
                            places,
                            " ".join(country.name for country in remote),
                            posting.get_employment_type_display(),
                            posting.get_seniority_display(),
                            posting.description_source,
                        )
                        if part
                    ),
                    heading=posting.title,
                    context=f"{posting.company.name} · {place_summary(posting, locations, remote)}",
                    url=posting.get_absolute_url(),
                    created_at=posting.posted_at or posting.created_at,
                    tags=[Tag(skill.slug, skill.name) for skill in posting.skills.all()],
                    industry=posting.industry.slug if posting.industry else "",
                    region=region,
                    status=status,
                    boost=OPEN_BOOST if status == OPEN else 1.0,
                )
            )
        return documents

    def all_pks(self, *, batch_size: int = BATCH) -> Iterator[list[int]]:
        yield from pk_batches(JobPosting.objects.filter(status__in=PUBLIC_STATUSES), batch_size)


def _deleted(sender, instance, **kwargs) -> None:
    remove_later(instance)


def connect_signals() -> None:
    post_delete.connect(_deleted, sender=JobPosting, dispatch_uid="search_job_deleted")
