"""Server-side drafts: what a member is writing in a form, kept until they post or discard it.

An app declares the forms it keeps drafts for as `draft_kinds` in its contributions module (see
`community.core.extensions`): a key prefix such as "blog:post:new", whether the key ends in an
object id ("blog:comment:<post id>"), the fields a draft holds, who may keep one for a given
object, and how its text is previewed. The core knows nothing else of the app; every key a
request names must match a declared kind.
"""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from community.core import extensions
from community.core.markdown import render_markdown
from community.core.standing import ensure_can_participate

from .errors import Rejected
from .models import Draft

# What one draft may hold, as UTF-8 JSON; more is refused, never cut (that would lose text).
DRAFT_MAX_BYTES = 100 * 1024
# Drafts a member keeps at most; saving one more drops the least recently saved.
DRAFTS_PER_MEMBER = 50

_OBJECT_ID = re.compile(r"[0-9]{1,12}")


class DraftError(Rejected, ValueError):
    """A draft request the member (or a script) got wrong; the message says what."""

    status = 400


class UnknownDraftKey(DraftError):
    pass


class DraftTooLarge(DraftError):
    status = 413


@dataclass(frozen=True)
class DraftKind:
    """A form an app keeps drafts for."""

    prefix: str
    fields: tuple[str, ...]
    # Whether keys end in ":<object id>" (a reply to a given topic), and whether the member may
    # write there; called with the member and the id on every save.
    takes_object_id: bool = False
    allows: Callable[[object, int], bool] | None = None
    # Markdown to HTML exactly as the app will publish it (mentions linked, say).
    render: Callable[[str], str] = render_markdown


@dataclass(frozen=True)
class DraftKey:
    kind: DraftKind
    key: str
    object_id: int | None


def _declared_kind(prefix: str, takes_object_id: bool) -> DraftKind | None:
    # By prefix and whether an object id follows: "blog:post:new" and "blog:post:new:<id>" may
    # be two kinds.
    for kind in extensions.draft_kinds():
        if kind.prefix == prefix and kind.takes_object_id == takes_object_id:
            return kind
    return None


def draft_key(prefix: str, object_id: int | None = None) -> str:
    """The key of a draft, as the app's templates and views name it."""
    return prefix if object_id is None else f"{prefix}:{object_id}"


def parse_key(key: str) -> DraftKey:
    """The declared kind a key belongs to; UnknownDraftKey for anything else."""
    if not isinstance(key, str) or len(key) > 100:
        raise UnknownDraftKey("This form doesn't keep drafts.")
    kind = _declared_kind(key, False)
    if kind is not None:
        return DraftKey(kind=kind, key=key, object_id=None)
    prefix, _, object_id = key.rpartition(":")
    kind = _declared_kind(prefix, True)
    # ASCII digits only: int() would also accept "²" or "٣".
    if kind is None or not _OBJECT_ID.fullmatch(object_id):
        raise UnknownDraftKey("This form doesn't keep drafts.")
    return DraftKey(kind=kind, key=key, object_id=int(object_id))


def save_draft(*, member, key: str, fields: Mapping[str, object]) -> Draft | None:
    """Keep what the member typed in the form named by `key`; an empty form discards its draft.

    Raises UnknownDraftKey, DraftTooLarge or PermissionDenied (suspended, banned, or not allowed
    to write there).
    """
    ensure_can_participate(member)
    parsed = parse_key(key)
    if parsed.kind.allows is not None and not parsed.kind.allows(member, parsed.object_id):
        raise PermissionDenied("You can't write there.")
    # NUL is invisible and PostgreSQL's JSON cannot store it: dropping it loses nothing typed.
    payload = {name: str(fields.get(name) or "").replace("\x00", "") for name in parsed.kind.fields}
    if not any(value.strip() for value in payload.values()):
        discard_draft(member=member, key=key)
        return None
    if len(json.dumps(payload, ensure_ascii=False).encode()) > DRAFT_MAX_BYTES:
        raise DraftTooLarge(
            f"This draft is too long to keep (more than {DRAFT_MAX_BYTES // 1024} KB). "
            "Your text is still in the form: shorten it, or post it in parts."
        )
    with transaction.atomic():
        draft, _ = Draft.objects.update_or_create(
            member=member, key=parsed.key, defaults={"payload": payload}
        )
        stale = Draft.objects.filter(member=member).order_by("-updated_at", "-pk")[
            DRAFTS_PER_MEMBER:
        ]
        stale_ids = list(stale.values_list("pk", flat=True))
        if stale_ids:
            Draft.objects.filter(pk__in=stale_ids).delete()
    return draft


def load_draft(*, member, key: str) -> Draft | None:
    """The member's own draft for this form, if any (never anyone else's)."""
    if not getattr(member, "is_authenticated", False):
        return None
    try:  # one at most: a draft per member and form
        return Draft.objects.get(member=member, key=key)
    except Draft.DoesNotExist:
        return None


def discard_draft(*, member, key: str) -> None:
    """Forget the member's draft for this form (posted, or thrown away)."""
    if getattr(member, "is_authenticated", False):
        Draft.objects.filter(member=member, key=key).delete()


def render_preview(*, key: str, text: str) -> str:
    """The HTML `text` will publish as in the form named by `key`."""
    return parse_key(key).kind.render(text)


def export_for_member(member) -> list[dict]:
    """The member's unposted drafts, for their data export."""
    return [
        {"form": draft.key, "saved": draft.updated_at.isoformat(), "fields": draft.payload}
        for draft in Draft.objects.filter(member=member).order_by("-updated_at")
    ]
