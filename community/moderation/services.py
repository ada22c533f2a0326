"""Every moderation write: reports, review decisions and sanctions, each recorded in the audit log.

Decisions and sanctions refuse on their own, with the reason, when they make no sense for the item
or the member as they stand (see rules.py, which the review page asks too)."""

from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone

from community.core.ratelimit import check_rate
from community.core.standing import ensure_can_participate
from community.members.models import Profile, User
from community.notifications.kinds import Kind
from community.notifications.live import disconnect_member
from community.notifications.services import notify

from .models import ModerationAction, Report
from .permissions import ensure_moderator
from .registry import Moderatable, adapter_for, adapters
from .rules import ModerationRefused as ModerationRefused  # what the verbs below raise
from .rules import ensure_decision_makes_sense, ensure_sanction_makes_sense


class AlreadyReported(Exception):
    """The member reported this item before; one report per member per item."""


def record_action(
    *, actor: User | None, action: str, item=None, member: User | None = None, reason: str = ""
) -> ModerationAction:
    """Write one line of the audit log."""
    target_type = ContentType.objects.get_for_model(item) if item is not None else None
    label = ""
    if item is not None:
        label = adapter_for(item).title(item)[:200] if _moderatable(item) else str(item)[:200]
    return ModerationAction.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=item.pk if item is not None else None,
        target_label=label,
        member=member,
        reason=reason,
    )


def _moderatable(item) -> bool:
    try:
        adapter_for(item)
    except LookupError:
        return False
    return True


def _reports_on(item):
    return Report.objects.filter(
        target_type=ContentType.objects.get_for_model(item), target_id=item.pk
    )


# --- Reports ----------------------------------------------------------------------------


def report(*, reporter: User, item, reason: str, text: str = "") -> Report:
    """File a member's report; enough reports from different members hide the item at once."""
    ensure_can_participate(reporter)
    adapter = adapter_for(item)
    if adapter.author(item) == reporter:
        raise PermissionDenied("You can't report your own content.")
    if reason not in Report.Reason.values:
        raise ValueError(f"Unknown report reason {reason!r}")
    check_rate(scope="report", member=reporter)
    with transaction.atomic():
        try:
            with transaction.atomic():
                filed = Report.objects.create(
                    reporter=reporter,
                    target_type=ContentType.objects.get_for_model(item),
                    target_id=item.pk,
                    reason=reason,
                    text=text.strip()[:1000],
                )
        except IntegrityError:
            raise AlreadyReported("You have already reported this; thank you.") from None
        open_reporters = (
            _reports_on(item)
            .filter(status=Report.Status.OPEN)
            .values("reporter")
            .distinct()
            .count()
        )
        if open_reporters >= settings.MODERATION_AUTO_HIDE_REPORTS and adapter.is_visible(item):
            adapter.hide(item)
            record_action(
                actor=None,
                action="auto_hide",
                item=item,
                member=adapter.author(item),
                reason=f"Reported by {open_reporters} members",
            )
        notify(
            kind=Kind.MODERATION,
            recipients=[reporter.pk],
            text="Thanks for your report. A community manager will review it.",
            url="",
        )
    return filed


def _close_reports(item, *, status: str, outcome: str) -> None:
    reports = _reports_on(item).filter(status=Report.Status.OPEN)
    reporters = list(reports.values_list("reporter_id", flat=True))
    reports.update(status=status, resolved_at=timezone.now())
    notify(
        kind=Kind.MODERATION,
        recipients=reporters,
        text=f"About your report: {outcome}",
        url="",
    )


# --- Review decisions -------------------------------------------------------------------


class _ItemUnderReview:
    """An item as the decision rules read it; its open reports are counted only if a rule asks."""

    def __init__(self, adapter: Moderatable, item) -> None:
        self.adapter, self.item = adapter, item

    @property
    def kind(self) -> str:
        return self.adapter.kind

    @cached_property
    def state(self) -> str:
        return self.adapter.state(self.item)

    @cached_property
    def reports(self) -> int:
        return _reports_on(self.item).filter(status=Report.Status.OPEN).count()

    @property
    def can_delete(self) -> bool:
        return self.adapter.can_delete


