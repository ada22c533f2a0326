"""The rules of a certificate's life, with no database access: its state at a moment, when its
holder may renew it, and the codes that name certificates in public."""

import calendar
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

# How long before expiry the holder is told, and may recertify.
RENEWAL_WINDOW = timedelta(days=30)

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not
# mistaken. 16 characters are 80 random bits: not guessable, and short enough to type.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
CODE_GROUP = 4


class State(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


def new_code() -> str:
    """A fresh code such as "7KQ2-M9XA-4TZC-1RHD"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, with or without dashes, O for 0, I and L for 1) in its
    stored form, or None when it cannot be a code at all."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    cleaned = text.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return "-".join(cleaned[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def expiry(issued_at: datetime, validity_months: int | None) -> datetime | None:
    """When a certificate issued at `issued_at` expires; None for one that never does."""
    if not validity_months:
        return None
    months = issued_at.month - 1 + validity_months
    year, month = issued_at.year + months // 12, months % 12 + 1
    # 31 January + 1 month is the last day of February, not an error.
    day = min(issued_at.day, calendar.monthrange(year, month)[1])
    return issued_at.replace(year=year, month=month, day=day)


def state(certificate, now: datetime) -> State:
    if certificate.revoked_at is not None:
        return State.REVOKED
    if certificate.expires_at is not None and certificate.expires_at <= now:
        return State.EXPIRED
    return State.VALID


def renewable(certificate, now: datetime) -> bool:
    """May be replaced by a recertification: expired, or expiring within the renewal window.
    A revoked certificate is not renewed by its holder: that is the managers' decision."""
    if certificate.revoked_at is not None or certificate.expires_at is None:
        return False
    return now >= certificate.expires_at - RENEWAL_WINDOW
