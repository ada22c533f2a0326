"""Site-wide admin hooks: image uploads that answer 422 when their file is refused, and page
forms posted without their block data that answer 400."""

from django.urls import path
from wagtail import hooks

from . import image_uploads, page_posts


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


@hooks.register("before_create_page")
def refuse_incomplete_new_page(request, parent_page, page_class):
    return page_posts.refuse_malformed_page_post(request, page_class)


@hooks.register("before_edit_page")
def refuse_incomplete_page_edit(request, page):
    return page_posts.refuse_malformed_page_post(request, page.specific_class)
