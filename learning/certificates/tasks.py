"""Background work of certificates: the daily sweep of expiry notices."""

from django_tasks import task

from .notices import send_due_expiry_notices


@task()
def send_certificate_expiry_notices() -> int:
    """Each notice goes out once however often this runs (see notices.py)."""
    return send_due_expiry_notices()
