"""Icons come from one SVG sprite: each is a small decorative <svg> pointing at a symbol."""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template

from community.core.templatetags.icons import SPRITE, known_icons
from tests.markup import elements

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# {% icon "x" %} in Django templates, {{ icon("x") }} in the Jinja2 row templates.
NAMED_ICON = re.compile(r'(?:icon\.html" with name=|\{% icon |\bicon\()"([\w-]+)"')


def render(source: str, **context) -> str:
    return Template("{% load icons %}" + source).render(Context(context))


def svg_and_use(html: str) -> tuple[dict[str, str], dict[str, str]]:
    found = dict(elements(html))
    return found["svg"], found["use"]


def test_an_icon_is_decorative_and_points_at_its_symbol_in_the_sprite():
    svg, use = svg_and_use(render('{% icon "search" %}'))

    assert svg["aria-hidden"] == "true"
    assert svg["focusable"] == "false"
    assert svg["class"] == "icon"
    assert use["href"] == f"{settings.STATIC_URL}{SPRITE}#icon-search"


def test_the_include_draws_the_same_icon_with_its_extra_class():
    svg, use = svg_and_use(
        render('{% include "includes/icon.html" with name="bell" class="icon--large" %}')
    )

    assert svg["class"] == "icon icon--large"
    assert use["href"].endswith("#icon-bell")


def test_the_forums_include_draws_the_forum_icons_from_the_same_sprite():
    _, use = svg_and_use(render('{% include "forums/includes/icon.html" with name="kudos" %}'))

    assert use["href"].endswith("#icon-kudos")


def test_an_unknown_name_draws_the_plain_circle_as_before():
    _, use = svg_and_use(render("{% icon name %}", name="no-such-icon"))

    assert use["href"].endswith("#icon-fallback")


def test_a_class_is_escaped():
    svg, _ = svg_and_use(render('{% icon "bell" extra %}', extra='"><script>'))

    assert svg["class"] == 'icon "><script>'


def test_the_sprite_is_a_static_file_of_well_formed_symbols():
    sprite = ElementTree.parse(finders.find(SPRITE)).getroot()
    symbols = sprite.findall("{http://www.w3.org/2000/svg}symbol")

    assert len(symbols) == len(known_icons())
    assert all(symbol.get("viewBox") == "0 0 24 24" for symbol in symbols)


def test_every_icon_a_template_names_is_in_the_sprite():
    named = {
        name
        for path in TEMPLATES.rglob("*.html")
        for name in NAMED_ICON.findall(path.read_text(encoding="utf-8"))
    }

    assert named, "the pattern no longer finds icon names in the templates"
    assert named <= known_icons()
