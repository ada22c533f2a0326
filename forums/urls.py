from django.urls import path

# Registers `uslug`: tags, categories and topic titles in any script (Django's `slug` is ASCII).
import community.core.slugs  # noqa: F401

from . import views

app_name = "forums"

urlpatterns = [
    path("new/", views.new_topic, name="new_topic"),
    path("tags/<uslug:slug>/", views.tag_topics, name="tag"),
    path("suggest/members/", views.suggest_members, name="suggest_members"),
    path("suggest/tags/", views.suggest_tags, name="suggest_tags"),
    path("t/<int:pk>/reply/", views.reply, name="post_reply"),
    path("t/<int:pk>/replies/", views.replies_after, name="replies_after"),
    path("t/<int:pk>/edit/", views.edit_topic, name="edit_topic"),
    path("t/<int:pk>/kudos/", views.topic_kudos, name="topic_kudos"),
    path("t/<int:pk>/follow/", views.follow_topic, name="follow_topic"),
    path("t/<int:pk>/solution/clear/", views.clear_solution, name="clear_solution"),
    path("r/<int:pk>/", views.reply_permalink, name="reply"),
    path("r/<int:pk>/edit/", views.edit_reply, name="edit_reply"),
    path("r/<int:pk>/delete/", views.delete_reply, name="delete_reply"),
    path("r/<int:pk>/kudos/", views.reply_kudos, name="reply_kudos"),
    path("r/<int:pk>/accept/", views.accept_solution, name="accept_solution"),
    path("c/<int:pk>/follow/", views.follow_category, name="follow_category"),
    path("<uslug:category>/new/", views.new_topic, name="new_topic_in"),
    path("<uslug:category>/t/<int:pk>-<uslug:slug>/", views.topic_detail, name="topic"),
    path("<uslug:category>/t/<int:pk>/", views.topic_detail, name="topic_short"),
    path("t/<int:pk>/manage/", views.manage_topic, name="manage_topic"),
    path("t/<int:pk>/manage/lock/", views.lock_topic, name="lock_topic"),
    path("t/<int:pk>/manage/pin/", views.pin_topic, name="pin_topic"),
    path("t/<int:pk>/manage/move/", views.move_topic, name="move_topic"),
    path("t/<int:pk>/manage/merge/", views.merge_topic, name="merge_topic"),
]