KEPT = (Report.Status.KEPT, "we reviewed it and left it up.")
HIDDEN = (Report.Status.ACTIONED, "we hid it. Thank you.")
REMOVED = (Report.Status.ACTIONED, "we removed it. Thank you.")


def _decide(
    *,
    action: str,
    item,
    moderator: User,
    reason: str,
    apply,
    reports: tuple[str, str] | None = None,
    tell_author: str = "",
) -> None:
    """One review decision: apply it, log it, close the reports and tell the author."""
    ensure_moderator(moderator)
    adapter = adapter_for(item)
    ensure_decision_makes_sense(action, _ItemUnderReview(adapter, item))
    with transaction.atomic():
        apply(adapter, item)
        record_action(
            actor=moderator, action=action, item=item, member=adapter.author(item), reason=reason
        )
        if reports:
            _close_reports(item, status=reports[0], outcome=reports[1])
        if tell_author:
            _tell_author(adapter, item, tell_author.format(title=adapter.title(item)), reason)


def _restore_if_hidden(adapter, item) -> None:
    # Only what reports hid comes back; held posts still need approval, deleted stay gone.
    if adapter.state(item) == "hidden":
        adapter.restore(item)


def keep(*, item, moderator: User, reason: str = "") -> None:
    """Dismiss the reports: the item is fine (and visible again if reports had hidden it)."""
    _decide(
        action="keep", item=item, moderator=moderator, reason=reason,
        apply=_restore_if_hidden, reports=KEPT,
    )  # fmt: skip


def hide(*, item, moderator: User, reason: str = "") -> None:
    _decide(
        action="hide", item=item, moderator=moderator, reason=reason,
        apply=lambda adapter, target: adapter.hide(target), reports=HIDDEN,
        tell_author="A community manager hid your post “{title}”",
    )  # fmt: skip


def restore(*, item, moderator: User, reason: str = "") -> None:
    _decide(
        action="restore", item=item, moderator=moderator, reason=reason,
        apply=lambda adapter, target: adapter.restore(target),
    )  # fmt: skip


def delete(*, item, moderator: User, reason: str = "") -> None:
    """Soft-delete: the item disappears for everyone but community managers."""
    _decide(
        action="delete", item=item, moderator=moderator, reason=reason,
        apply=lambda adapter, target: adapter.delete(target), reports=REMOVED,
        tell_author="A community manager removed your post “{title}”",
    )  # fmt: skip


def reject(*, item, moderator: User, reason: str = "") -> None:
    """Refuse a held post: it stays unpublished and its author is told why."""
    _decide(
        action="reject", item=item, moderator=moderator, reason=reason,
        apply=lambda adapter, target: adapter.delete(target), reports=REMOVED,
        tell_author="Your post “{title}” was not approved",
    )  # fmt: skip


def approve(*, item, moderator: User, reason: str = "") -> None:
    """Publish a held post; it counts towards its author's approved posts."""
    ensure_moderator(moderator)
    adapter = adapter_for(item)
    author = adapter.author(item)
    with transaction.atomic():
        # Two managers may press Approve at once: only the first publishes and counts, the
        # second is told it is not awaiting approval any more.
        item = type(item).objects.select_for_update().get(pk=item.pk)
        ensure_decision_makes_sense("approve", _ItemUnderReview(adapter, item))
        adapter.approve(item)
        if author is not None:
            Profile.objects.filter(user=author).update(approved_posts=F("approved_posts") + 1)
        record_action(actor=moderator, action="approve", item=item, member=author, reason=reason)
        _close_reports(item, status=KEPT[0], outcome=KEPT[1])
        _tell_author(
            adapter, item, f"Your post “{adapter.title(item)}” was approved and is live", ""
        )


def _tell_author(adapter, item, text: str, reason: str) -> None:
    author = adapter.author(item)
    if author is None:
        return
    notify(
        kind=Kind.MODERATION,
        recipients=[author.pk],
        text=f"{text}: {reason}" if reason else f"{text}.",
    )


