"""The garbage collector set for a long-running web process.

Python's cycle collector runs after every 700 new container objects, and its older passes walk
every object the process holds. A web process holds several hundred thousand that live as long
as it does (Django, Wagtail, their models, URL patterns, templates), and a page allocates tens of
thousands more, so a listing paid about 1.3 ms a request for passes that found those same
objects alive again.

Once the application is loaded, what it holds is frozen out of the collector's reach (the
Python documentation recommends gc.freeze() for servers), and the first generation is
collected every 10,000 new objects: most of a request's objects are freed by reference counting
long before that. Cycles are still collected, only less often.
"""

import gc

from django.urls import get_resolver

# New container objects between two collections of the youngest generation (Python's default
# is 700), then Python's defaults for the older generations.
YOUNG_THRESHOLD = 10_000


def settle_loaded_application() -> None:
    """Freeze what the loaded application holds, and collect young objects less often.

    Called by the WSGI and ASGI entry points once the application is built. The URL patterns
    are loaded first (Django loads them on the first request otherwise), so they are frozen too.
    """
    get_resolver().url_patterns  # noqa: B018 - imports every app's URL module now
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
