"""Every write to an application: applying, moving through stages, withdrawing, and deleting
applications (with their CVs) on request or once their job has been closed long enough."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from community.core.errors import Rejected
from community.members.models import User
from community.notifications.services import notify

from .. import permissions
from ..application_models import COVER_LETTER_MAX_LENGTH, Application, Stage, StageChange
from ..cv import CheckedCv
from ..cv_storage import cv_storage, random_cv_name
from ..models import JobPosting, PostingStatus
from ..notification_kinds import CareersKind

logger = logging.getLogger(__name__)

CV_NAME_MAX_LENGTH = 200


class ApplicationRejected(Rejected):
    """The application breaks a rule; nothing is stored."""


ALREADY_APPLIED = "You have already applied for this job: your applications page shows its stage."


def apply(
    *, job: JobPosting, member: User, cv: CheckedCv, cv_name: str, cover_letter: str
) -> Application:
    """Apply once to a live job taking applications on the site, with a checked CV.

    Two requests at once (a double click, two tabs) make one application: the second fails on
    the (job, applicant) constraint and its CV file is removed again.
    """
    permissions.ensure_can_apply(member, job)
    cover_letter = cover_letter.strip()
    if not cover_letter:
        raise ApplicationRejected("Write a few lines to the employer in your cover letter.")
    if len(cover_letter) > COVER_LETTER_MAX_LENGTH:
        raise ApplicationRejected(
            f"Keep your cover letter under {COVER_LETTER_MAX_LENGTH} characters."
        )
    if Application.objects.filter(job=job, applicant=member).exists():
        raise ApplicationRejected(ALREADY_APPLIED)
    storage = cv_storage()
    stored = storage.save(random_cv_name(cv.extension), ContentFile(cv.content))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                job=job,
                applicant=member,
                cv=stored,
                cv_name=_display_name(cv_name, cv.extension),
                cv_size=len(cv.content),
                cover_letter=cover_letter,
            )
            StageChange.objects.create(application=application, stage=Stage.NEW, changed_by=member)
            JobPosting.objects.filter(pk=job.pk).update(
                application_count=F("application_count") + 1
            )
            notify(
                kind=CareersKind.NEW_APPLICATION,
                recipients=job.company.members.all(),
                actor=member,
                target=job,
                url=reverse("careers:job_applicants", kwargs={"pk": job.pk}),
                text=f"{member} applied for {job.title}.",
            )
    except IntegrityError:
        storage.delete(stored)
        raise ApplicationRejected(ALREADY_APPLIED) from None
    except BaseException:
        storage.delete(stored)
        raise
    return application


def _display_name(sent_as: str, extension: str) -> str:
    """The file's name as the member sent it (any script), ending in what it really is."""
    stem = sent_as.replace("\x00", "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = stem[: CV_NAME_MAX_LENGTH - len(extension) - 1].strip() or "CV"
    return f"{stem}.{extension}"


def move_to_stage(*, application: Application, stage: str, member: User) -> Application:
    """An employer moves an application on (or back); the applicant hears of it at once."""
    permissions.ensure_can_review_applications(member, application.job.company)
    if stage not in Stage.values:
        raise ApplicationRejected("Choose a stage from the list.")
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("job__company")
            .get(pk=application.pk)
        )
        if locked.withdrawn_at is not None:
            raise ApplicationRejected("The applicant withdrew this application.")
        if locked.stage == stage:
            return locked
        now = timezone.now()
        locked.stage = stage
        locked.stage_changed_at = now
        locked.save(update_fields=["stage", "stage_changed_at"])
        StageChange.objects.create(
            application=locked, stage=stage, changed_by=member, changed_at=now
        )
        label = Stage(stage).label
        notify(
            kind=CareersKind.APPLICATION_STAGE,
            recipients=[locked.applicant_id],
            target=locked.job,
            url=reverse("careers:my_applications"),
            text=f"Your application for {locked.job.title} at {locked.job.company.name}: {label}.",
        )
    return locked


def withdraw(*, application: Application, member: User) -> Application:
    """The applicant withdraws; the employer keeps seeing it, marked withdrawn."""
    permissions.ensure_can_withdraw(member, application)
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not updated:
            raise ApplicationRejected("You already withdrew this application.")
    application.refresh_from_db()
    return application


def withdraw_and_delete(*, application: Application, member: User) -> None:
    """The applicant withdraws and asks us to forget: the application, its letter and its CV
    file are gone at once."""
    permissions.ensure_can_withdraw(member, application)
    delete_applications(Application.objects.filter(pk=application.pk))


def delete_applications(applications) -> int:
    """Delete these applications and their stage history, then their CV files once the rows
    are gone for good; the jobs' counters follow. Returns how many were deleted."""
    with transaction.atomic():
        rows = list(applications.select_for_update(of=("self",)).values_list("pk", "job_id", "cv"))
        if not rows:
            return 0
        Application.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
        per_job: dict[int, int] = {}
        for _, job_id, _ in rows:
            per_job[job_id] = per_job.get(job_id, 0) + 1
        for job_id, count in per_job.items():
            # Never below zero, should the counter ever have missed an application.
            JobPosting.objects.filter(pk=job_id).update(
                application_count=Greatest(F("application_count") - count, Value(0))
            )
        names = [name for _, _, name in rows if name]
        transaction.on_commit(lambda: _remove_files(names))
    return len(rows)


def _remove_files(names: list[str]) -> None:
    storage = cv_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the CV file %s", name)


def delete_expired_applications(*, now: datetime.datetime | None = None) -> int:
    """Applications to jobs closed (or past their closing date) longer ago than the retention
    period, with their CVs; safe to run at any time, and twice."""
    now = now or timezone.now()
    days = settings.CAREERS_APPLICATION_RETENTION_DAYS
    cutoff = now - datetime.timedelta(days=days)
    expired_jobs = JobPosting.objects.filter(
        Q(status=PostingStatus.CLOSED, closed_at__lt=cutoff)
        | Q(closes_on__lt=cutoff.date())
        | Q(status=PostingStatus.REMOVED, updated_at__lt=cutoff)
    )
    deleted = 0
    while True:
        batch = list(
            Application.objects.filter(job__in=expired_jobs).values_list("pk", flat=True)[:500]
        )
        if not batch:
            return deleted
        deleted += delete_applications(Application.objects.filter(pk__in=batch))
