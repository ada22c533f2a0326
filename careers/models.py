# Wagtail finds page models through the models module.
from .pages import *  # noqa: F403
