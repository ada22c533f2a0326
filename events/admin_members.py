"""Choosing chapter leaders in the Wagtail admin among thousands of members: the field lists only
the leaders already chosen, and a search box asks `search_members` (through the admin view
admin_views.member_search) for more by name or handle.

A plain select of every member would put 10,000 options (and a query over all of them) in each
chapter's edit form; this keeps the form's size to its leaders whatever the community's size.
"""

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.html import format_html

from community.core.numbers import parse_positive_int
from community.members.choosers import MemberFilterForm
from community.members.models import User

RESULTS = 20


def member_label(member: User) -> str:
    return f"{member.display_name or member.username} (@{member.username})"


def choosable_members() -> QuerySet[User]:
    """Members who may lead: active and not banned (as the stories' member chooser)."""
    return User.objects.filter(is_active=True, profile__banned_at__isnull=True)


class MemberSearchWidget(forms.SelectMultiple):
    """A multiple select holding the chosen members only, with a search box that adds others."""

    class Media:
        js = ["community/js/member_search_admin.js"]

    search_url = reverse_lazy("events_member_search")

    def optgroups(self, name, value, attrs=None):
        # The field's queryset is every member: render only those chosen, in one query (a
        # leader banned since stays listed, so saving the chapter removes no one unseen).
        numbers = (parse_positive_int(str(item)) for item in value)
        ids = [number for number in numbers if number]
        chosen = User.objects.filter(pk__in=ids).order_by("display_name", "pk")
        self.choices = [(member.pk, member_label(member)) for member in chosen]
        return super().optgroups(name, [str(pk) for pk in ids], attrs)

    def render(self, name, value, attrs=None, renderer=None):
        # Built here rather than in a template: Django's form renderer reads widget templates
        # from apps only. The search controls stay hidden until the script shows them.
        select = super().render(name, value, attrs, renderer)
        search_id = f"{(attrs or {}).get('id') or name}-search"
        return format_html(
            '<div class="member-search" data-member-search data-search-url="{url}">{select}'
            '<p class="help-block">The members selected here lead the chapter; unselect one to '
            "remove them.</p>"
            "<div data-member-search-controls hidden>"
            '<label class="w-field__label" for="{id}">Add a member</label>'
            '<input type="search" id="{id}" placeholder="Two letters of a name or handle" '
            'autocomplete="off" data-member-search-input>'
            '<ul class="member-search__results" data-member-search-results '
            'aria-label="Matching members"></ul>'
            '<p class="help-block" data-member-search-status role="status" aria-live="polite">'
            "</p></div></div>",
            url=self.search_url,
            select=select,
            id=search_id,
        )


def search_members(query: str) -> list[dict]:
    """Up to RESULTS members whose name contains, or handle starts with, `query`."""
    if len(query.strip()) < 2:
        return []
    search = MemberFilterForm({"q": query[:80]})
    search.is_valid()
    members = search.filter(choosable_members()).order_by("display_name", "pk")[:RESULTS]
    return [{"id": member.pk, "label": member_label(member)} for member in members]
