"""Certificates in the Wagtail admin: a searchable listing with each certificate's state, its
details, and a "Revoke" action that asks for the reason the holder will be told.

Certificates are issued by completing courses, never typed in: the listing has no add, edit or
delete views. Managers see it through the view permission their group is granted, and revoke
through `learning.revoke_certificate` (see permissions.can_revoke_certificates).
"""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from community.core import errors

from .. import permissions
from ..models import Certificate
from . import issuing, rules
from .reading import STATE_LABELS


class CertificateFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="State",
        choices=[(state.value, label) for state, label in STATE_LABELS.items()],
        method="filter_state",
        empty_label="Any",
    )

    class Meta:
        model = Certificate
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == rules.State.REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        if value == rules.State.EXPIRED:
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if value == rules.State.VALID:
            return queryset.filter(issuing.in_force(now))
        return queryset


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y") if moment else "Never"


def _state(certificate: Certificate) -> str:
    return STATE_LABELS[rules.state(certificate, timezone.now())]


class CertificateIndexView(IndexView):
    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.revoked_at is None and permissions.can_revoke_certificates(self.request.user):
            buttons.insert(
                0,
                ListingButton(
                    "Revoke",
                    url=reverse("learning_certificates:revoke", args=[instance.pk]),
                    icon_name="warning",
                    attrs={"aria-label": f"Revoke {instance}"},
                    priority=5,
                ),
            )
        return buttons


def revoke_view(request, pk: int):
    """Ask for the reason, then revoke; the holder is notified by the service."""
    permissions.ensure_can_revoke_certificates(request.user)
    certificate = get_object_or_404(Certificate, pk=pk)
    index_url = reverse("learning_certificates:index")
    context = {
        "certificate": certificate,
        "reason": "",
        "error": "",
        "index_url": index_url,
        "form_url": request.path,
    }
    if request.method == "POST":
        context["reason"] = request.POST.get("reason", "")
        try:
            issuing.revoke(certificate=certificate, by=request.user, reason=context["reason"])
        except errors.REFUSALS as refusal:
            context["error"] = errors.reason_for(refusal)
            page = TemplateResponse(request, "learning/certificate_revoke.html", context)
            return errors.refused_page(page, refusal)
        messages.success(request, f"Certificate {certificate.code} revoked; its holder is told.")
        return redirect(index_url)
    return TemplateResponse(request, "learning/certificate_revoke.html", context)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "success"
    menu_label = "Certificates"
    add_to_admin_menu = True
    menu_order = 310
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    filterset_class = CertificateFilterSet
    search_fields = ["holder_name", "title", "code"]
    list_display = [
        "holder_name",
        "title",
        Column("code", label="ID"),
        # Plain dates: Wagtail's relative ones read "just now" for an expiry years ahead.
        Column("issued_at", label="Issued", accessor=lambda c: _day(c.issued_at)),
        Column("expires_at", label="Expires", accessor=lambda c: _day(c.expires_at)),
        Column("state", label="State", accessor=_state),
    ]
    inspect_view_fields = [
        "holder_name",
        "member",
        "title",
        "course",
        "path",
        "renewal",
        "code",
        "issued_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    ]
    form_fields = ["revoked_reason"]

    def get_common_view_kwargs(self, **kwargs):
        # No add view: the header has no "Add certificate" button.
        return super().get_common_view_kwargs(**kwargs) | {"add_url_name": None}

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]
        return [*patterns, path("revoke/<int:pk>/", revoke_view, name="revoke")]


certificate_viewset = CertificateViewSet("learning_certificates")
