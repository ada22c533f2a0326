"""Everything listening contributes to the community's core (see `community.core.extensions`)."""

from community.core.demo import Seeder
from community.core.extensions import ContentDescriptor, Contributions
from community.notifications.kinds import Delivery, KindInfo

from . import demo, insight, permissions, selectors, services
from .models import Response, Survey
from .notification_kinds import ListeningKind
from .sources import SentimentSource


def _reasons():
    return Response.objects.exclude(reason="")


contributions = Contributions(
    content=[
        ContentDescriptor(
            model=Survey,
            kind="survey",
            label="Pulse survey",
            icon="help",
            openable=permissions.surveys_for,
        )
    ],
    notification_kinds=[
        KindInfo(
            ListeningKind.PULSE_SURVEY,
            "Pulse surveys",
            "The community team asks a one-minute question about how things are going.",
            default=Delivery.WEB,
            order=90,
            icon="info",
        )
    ],
    exporters={"listening": selectors.export_for_member},
    sentiment_sources=[
        SentimentSource(
            model=Response,
            kind="survey_reason",
            text=lambda answer: answer.reason,
            member_id=lambda answer: answer.member_id,
            written_at=lambda answer: answer.created_at,
            rows=_reasons,
        )
    ],
    insight_sources=[insight.source],
    # After every app that writes text (its sentiment is backfilled), before the insight's rollup.
    seeders=[Seeder(name="listening", order=90, seed=demo.seed_listening)],
    startup=[services.connect_signals],
)
