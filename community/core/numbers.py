"""Numbers from requests: page numbers, ids, cursors typed into query strings and forms.

`str.isdigit()` and `str.isdecimal()` accept far more than 0-9 ("²", "٣", "₀₁₂", full-width
"１２"): some of those make `int()` raise, others turn into numbers nobody typed. Every number a
request carries is read here, as ASCII digits only, so a stray character is a clear "not a
number" rather than a 500.
"""

import re

_ASCII_DIGITS = re.compile(r"[0-9]+")

# Anything longer is not a page or a row id; also keeps int() away from huge inputs.
MAX_DIGITS = 18


def parse_positive_int(
    text: object, *, default: int | None = None, maximum: int | None = None
) -> int | None:
    """The whole number `text` spells in ASCII digits and nothing else (no sign, no spaces),
    or `default` when it spells anything else. Zero counts: callers that need 1 or more say so
    with their own check or a default. Above `maximum`, the answer is `maximum`."""
    if not isinstance(text, str):
        return default
    if len(text) > MAX_DIGITS or not _ASCII_DIGITS.fullmatch(text):
        return default
    number = int(text)
    if maximum is not None and number > maximum:
        return maximum
    return number


def parse_page_number(text: object, *, maximum: int | None = None) -> int | None:
    """A page number (1 or more) or None when `text` is not one."""
    number = parse_positive_int(text, maximum=maximum)
    return number if number else None
