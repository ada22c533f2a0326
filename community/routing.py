"""WebSocket routes of every app, gathered in one list for community.asgi."""

from community.notifications.routing import websocket_urlpatterns as notification_routes
from forums.routing import websocket_urlpatterns as forum_routes

websocket_urlpatterns = [*notification_routes, *forum_routes]
