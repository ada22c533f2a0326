"""Who may see, post and manage which jobs and company pages. Every rule lives here once;
services, selectors, views and templates ask it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding what to offer) that runs the very same rule.

- Everyone may read an open posting, and a closed one (its page says it takes no applications
  any more); drafts, postings awaiting approval and hidden ones are for the company's own
  employers and community managers only; a removed one for community managers only.
- Members with the Employer role create company pages and post for the companies they belong to;
  community managers may do anything to any company and posting.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from community.core.standing import allowed, ensure_can_participate
from community.members.roles import Role
from community.moderation.permissions import is_moderator

from .application_models import Application
from .models import Company, JobPosting, PostingStatus

# Statuses whose page anyone may open.
PUBLIC_STATUSES = (PostingStatus.OPEN, PostingStatus.CLOSED)
# Statuses the company's own employers still see (the moderators' "removed" is final for them).
EMPLOYER_STATUSES = (
    PostingStatus.DRAFT,
    PostingStatus.PENDING,
    PostingStatus.OPEN,
    PostingStatus.CLOSED,
    PostingStatus.HIDDEN,
)
# Statuses an employer may still edit.
EDITABLE_STATUSES = (
    PostingStatus.DRAFT,
    PostingStatus.PENDING,
    PostingStatus.OPEN,
    PostingStatus.CLOSED,
)


def _is_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and is_moderator(user))


def is_employer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.EMPLOYER))


def company_ids_of(user) -> QuerySet:
    """The ids of the companies the member posts for, as a subquery."""
    return Company.members.through.objects.filter(user_id=user.pk).values("company_id")


def openable_postings(viewer) -> QuerySet[JobPosting]:
    """The postings whose page this viewer may open."""
    postings = JobPosting.objects.all()
    if _is_manager(viewer):
        return postings
    public = Q(status__in=PUBLIC_STATUSES)
    if viewer.is_authenticated:
        own = Q(company_id__in=company_ids_of(viewer), status__in=EMPLOYER_STATUSES)
        return postings.filter(public | own)
    return postings.filter(public)


def listed_postings() -> QuerySet[JobPosting]:
    """What the job board lists: open and before their closing date, for everyone alike."""
    return JobPosting.objects.live()


# --- Companies --------------------------------------------------------------------------------


def ensure_can_create_company(user) -> None:
    ensure_can_participate(user)
    if not (is_employer(user) or _is_manager(user)):
        raise PermissionDenied(
            "Company pages are for employers: ask a community manager for the Employer role."
        )


def can_create_company(user) -> bool:
    return allowed(ensure_can_create_company, user)


def belongs_to(user, company: Company) -> bool:
    """Whether the member posts for the company (uses the prefetched members when loaded)."""
    if not user.is_authenticated:
        return False
    cache = getattr(company, "_prefetched_objects_cache", {})
    if "members" in cache:
        return any(member.pk == user.pk for member in cache["members"])
    return company.members.filter(pk=user.pk).exists()


def ensure_can_manage_company(user, company: Company) -> None:
    """Edit the company page and post jobs for it: its employers, and community managers."""
    if _is_manager(user):
        return
    ensure_can_participate(user)
    if not is_employer(user):
        raise PermissionDenied("Only employers post jobs and edit company pages.")
    if not belongs_to(user, company):
        raise PermissionDenied(f"Only {company.name}'s own employers manage its page and jobs.")


def can_manage_company(user, company: Company) -> bool:
    return allowed(ensure_can_manage_company, user, company)


def managed_companies(user) -> QuerySet[Company]:
    """The companies the member may post for (every company, for community managers)."""
    if _is_manager(user):
        return Company.objects.all()
    if not is_employer(user):
        return Company.objects.none()
    return Company.objects.filter(pk__in=company_ids_of(user))


# --- Postings ---------------------------------------------------------------------------------


def ensure_can_post_for(user, company: Company) -> None:
    ensure_can_manage_company(user, company)


def ensure_can_edit_posting(user, posting: JobPosting) -> None:
    """Edit, submit, close, reopen or repost: the company's employers while moderators let it
    stand, community managers always."""
    if _is_manager(user):
        return
    ensure_can_manage_company(user, posting.company)
    if posting.status not in EDITABLE_STATUSES:
        raise PermissionDenied(
            "Moderators took this posting down; a community manager can tell you why."
        )


def can_edit_posting(user, posting: JobPosting) -> bool:
    return allowed(ensure_can_edit_posting, user, posting)


# --- Applications, CVs and open to work -------------------------------------------------------
# An application is personal data: the applicant, the job's own employers and community managers
# see it and its CV; nobody else, whichever address they try.


def ensure_can_apply(member, posting: JobPosting) -> None:
    """Apply on the site: any member in good standing, to a live job taking applications here,
    except the company's own employers."""
    if not member.is_authenticated:
        raise PermissionDenied("Sign in to apply for this job.")
    ensure_can_participate(member)
    if not posting.is_live:
        raise PermissionDenied("This job no longer takes applications.")
    if not posting.applies_on_site:
        raise PermissionDenied("This job takes applications on the employer's own website.")
    if is_employer(member) and belongs_to(member, posting.company):
        raise PermissionDenied(
            f"You post jobs for {posting.company.name}; you can't apply to them."
        )


def can_apply(member, posting: JobPosting) -> bool:
    return allowed(ensure_can_apply, member, posting)


def visible_applications(viewer) -> QuerySet[Application]:
    """The applications this viewer may see: their own, those to their companies' jobs (as an
    employer), or all (community managers)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return Application.objects.none()
    if _is_manager(viewer):
        return Application.objects.all()
    own = Q(applicant_id=viewer.pk)
    if is_employer(viewer):
        return Application.objects.filter(own | Q(job__company_id__in=company_ids_of(viewer)))
    return Application.objects.filter(own)


def is_hiring_for(user, company: Company) -> bool:
    """The company's own employers and community managers: who reviews its applications."""
    return _is_manager(user) or (is_employer(user) and belongs_to(user, company))


def ensure_can_review_applications(user, company: Company) -> None:
    """See who applied to the company's jobs, open their CVs and move them through stages."""
    if not is_hiring_for(user, company):
        raise PermissionDenied(f"Only {company.name}'s own employers see who applied.")


def can_review_applications(user, company: Company) -> bool:
    return allowed(ensure_can_review_applications, user, company)


def ensure_can_read_application(user, application: Application) -> None:
    """The application, its cover letter and CV: the applicant, the job's employers, managers."""
    if user.is_authenticated and application.applicant_id == user.pk:
        return
    ensure_can_review_applications(user, application.job.company)


def ensure_can_withdraw(user, application: Application) -> None:
    if not (user.is_authenticated and application.applicant_id == user.pk):
        raise PermissionDenied("Only the applicant can withdraw an application.")


def ensure_can_save_searches(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to save searches and get job alerts.")


def ensure_can_browse_open_to_work(user) -> None:
    """Members open to work are shown to employers and community managers, nobody else."""
    if not (is_employer(user) or _is_manager(user)):
        raise PermissionDenied("Only employers can browse members who are open to work.")


def can_browse_open_to_work(user) -> bool:
    return allowed(ensure_can_browse_open_to_work, user)
