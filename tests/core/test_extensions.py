"""One door into the core: an app's contributions module is found, and every core app reads it."""

import sys
from dataclasses import fields

import pytest
from django.apps import AppConfig, apps
from django.contrib.contenttypes.models import ContentType

from community.core import extensions
from community.core.demo import Seeder
from community.core.drafts import DraftKind, parse_key
from community.core.extensions import ContentDescriptor, Contributions
from community.core.models import Draft
from community.members.data_export import export_member
from community.members.profile_sections import ProfileSection, sections_for
from community.moderation import registry
from community.notifications.kinds import KindInfo, all_kinds, kind_info
from community.notifications.models import Notification
from community.notifications.targets import unavailable_ids
from tests.factories import CustomerFactory
from tests.factories.core import DraftFactory


class NoteModeration(registry.Moderatable):
    model = Draft


def _own_notes(viewer):
    return Draft.objects.filter(member=viewer)


NOTES = Contributions(
    content=[
        ContentDescriptor(
            model=Draft, kind="note", label="Note", icon="doc-empty", openable=_own_notes
        )
    ],
    moderation=[NoteModeration()],
    notification_kinds=[KindInfo("note_shared", "Shared notes", "Someone shares a note.")],
    profile_sections=[
        ProfileSection(
            title="Notes", template="notes/profile.html", order=5, load=lambda m, v: {"notes": 0}
        )
    ],
    exporters={"notes": lambda member: ["a note"]},
    seeders=[Seeder(name="notes", order=15, seed=lambda options, out: None)],
    draft_kinds=[DraftKind(prefix="notes:note", fields=("body",))],
)


@pytest.fixture
def notes_app():
    with extensions.contributing("notes", NOTES):
        yield NOTES


def test_the_catalogue_documents_every_extension_point():
    documented = extensions.__doc__.splitlines()

    for point in extensions.POINTS:
        assert point in documented, f"{point} is not described in community/core/extensions.py"


def test_the_catalogue_names_the_points_the_issue_lists():
    assert set(extensions.POINTS) == {
        "content",
        "moderation",
        "search_types",
        "notification_kinds",
        "profile_sections",
        "profile_facts",
        "sentiment_sources",
        "insight_sources",
        "exporters",
        "seeders",
        "draft_kinds",
        "startup",
    }
    assert [point.name for point in fields(Contributions)] == list(extensions.POINTS)


def test_content_apps_plug_in_without_code_in_apps_py():
    for label in ("forums", "stories", "notifications", "search", "moderation"):
        config = apps.get_app_config(label)
        assert type(config).ready is AppConfig.ready, f"{label}/apps.py still has a ready()"
        assert label in extensions.declared_by()


@pytest.mark.django_db
def test_a_declared_content_type_decides_which_notifications_stay_available(notes_app):
    owner, stranger = CustomerFactory(), CustomerFactory()
    note = DraftFactory(member=owner)
    notification = Notification.objects.create(
        recipient=stranger,
        kind="note_shared",
        text="A note was shared with you",
        target_type=ContentType.objects.get_for_model(Draft),
        target_id=note.pk,
    )

    assert unavailable_ids(stranger, [notification]) == {notification.pk}
    assert unavailable_ids(owner, [notification]) == set()


@pytest.mark.django_db
def test_moderation_reads_kind_icon_and_who_may_open_from_the_descriptor(notes_app):
    owner, stranger = CustomerFactory(), CustomerFactory()
    note = DraftFactory(member=owner)
    adapter = registry.adapter_for_kind("note")

    assert registry.adapter_for(note) is adapter
    assert adapter.kind == "note"
    assert registry.icon_for_kind("note") == "doc-empty"
    assert adapter.get_for_viewer(owner, note.pk) == note
    with pytest.raises(Draft.DoesNotExist):
        adapter.get_for_viewer(stranger, note.pk)


def test_a_kind_nobody_declares_any_more_gets_the_placeholder_icon():
    assert registry.icon_for_kind("gone") == "placeholder"


@pytest.mark.django_db
def test_every_other_point_reads_the_declaration(notes_app):
    member = CustomerFactory()

    assert kind_info("note_shared").label == "Shared notes"
    assert "note_shared" in [info.key for info in all_kinds()]
    assert sections_for(member, member)[0] == {
        "title": "Notes",
        "template": "notes/profile.html",
        "notes": 0,
    }
    assert export_member(member)["notes"] == ["a note"]
    assert [seeder.name for seeder in extensions.seeders()][:3] == ["members", "notes", "forums"]
    assert parse_key("notes:note").kind.fields == ("body",)


def test_nothing_of_the_test_app_stays_declared():
    assert "notes" not in extensions.declared_by()
    with pytest.raises(LookupError):
        kind_info("note_shared")


@pytest.fixture
def fake_app(tmp_path, monkeypatch):
    """A package on the path with a contributions module, as the only installed app."""

    def install(source: str) -> AppConfig:
        package = tmp_path / "fake_app"
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "contributions.py").write_text(source)
        monkeypatch.syspath_prepend(str(tmp_path))
        config = AppConfig("fake_app", __import__("fake_app"))
        monkeypatch.setattr(apps, "get_app_configs", lambda: [config])
        monkeypatch.setattr(extensions, "_collected", {})
        return config

    yield install
    for name in ("fake_app", "fake_app.contributions"):
        sys.modules.pop(name, None)


def test_an_apps_contributions_module_is_found_and_its_startup_run(fake_app):
    fake_app(
        "from community.core.extensions import Contributions\n"
        "started = []\n"
        "contributions = Contributions(\n"
        "    exporters={'fake': list}, startup=[lambda: started.append('connected')]\n"
        ")\n"
    )

    extensions.collect()

    assert list(extensions.declared_by()) == ["fake_app"]
    assert extensions.exporters() == {"fake": list}
    assert sys.modules["fake_app.contributions"].started == ["connected"]


def test_a_contributions_module_without_its_declaration_is_refused(fake_app):
    fake_app("contributions = {'exporters': {}}\n")

    with pytest.raises(TypeError, match="fake_app.contributions must define"):
        extensions.collect()
