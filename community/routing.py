"""WebSocket routes of every app, gathered in one list for community.asgi."""

websocket_urlpatterns: list = []
