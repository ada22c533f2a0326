"""What can be reported and moderated. Apps declare an adapter per model as `moderation` in their
contributions module, next to the model's content descriptor (see `community.core.extensions`);
this app knows nothing of them."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from community.core import extensions
from community.core.extensions import ContentDescriptor
from community.members.models import User


class Moderatable:
    """How moderation reads and acts on one kind of content. Subclass per model.

    Its kind, icon, address and who may open it come from the model's content descriptor.
    """

    model: type[models.Model]

    @property
    def content(self) -> ContentDescriptor:
        descriptor = extensions.content_for(self.model)
        if descriptor is None:
            raise LookupError(f"{self.model.__name__} is moderatable but has no content descriptor")
        return descriptor

    @property
    def kind(self) -> str:
        """The descriptor's kind ("profile"...), as report and review URLs name it."""
        return self.content.kind

    def author(self, item) -> User | None:
        raise NotImplementedError

    def title(self, item) -> str:
        return str(item)

    def excerpt(self, item) -> str:
        return ""

    def url(self, item) -> str:
        return self.content.url(item)

    def fallback_url(self, item) -> str:
        """Where to send a member when the item itself is no longer visible (e.g. just hidden)."""
        return "/"

    def context(self, item) -> str:
        """Where the item lives, e.g. its category."""
        return ""

    def is_visible(self, item) -> bool:
        raise NotImplementedError

    def get_for_viewer(self, viewer, pk: int):
        """The item if the viewer may open it; raises the model's DoesNotExist otherwise."""
        descriptor = self.content
        if descriptor.openable is None:
            return self.model._default_manager.get(pk=pk)
        return descriptor.openable(viewer).get(pk=pk)

    def hide(self, item) -> None:
        raise NotImplementedError

    def restore(self, item) -> None:
        raise NotImplementedError

    def delete(self, item) -> None:
        raise NotImplementedError

    def hold(self, item) -> None:
        """Send a published item back to the review queue (an edit added a held word)."""
        raise NotImplementedError

    def approve(self, item) -> None:
        """Publish an item held for review (new members, blocked words)."""
        raise NotImplementedError

    def hide_everything_by(self, member: User) -> int:
        """Hide all of a member's items of this kind (a spammer); returns how many."""
        return 0

    def take_down(self, items: Iterable) -> int:
        """Hide each of these items, or delete it while it is held: held spam never needs
        review. Returns how many (for `hide_everything_by`)."""
        items = list(items)
        for item in items:
            if self.state(item) == "held":
                self.delete(item)
            else:
                self.hide(item)
        return len(items)

    # --- Reads for the review queue (community managers see every item, in every state) ---

    #: Whether deleting differs from hiding for this kind (a profile can only be hidden).
    can_delete: bool = True

    def state(self, item) -> str:
        """One of "published", "held", "hidden" or "deleted"."""
        return "published" if self.is_visible(item) else "hidden"

    def held(self) -> models.QuerySet:
        """Items waiting for approval, annotated with `held_since` (a datetime)."""
        return self.model._default_manager.none()

    def load(self, pks: Iterable[int]) -> dict:
        """Items by primary key, whatever their state, with what title(), excerpt(), context()
        and author() read already joined in: one query for a whole page of the queue."""
        return self.model._default_manager.in_bulk(list(pks))

    def body_html(self, item) -> str:
        """The item's full text as safe HTML (rendered and cleaned when it was written)."""
        return ""

    def edit_url(self, item) -> str:
        """Where a community manager edits the item's text on the site ("" if nowhere)."""
        return ""


def adapters() -> list[Moderatable]:
    return extensions.moderation()


def adapter_for(item_or_model) -> Moderatable:
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    model = model._meta.concrete_model
    for adapter in adapters():
        if adapter.model is model:
            return adapter
    raise LookupError(f"{model.__name__} is not moderatable")


def adapter_for_kind(kind: str) -> Moderatable:
    for adapter in adapters():
        if adapter.kind == kind:
            return adapter
    raise LookupError(f"Nothing called {kind!r} can be reported")


def is_registered(model) -> bool:
    concrete = model._meta.concrete_model
    return any(adapter.model is concrete for adapter in adapters())


def icon_for_kind(kind: str) -> str:
    """The admin icon of a kind of content ("placeholder" when no app declares it any more)."""
    descriptor = extensions.content_of_kind(kind)
    return descriptor.icon if descriptor is not None else "placeholder"


def content_type_for(item) -> ContentType:
    return ContentType.objects.get_for_model(item)
