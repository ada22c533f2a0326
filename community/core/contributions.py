"""What the core itself contributes: unposted drafts are the member's writing too."""

from . import page_routing
from .drafts import export_for_member
from .extensions import Contributions

contributions = Contributions(
    exporters={"drafts": export_for_member},
    # Remembered page routes are forgotten when pages, view restrictions or sites change.
    startup=[page_routing.connect_signals],
)
