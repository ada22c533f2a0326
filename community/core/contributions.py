"""What the core itself contributes: unposted drafts are the member's writing too."""

from .drafts import export_for_member
from .extensions import Contributions

contributions = Contributions(exporters={"drafts": export_for_member})
