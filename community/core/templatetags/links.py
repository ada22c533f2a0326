"""{% link %}: the site's fixed addresses, for the chrome every page draws."""

from django import template

from community.core.row_links import fast_reverse

register = template.Library()


@register.simple_tag
def link(name: str) -> str:
    """{% link "account_login" %}: what {% url "account_login" %} gives, for a URL that takes no
    arguments, reversed once per process rather than on every page (the header, member menu
    and footer ask for a dozen)."""
    return fast_reverse(name)
