"""What the careers app announces to the rest of itself (job alerts listen here).

`posting_published` is sent after the transaction that made a posting open commits: when it
is published on submission, approved by a community manager, reopened or reposted. Receivers
get `posting` (a JobPosting) and `first_time` (False when it had been open before, as on a
reopen); a failing receiver is logged and never undoes the publication.
"""

from django.dispatch import Signal

posting_published = Signal()
