"""Background work of job alerts: matching a posting that opens, and the periodic summaries."""

from django_tasks import task

from ..signals import posting_published
from . import services


@task()
def match_job_alerts(posting_id: int) -> int:
    return services.match_posting(posting_id)


@task()
def send_job_alert_summaries(frequency: str) -> int:
    return services.send_summaries(frequency)


def queue_matching(sender, posting, **kwargs) -> None:
    """`posting_published` receiver: match the posting against saved searches in the worker."""
    match_job_alerts.enqueue(posting.pk)


def connect_signals() -> None:
    posting_published.connect(queue_matching, dispatch_uid="careers.alerts.queue_matching")
