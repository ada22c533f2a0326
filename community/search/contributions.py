"""What search contributes to the core: the demo's index, built after every other seeder has
written its content."""

from community.core.demo import Seeder
from community.core.extensions import Contributions

from .demo import seed_search_index

contributions = Contributions(seeders=[Seeder(name="search", order=90, seed=seed_search_index)])
