"""What the insight contributes to the core (see `community.core.extensions`): its own numbers
about members, and the demo's rollups, computed after every other app has seeded."""

from community.core.demo import Seeder
from community.core.extensions import Contributions

from . import demo, member_source

contributions = Contributions(
    insight_sources=[member_source.source],
    seeders=[Seeder(name="insight", order=100, seed=demo.seed_insight)],
)
