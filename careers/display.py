"""How a job's place and pay read on cards, pages and search results (computed once per row)."""

from collections.abc import Sequence

from .models import CURRENCY_SYMBOLS, JobLocation, JobPosting, WorkplaceType

# Past this many remote countries a card says how many rather than naming them all.
NAMED_COUNTRIES = 3


def place_summary(posting: JobPosting, locations: Sequence[JobLocation], remote=()) -> str:
    """ "Berlin, Germany · Hybrid", "Remote · Germany, Austria", "Lisbon, Portugal +2 more"."""
    if posting.workplace_type == WorkplaceType.REMOTE:
        names = [country.name for country in remote]
        if not names:
            return "Remote"
        if len(names) > NAMED_COUNTRIES:
            return f"Remote · {len(names)} countries"
        return "Remote · " + ", ".join(names)
    if not locations:
        text = ""
    else:
        first = locations[0]
        text = f"{first.city}, {first.country.name}"
        if len(locations) > 1:
            text += f" +{len(locations) - 1} more"
    if posting.workplace_type == WorkplaceType.HYBRID:
        return f"{text} · Hybrid" if text else "Hybrid"
    return text


def _amount(value: int, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    number = f"{value:,}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def salary_text(posting: JobPosting) -> str:
    """ "€60,000–€75,000 per year", "from £45 per hour", "" when no salary is given."""
    if not posting.has_salary:
        return ""
    low, high, currency = posting.salary_min, posting.salary_max, posting.salary_currency
    period = posting.get_salary_period_display()
    if low and high and low != high:
        return f"{_amount(low, currency)}–{_amount(high, currency)} {period}"
    if low and high:
        return f"{_amount(low, currency)} {period}"
    if low:
        return f"from {_amount(low, currency)} {period}"
    return f"up to {_amount(high, currency)} {period}"
