"""What moderation contributes to the core: member profiles are reportable."""

from community.core.extensions import Contributions

from .profiles import ProfileModeration

contributions = Contributions(moderation=[ProfileModeration()])
