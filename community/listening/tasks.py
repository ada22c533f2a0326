"""Background work of listening: inviting a survey's segment, scoring sentiment."""

from django_tasks import task

from . import services


@task()
def invite_segment(survey_id: int) -> int:
    return services.invite(survey_id)


@task()
def score_texts(kind: str, pks: list[int]) -> int:
    return services.score_rows(kind, pks)