# --- Sanctions on members ---------------------------------------------------------------


def _current_profile(member: User) -> Profile:
    # Read again: another manager may have sanctioned the member since the caller loaded them.
    return Profile.objects.get(user=member)


def warn(*, member: User, moderator: User, reason: str) -> None:
    ensure_moderator(moderator)
    ensure_sanction_makes_sense("warn", member=member, moderator=moderator)
    with transaction.atomic():
        record_action(actor=moderator, action="warn", item=member, member=member, reason=reason)
        notify(
            kind=Kind.MODERATION,
            recipients=[member.pk],
            text=f"A warning from the community managers: {reason}",
        )


def suspend(*, member: User, moderator: User, until: datetime, reason: str) -> None:
    """The member can read but not post, react, report, RSVP or apply until `until`."""
    ensure_moderator(moderator)
    ensure_sanction_makes_sense(
        "suspend", member=member, moderator=moderator, profile=_current_profile(member)
    )
    if until <= timezone.now():
        raise ValueError("A suspension must end in the future.")
    if member.is_community_manager:
        raise PermissionDenied("Community managers can't be suspended; remove the role first.")
    with transaction.atomic():
        Profile.objects.filter(user=member).update(suspended_until=until)
        when = formats.date_format(until, "DATETIME_FORMAT")
        record_action(
            actor=moderator,
            action="suspend",
            item=member,
            member=member,
            reason=f"Until {when}. {reason}",
        )
        notify(
            kind=Kind.MODERATION,
            recipients=[member.pk],
            text=f"Your account is suspended until {when}: {reason}",
        )
        disconnect_member(member.pk)


def lift_sanctions(*, member: User, moderator: User, reason: str = "") -> None:
    """End a suspension or a ban; the member can take part again and is told so."""
    ensure_moderator(moderator)
    ensure_sanction_makes_sense(
        "lift", member=member, moderator=moderator, profile=_current_profile(member)
    )
    with transaction.atomic():
        Profile.objects.filter(user=member).update(suspended_until=None, banned_at=None)
        record_action(
            actor=moderator, action="lift_sanctions", item=member, member=member, reason=reason
        )
        notify(
            kind=Kind.MODERATION,
            recipients=[member.pk],
            text="Your account is in good standing again: you can post and take part.",
        )


def ban(*, member: User, moderator: User, reason: str) -> None:
    """Ban a member: no more posting, and every open session (and live connection) ends."""
    ensure_moderator(moderator)
    ensure_sanction_makes_sense(
        "ban", member=member, moderator=moderator, profile=_current_profile(member)
    )
    _ban(member=member, moderator=moderator, reason=reason)


def _ban(*, member: User, moderator: User, reason: str) -> None:
    if member.is_community_manager:
        raise PermissionDenied("Community managers can't be banned; remove the role first.")
    with transaction.atomic():
        Profile.objects.filter(user=member).update(banned_at=timezone.now())
        User.objects.filter(pk=member.pk).update(session_epoch=F("session_epoch") + 1)
        record_action(actor=moderator, action="ban", item=member, member=member, reason=reason)
        notify(
            kind=Kind.MODERATION, recipients=[member.pk], text=f"Your account is banned: {reason}"
        )
        disconnect_member(member.pk)


def mark_spammer(*, member: User, moderator: User, reason: str = "Spam") -> int:
    """Hide everything the member wrote and ban them (again, if they were banned already);
    returns how many items were hidden."""
    ensure_moderator(moderator)
    ensure_sanction_makes_sense("spammer", member=member, moderator=moderator)
    with transaction.atomic():
        hidden = sum(adapter.hide_everything_by(member) for adapter in adapters())
        _ban(member=member, moderator=moderator, reason=reason)
        record_action(
            actor=moderator,
            action="mark_spammer",
            item=member,
            member=member,
            reason=f"{reason} ({hidden} item{'s' if hidden != 1 else ''} hidden)",
        )
    return hidden
