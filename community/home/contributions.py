"""What the site itself contributes: the demo's welcome announcement."""

from community.core.demo import Seeder
from community.core.extensions import Contributions

from .welcome import seed

contributions = Contributions(
    seeders=[Seeder(name="welcome", order=90, seed=seed)],
)
