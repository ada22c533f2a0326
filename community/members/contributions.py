"""What members contribute to the core: profiles as content, and the demo's members."""

from community.core.demo import Seeder
from community.core.extensions import ContentDescriptor, Contributions

from . import demo
from .models import User


def _open_profiles(viewer):
    return User.objects.select_related("profile").filter(is_active=True)


contributions = Contributions(
    content=[
        ContentDescriptor(
            model=User, kind="profile", label="Profile", icon="user", openable=_open_profiles
        )
    ],
    seeders=[
        Seeder(name="members", order=10, seed=demo.seed_members, add_arguments=demo.add_arguments)
    ],
)
