"""What search contributes to the core: the demo's index, built after every other seeder has
written its content. It also fills its registry with the search types the apps declared."""

from community.core import extensions
from community.core.demo import Seeder
from community.core.extensions import Contributions

from . import registry
from .demo import seed_search_index


def _register_declared_types() -> None:
    for search_type in extensions.search_types():
        registry.register(search_type)


contributions = Contributions(
    seeders=[Seeder(name="search", order=90, seed=seed_search_index)],
    startup=[_register_declared_types],
)
