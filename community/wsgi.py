import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

application = get_wsgi_application()

from community.core.heap import settle_loaded_application  # noqa: E402

settle_loaded_application()
