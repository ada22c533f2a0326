"""Signing up as a newcomer would: what they type into the form, and the link they are mailed."""

import re

from community.members.models import Industry

SIGNUP_URL = "/accounts/signup/"
PASSWORD = "quiet-harbour-58-ledger"
CONFIRMATION_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s/]+/)")


def signup_data(**overrides) -> dict:
    """Ana Souza's sign-up form; a field overridden with None is left out."""
    data = {
        "email": "ana.souza@example.com",
        "display_name": "Ana Souza",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "industry": Industry.objects.get(name="Manufacturing").pk,
        "country": "DE",
        "audience": "b2b",
        "company": "Acme Tools GmbH",
        "job_title": "Head of Customer Support",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
