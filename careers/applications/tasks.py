"""Background work of applications: deleting those kept past the retention period."""

from django_tasks import task

from . import services


@task()
def delete_expired_applications() -> int:
    return services.delete_expired_applications()
