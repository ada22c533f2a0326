"""A member's name and avatar are drawn by tags that say exactly what their templates said."""

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template

from community.members.roles import ADVOCATE_GROUP, CERTIFIED_GROUP
from tests.factories import CustomerFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '<script>alert("x")</script> & "Ana" <b>'

# What includes/member_name.html and includes/avatar.html rendered before they became tags.
NAME_TEMPLATE = (
    '<span class="member-name"><a class="member-name__link" href="{{ member.get_absolute_url }}">'
    "{{ member.display_name|default:member.username }}</a>"
    '{% if member.badge %} <span class="role-badge role-badge--{{ member.badge|slugify }}">'
    "{{ member.badge }}</span>\n{% endif %}"
    '{% if member.is_advocate %} <span class="role-badge role-badge--advocate">Advocate</span>\n'
    "{% endif %}"
    '{% if member.is_certified %} <span class="role-badge role-badge--certified">Certified</span>\n'
    "{% endif %}</span>\n"
)


def render(source: str, **context) -> str:
    return Template("{% load member_tags %}" + source).render(Context(context))


def test_a_partners_name_links_to_their_profile_with_every_badge_they_hold():
    partner = PartnerFactory(display_name="Bea Costa")
    partner.groups.add(
        Group.objects.get_or_create(name=ADVOCATE_GROUP)[0],
        Group.objects.get_or_create(name=CERTIFIED_GROUP)[0],
    )
    partner = type(partner).objects.get(pk=partner.pk)

    html = render("{% member_name member %}", member=partner)

    assert html == render(NAME_TEMPLATE, member=partner)
    assert ">Partner</span>" in html and ">Advocate</span>" in html and ">Certified</span>" in html


def test_a_customer_without_a_display_name_shows_their_handle_and_no_badge():
    customer = CustomerFactory(display_name="")

    html = render("{% member_name member %}", member=customer)

    assert html == render(NAME_TEMPLATE, member=customer)
    assert "role-badge" not in html


def test_a_hostile_display_name_stays_text():
    customer = CustomerFactory(display_name=HOSTILE_NAME)

    html = render("{% member_name member %}", member=customer)

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Ana&quot;" in html
    assert html == render(NAME_TEMPLATE, member=customer)


def test_an_avatar_without_a_picture_shows_escaped_initials_on_a_stable_tone():
    customer = CustomerFactory(display_name="<Ana> Souza")

    html = render('{% avatar member "xs" %}', member=customer)

    tone = customer.pk % 8
    assert html == (
        f'<span class="avatar avatar--xs avatar--tone-{tone}" aria-hidden="true">&lt;S</span>\n'
    )


def test_an_unknown_avatar_size_falls_back_to_the_medium_one():
    customer = CustomerFactory(display_name="Ana Souza")

    assert 'class="avatar avatar--md ' in render('{% avatar member "huge" %}', member=customer)
