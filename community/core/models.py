from django.conf import settings
from django.db import models

# Wagtail finds page models through the models module.
from .pages import SectionIndexPage  # noqa: F401


class Draft(models.Model):
    """What a member is writing and has not posted yet, kept until they post or discard it.

    The key names the form it belongs to ("<app>:<form>[:<object id>]"); apps declare the keys
    they use in community.core.drafts, and the payload holds only the fields they declare.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    key = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="draft_one_per_member_and_key")
        ]
        indexes = [models.Index(fields=["member", "-updated_at"], name="draft_member_recent")]

    def __str__(self) -> str:
        return f"{self.key} by member {self.member_id}"
