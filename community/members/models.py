"""Members: the user account, the segment taxonomies and the member profile."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .roles import ADVOCATE_GROUP, BADGE_ORDER, CERTIFIED_GROUP, Role
from .time_zones import validate_time_zone

handle_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    "Use letters, digits, dots, dashes and underscores, starting with a letter or digit.",
)


class Audience(models.TextChoices):
    B2B = "b2b", "B2B"
    B2C = "b2c", "B2C"
    BOTH = "both", "B2B and B2C"


class MemberManager(UserManager):
    def get_by_natural_key(self, username):
        # Members sign in with their e-mail address; admin tools may pass a handle.
        return self.get(models.Q(email__iexact=username) | models.Q(username__iexact=username))


class User(AbstractUser):
    """A community member. Signs in by e-mail; `username` is the public handle (@mentions, URLs)."""

    username = models.CharField(
        "handle",
        max_length=40,
        unique=True,
        validators=[handle_validator],
        help_text="Your public handle, used in your profile address and in @mentions.",
        error_messages={"unique": "That handle is taken."},
    )
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=80, help_text="Your name as other members see it.")
    # Bumped to sign a member out everywhere (a ban): it is part of the session hash.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = MemberManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="member_handle_unique_ci"),
        ]
        permissions = [("moderate_community", "Can moderate the community")]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or self.username

    def get_short_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"handle": self.username})

    def get_session_auth_hash(self) -> str:
        # Sessions carry this hash; changing the epoch makes every open session invalid.
        return f"{super().get_session_auth_hash()}:{self.session_epoch}"

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of the member's role groups; uses prefetched groups when the selector loaded them."""
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def badge(self) -> str:
        """The role badge shown beside the member's name ("" for customers)."""
        for role in BADGE_ORDER:
            if role.value in self.role_names:
                return role.value
        return ""

    @property
    def is_advocate(self) -> bool:
        """Named as an advocate by a published story (a badge beside the role badge)."""
        return ADVOCATE_GROUP in self.role_names

    @property
    def is_certified(self) -> bool:
        """Holds a certificate in force from the learning section (a badge beside the name)."""
        return CERTIFIED_GROUP in self.role_names

    @property
    def is_community_manager(self) -> bool:
        return self.is_superuser or self.has_role(Role.COMMUNITY_MANAGER)


class Industry(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "industries"

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A sales region (EMEA, NA, LATAM, APAC...) that countries map to."""

    code = models.CharField(max_length=12, unique=True, help_text="Short code, e.g. EMEA.")
    name = models.CharField(max_length=80, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.code


class Country(models.Model):
    """An ISO 3166 country and the region community managers map it to."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=80, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


def avatar_upload_to(profile: "Profile", filename: str) -> str:
    # A fresh name per upload, so browsers and CDNs never serve a stale picture.
    return f"avatars/{profile.user_id}/{filename}"


class Profile(models.Model):
    """What a member tells the community about themselves, and the segment they belong to."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    audience = models.CharField(max_length=4, choices=Audience.choices, default=Audience.B2B)
    company = models.CharField(max_length=120, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="An IANA zone (Europe/Paris); event times are shown in it. Empty: each "
        "event's own zone.",
    )
    avatar = models.ImageField(upload_to=avatar_upload_to, blank=True)
    bio = models.TextField(blank=True, max_length=2000)
    bio_html = models.TextField(blank=True, editable=False)
    reputation = models.IntegerField(
        default=0, help_text="Points from the recognition members give your posts."
    )
    suspended_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="While set in the future, the member can read but not post.",
    )
    banned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Banned members can read and export their data, nothing more.",
    )
    hidden_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when moderators hide the profile's picture and bio."
    )
    approved_posts = models.PositiveIntegerField(
        default=0,
        help_text="Posts approved by moderators; new members' posts wait until there are enough.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["industry", "audience"], name="profile_industry_audience"),
            models.Index(fields=["country", "audience"], name="profile_country_audience"),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def region(self) -> Region | None:
        return self.country.region if self.country_id else None

    @property
    def initials(self) -> str:
        words = (self.user.display_name or self.user.username).split()
        return "".join(word[0] for word in words[:2]).upper()

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    @property
    def has_segment(self) -> bool:
        return bool(self.industry_id and self.country_id)
