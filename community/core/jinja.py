"""Jinja2 for the templates drawn once per row of a long list: topic rows and replies.

Pages stay Django templates. A Django template looks every variable up through a chain of
checks (dict key, attribute, list index, callable) and renders each node through its own
object, which costs about a millisecond per topic row; Jinja2 compiles a template to Python
and draws the same row in a fraction of that. So the rows of a list are one Jinja2 template
under templates/jinja2/, rendered whole by a Django tag (`render_rows`), and everything
around them keeps the site's one template language.

The helpers a row template calls are passed in its context by the tag that renders it, so a
row template reads what its app gives it and this module knows no app.
"""

from typing import Any

from django.template import engines
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString
from jinja2 import Environment

from community.core.row_links import fast_reverse, reverser
from community.core.templatetags.icons import icon

ENGINE = "rows"


def environment(**options: Any) -> Environment:
    """The environment of the row templates: Django's autoescaping, plus the site-wide helpers."""
    env = Environment(**options)
    env.globals.update(icon=icon, url=fast_reverse)
    env.filters["pluralize"] = pluralize
    return env


def render_rows(template_name: str, context: dict[str, Any]) -> SafeString:
    """A row template rendered once for a whole list, as markup a Django template inserts as is.

    Jinja2 escapes every value it prints (Django's safe strings pass as they are), so the
    result is safe to insert. The template's `url(name, **kwargs)` reads the request's script
    prefix once for the whole list.
    """
    template = engines[ENGINE].get_template(template_name).template
    return SafeString(template.render({"url": reverser(), **context}))
