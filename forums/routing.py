from django.urls import path

from .consumers import TopicConsumer

websocket_urlpatterns = [
    path("ws/forums/topics/<int:topic_id>/", TopicConsumer.as_asgi()),
]
