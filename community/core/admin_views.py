"""What the apps' own Wagtail admin screens share."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class TitledAdminView(WagtailAdminTemplateMixin):
    """An admin screen of the community's own, named in the header. Wagtail's header shows the
    breadcrumbs, which end at "Home" for a view that names no crumb of its own."""

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]
