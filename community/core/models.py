# Wagtail finds page models through the models module.
from .pages import SectionIndexPage  # noqa: F401
