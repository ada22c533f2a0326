"""Every way an app plugs into the community's core, in one place.

An app (a content app such as events, or a core app itself) contributes to the core by writing
one module of its own, `<app>/contributions.py`, holding one object:

    contributions = Contributions(
        content=[ContentDescriptor(model=Event, kind="event", label="Event", icon="date",
                                   openable=permissions.visible_events)],
        notification_kinds=[...],
        ...
    )

`CoreConfig.ready()` imports that module from every installed app (Django's
`autodiscover_modules`) and keeps what each declares, in `INSTALLED_APPS` order. Nothing goes in
the app's `apps.py`, and the core apps never import the app: they read what was collected through
the functions at the end of this module.

The extension points, what each is for, what an app hands in, and who reads it:

content
    One `ContentDescriptor` per model that members can open from elsewhere in the site: its
    `kind` (a short key used in URLs and the review queue: "event"), `label`, `icon` (a Wagtail
    admin icon name), `url(item)` and `openable(viewer)`: a queryset of the rows this viewer
    may open right now. Read by notifications (a notification whose target the member can no
    longer open shows as unavailable) and moderation (what may be reported, its icon in the
    review queue). Declare who may open which rows here and nowhere else.
moderation
    `community.moderation.registry.Moderatable` adapters, one per reportable model (which also
    needs a content descriptor): how the review queue reads, hides, restores and deletes it.
search_types
    `community.search.SearchType` instances: what goes into the search index for a model and how.
notification_kinds
    `community.notifications.kinds.KindInfo` for each kind of notification the app sends: its
    key, label and description on the preferences page, default delivery and `order` there.
profile_sections
    `community.members.profile_sections.ProfileSection`: a block on a member's profile page,
    with `load(member, viewer)` returning its template's context.
profile_facts
    `community.members.profile_sections.ProfileFact`: a count the app keeps about members
    (accepted solutions, certificates), read for many members at once where a list of people
    shows them (an employer's applicants).
exporters
    A mapping of section name to `export(member)`, returning JSON-ready data: what the app holds
    about the member, for the member's own data export.
seeders
    `community.core.demo.Seeder`: how `manage.py seed_demo` fills the app with demo content,
    with the command-line options it adds. Seeders run by `order`, and must be idempotent.
draft_kinds
    `community.core.drafts.DraftKind` for each form whose unfinished text the server keeps.
insight_sources
    `community.insight.sources.InsightSource` instances: the numbers an app brings to the
    community health dashboard (each metric's key, label, unit, whether higher is better and
    how it aggregates), a `rollup(start, end)` giving its daily per-segment rows, and a
    `drilldown(metric, query, viewer)` giving the rows behind a number, filtered the same way.
    Read by `community.insight`, which stores the rollups and draws the dashboard.
sentiment_sources
    `community.listening.sources.SentimentSource` for each model whose rows hold text members
    write (forum posts, survey reasons): the text, its author, when and in which thread it was
    written. Read by listening, which scores each row's sentiment in the background.
startup
    Functions called once, after every app's contributions are collected, with no arguments:
    for connecting signal receivers (say, to reindex a model when it changes).
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from importlib import import_module
from typing import Any

from django.db import models

#: The module, in each app, that holds the app's `contributions`.
MODULE_NAME = "contributions"


def _absolute_url(item: models.Model) -> str:
    return item.get_absolute_url()


@dataclass(frozen=True)
class ContentDescriptor:
    """What the core knows of one model of content, whichever app it belongs to."""

    model: type[models.Model]
    kind: str
    label: str
    icon: str = "placeholder"
    # (viewer) -> the rows this viewer may open, as a queryset of `model` (or of a model it
    # inherits from). None: anyone may open any row.
    openable: Callable[[Any], models.QuerySet] | None = None
    url: Callable[[Any], str] = _absolute_url

    def openable_pks(self, viewer, pks: set[int]) -> set[int]:
        """Those of `pks` the viewer may open, in one query (none when nothing is declared)."""
        if self.openable is None:
            return set(pks)
        return set(self.openable(viewer).filter(pk__in=pks).values_list("pk", flat=True))


def _page_url(page) -> str:
    return page.url


def page_content(
    model: type[models.Model],
    *,
    kind: str,
    label: str,
    icon: str,
    visible: Callable[[], models.QuerySet],
) -> ContentDescriptor:
    """The descriptor of a Wagtail page model every viewer sees alike (`visible()` lists the
    pages anyone may open), linked by the page's own URL."""
    return ContentDescriptor(
        model=model,
        kind=kind,
        label=label,
        icon=icon,
        openable=lambda viewer: visible(),
        url=_page_url,
    )


