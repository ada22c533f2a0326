"""Slugs in any script: what members type ("café", "データ", "маркетинг", "हिंदी") stays
readable in the address bar instead of turning into nothing.

Django's `slugify(allow_unicode=True)` keeps letters and digits but drops combining marks, so
Hindi or Tamil words lose their vowel signs ("हिंदी" becomes "हद"); and its `slug` path converter
accepts ASCII only, so a Unicode slug cannot be linked at all. Both live here, once: the slug
rule, and the `uslug` path converter that accepts exactly what the rule produces.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.urls import register_converter

_SEPARATORS = re.compile(r"[-\s]+")


def _is_slug_character(character: str) -> bool:
    # Letters, digits and the marks that belong to them, in every script; "_" and "-" too.
    return unicodedata.category(character)[0] in "LNM" or character in "-_"


def unicode_slugify(value: str) -> str:
    """Lower-case words joined by hyphens; punctuation, symbols and emoji dropped.

    Compatibility forms are folded first ("²" -> "2", "ﬁ" -> "fi", full-width -> ASCII), so two
    spellings a reader cannot tell apart give the same slug. Empty when nothing is left: callers
    decide whether that is an error (a tag) or needs a fallback (a topic title)."""
    text = unicodedata.normalize("NFKC", str(value)).lower()
    kept = "".join(ch if _is_slug_character(ch) or ch.isspace() else "" for ch in text)
    return _SEPARATORS.sub("-", kept).strip("-_")


def is_unicode_slug(value: str) -> bool:
    return bool(value) and all(_is_slug_character(ch) for ch in value)


def validate_unicode_slug(value: str) -> None:
    """For form fields taking a slug: Django's own Unicode validator drops combining marks."""
    if not is_unicode_slug(value):
        raise ValidationError("Enter a slug: letters, digits, hyphens or underscores.", "invalid")


class UnicodeSlugConverter:
    """`<uslug:name>`: a slug in any script. Django's `<slug:...>` accepts ASCII only."""

    # Any path segment; to_python decides, since `re` cannot name "marks" as a class.
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        if not is_unicode_slug(value):
            raise ValueError(f"not a slug: {value!r}")
        return value

    def to_url(self, value: str) -> str:
        value = str(value)
        if not is_unicode_slug(value):
            raise ValueError(f"not a slug: {value!r}")
        return value


register_converter(UnicodeSlugConverter, "uslug")
