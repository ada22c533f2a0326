"""Links for every row of a list, built without resolving the URL pattern each time.

reverse() walks the URL patterns on every call (about 0.1 ms); a page of 35 rows with four
links each paid for it 140 times. The pattern is reversed once per name instead, and each
row only fills in its own values.
"""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# Characters reverse() leaves unquoted in a path (RFC 3986 sub-delimiters and "/~:@").
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"


@lru_cache(maxsize=64)
def _url_pieces(
    name: str, arguments: tuple[str, ...], prefix: str, urlconf: str | None
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A named URL cut around its arguments with one reverse(): (start, ((argument, text after)...)).

    Each argument is given a number of its own that no piece of the URL contains, then cut out.
    The script prefix and URLconf are part of the key because reverse() depends on them.
    """
    markers = {argument: f"1937{index}5081" for index, argument in enumerate(arguments)}
    url = reverse(name, kwargs=markers)
    in_order = sorted(arguments, key=lambda argument: url.index(markers[argument]))
    pieces = []
    for argument in reversed(in_order):
        url, after = url.split(markers[argument], 1)
        pieces.append((argument, after))
    return url, tuple(reversed(pieces))


def _filled(name: str, kwargs: dict[str, object], prefix: str, urlconf: str | None) -> str:
    url, pieces = _url_pieces(name, tuple(sorted(kwargs)), prefix, urlconf)
    for argument, after in pieces:
        url += quote(str(kwargs[argument]), safe=_SAFE_IN_PATH) + after
    return url


def fast_reverse(name: str, **kwargs: object) -> str:
    """reverse() for the links of every row of a list: the same URL, without resolving it each time.

    Values are quoted as reverse() quotes them; they are trusted to fit the route (ids, slugs).
    """
    return _filled(name, kwargs, get_script_prefix(), get_urlconf())


def reverser() -> Callable[..., str]:
    """fast_reverse() with the script prefix and URLconf read once, for one render of a list.

    Both are context-local values, and reading one costs about as much as filling a link.
    """
    prefix, urlconf = get_script_prefix(), get_urlconf()

    def url(name: str, **kwargs: object) -> str:
        return _filled(name, kwargs, prefix, urlconf)

    return url


def link_builder(name: str, *arguments: str) -> Callable[..., str]:
    """fast_reverse() for one URL name, resolved once for a whole list: `build(value, ...)` takes
    the values of `arguments` in their order.

    Build it while rendering (the script prefix and URLconf are the current request's), and use
    it for the rows of that render.
    """
    url, pieces = _url_pieces(name, tuple(sorted(arguments)), get_script_prefix(), get_urlconf())
    positions = [arguments.index(argument) for argument, _ in pieces]
    afters = [after for _, after in pieces]

    def build(*values: object) -> str:
        built = url
        for position, after in zip(positions, afters, strict=True):
            built += quote(str(values[position]), safe=_SAFE_IN_PATH) + after
        return built

    return build