@dataclass(frozen=True)
class Contributions:
    """Everything one app contributes to the core; each field is an extension point above."""

    content: Sequence[ContentDescriptor] = ()
    moderation: Sequence[Any] = ()
    search_types: Sequence[Any] = ()
    notification_kinds: Sequence[Any] = ()
    profile_sections: Sequence[Any] = ()
    profile_facts: Sequence[Any] = ()
    exporters: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    seeders: Sequence[Any] = ()
    draft_kinds: Sequence[Any] = ()
    insight_sources: Sequence[Any] = ()
    sentiment_sources: Sequence[Any] = ()
    startup: Sequence[Callable[[], None]] = ()


POINTS: tuple[str, ...] = tuple(point.name for point in fields(Contributions))

# By app label, in INSTALLED_APPS order (then whatever tests add).
_collected: dict[str, Contributions] = {}


def collect() -> None:
    """Import every installed app's contributions module and keep what it declares, then run the
    startup functions. Called once, from the core's AppConfig.ready()."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules, module_has_submodule

    autodiscover_modules(MODULE_NAME)
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, MODULE_NAME):
            continue
        module = import_module(f"{app_config.name}.{MODULE_NAME}")
        declared = getattr(module, "contributions", None)
        if not isinstance(declared, Contributions):
            raise TypeError(f"{module.__name__} must define `contributions = Contributions(...)`.")
        _collected[app_config.label] = declared
    for declared in list(_collected.values()):
        for start in declared.startup:
            start()


@contextmanager
def contributing(label: str, contributions: Contributions) -> Iterator[Contributions]:
    """Add an app's contributions for the duration of a block (tests declaring a fake app)."""
    _collected[label] = contributions
    try:
        yield contributions
    finally:
        _collected.pop(label, None)


def declared_by() -> dict[str, Contributions]:
    """What each app declared, by app label."""
    return dict(_collected)


def _all(point: str) -> list:
    return [item for declared in _collected.values() for item in getattr(declared, point)]


# --- Readers, one per extension point ---------------------------------------------------------


def content() -> list[ContentDescriptor]:
    return _all("content")


def content_for(model: type[models.Model]) -> ContentDescriptor | None:
    """The descriptor of exactly this model (proxies and subclasses declare their own)."""
    for descriptor in content():
        if descriptor.model is model:
            return descriptor
    return None


def content_of_kind(kind: str) -> ContentDescriptor | None:
    for descriptor in content():
        if descriptor.kind == kind:
            return descriptor
    return None


def moderation() -> list:
    return _all("moderation")


def search_types() -> list:
    return _all("search_types")


def notification_kinds() -> list:
    """In the order the preferences page lists them."""
    return sorted(_all("notification_kinds"), key=lambda kind: kind.order)


def profile_sections() -> list:
    """In the order the profile page shows them."""
    return sorted(_all("profile_sections"), key=lambda section: section.order)


def profile_facts() -> list:
    """In the order lists of members show them."""
    return sorted(_all("profile_facts"), key=lambda fact: fact.order)


def exporters() -> dict[str, Callable[[Any], Any]]:
    found: dict[str, Callable[[Any], Any]] = {}
    for declared in _collected.values():
        found.update(declared.exporters)
    return found


def seeders() -> list:
    """In the order they run."""
    return sorted(_all("seeders"), key=lambda seeder: seeder.order)


def draft_kinds() -> list:
    return _all("draft_kinds")


def sentiment_sources() -> list:
    return _all("sentiment_sources")


def insight_sources() -> list:
    """In INSTALLED_APPS order, the order the dashboard lists their numbers."""
    return _all("insight_sources")
