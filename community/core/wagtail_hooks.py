"""Site-wide admin hooks: image uploads that answer 422 when their file is refused."""

from django.urls import path
from wagtail import hooks

from . import image_uploads


# Ordered before wagtail.images' own URLs (order 0), so these paths resolve to the views here;
# Wagtail's URL names (wagtailimages:add, wagtailimages:edit) still point at the same paths.
@hooks.register("register_admin_urls", order=-10)
def register_image_upload_views():
    return [
        path("images/add/", image_uploads.CreateView.as_view(), name="community_image_add"),
        path(
            "images/<int:image_id>/",
            image_uploads.EditView.as_view(),
            name="community_image_edit",
        ),
        path(
            "images/multiple/add/",
            image_uploads.MultipleAddView.as_view(),
            name="community_image_add_multiple",
        ),
    ]

