"""Every write in careers, one module per subject. Each service checks permissions first, owns
its transaction and keeps counters right with SQL expressions, never read-modify-write.

- `companies`: creating and editing company pages, their logo and their employers
- `postings`: drafting, submitting, publishing, editing, closing, reopening and reposting jobs,
  counting views, and closing expired postings

Callers use the package, not its modules: `services.submit_posting(...)`.
"""

from .companies import CompanyData, add_employer, create_company, update_company
from .postings import (
    Location,
    PostingData,
    PostingRejected,
    close_expired_postings,
    close_posting,
    create_posting,
    publish_approved,
    record_view,
    reopen_posting,
    repost_posting,
    submit_posting,
    update_posting,
)

__all__ = [
    "CompanyData",
    "Location",
    "PostingData",
    "PostingRejected",
    "add_employer",
    "close_expired_postings",
    "close_posting",
    "create_company",
    "create_posting",
    "publish_approved",
    "record_view",
    "reopen_posting",
    "repost_posting",
    "submit_posting",
    "update_company",
    "update_posting",
]
