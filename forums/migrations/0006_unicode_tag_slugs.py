"""Tags and topic addresses in any script.

Tags stored before this could carry a slug no link can use: empty for a tag with no letters
("!!!"), or missing the vowel signs of Hindi or Tamil words. Two tags that look alike ("é" typed
as one character or as "e" plus an accent) could also exist side by side. This repairs them:

- tags whose names are the same once written one way are merged into the oldest, keeping every
  topic that carried either;
- every tag gets the slug of its name; a tag with no letters or digits keeps its name and gets
  "tag-<id>", so its topics stay linked and a manager can rename or delete it;
- topic slugs are recomputed from titles in any script (old addresses redirect to the new one).

The code is copied here rather than imported, so this migration keeps doing what it did when
the app's helpers change. Search entries keep the old tag slugs until the next
`manage.py search_index --rebuild`.
"""

import re
import unicodedata

from django.db import migrations, models

_SEPARATORS = re.compile(r"[-\s]+")
BATCH = 1000


def _slug_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNM" or character in "-_"


def slugify(value: str) -> str:
    text = unicodedata.normalize("NFKC", str(value)).lower()
    kept = "".join(ch if _slug_character(ch) or ch.isspace() else "" for ch in text)
    return _SEPARATORS.sub("-", kept).strip("-_")


def clean_name(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return " ".join(value.split()).lower()


def _merge_look_alikes(ForumTag, TaggedTopic) -> None:
    groups: dict[str, list] = {}
    for tag in ForumTag.objects.order_by("pk"):
        groups.setdefault(clean_name(tag.name) or tag.name, []).append(tag)
    for tags in groups.values():
        keeper, *duplicates = tags
        for duplicate in duplicates:
            carried = set(
                TaggedTopic.objects.filter(tag=keeper).values_list("content_type_id", "object_id")
            )
            for link in TaggedTopic.objects.filter(tag=duplicate):
                # A topic carrying both keeps one link, to the tag that stays.
                if (link.content_type_id, link.object_id) in carried:
                    link.delete()
                else:
                    link.tag = keeper
                    link.save(update_fields=["tag"])
            duplicate.delete()


def _name_and_slug_every_tag(ForumTag) -> None:
    tags = list(ForumTag.objects.order_by("pk"))
    wanted: dict[int, tuple[str, str]] = {}
    taken: set[str] = set()
    for tag in tags:
        name = clean_name(tag.name) or tag.name
        base = slugify(name)[:90].strip("-_") or f"tag-{tag.pk}"
        slug, suffix = base, 1
        while slug in taken:
            slug = f"{base}_{suffix}"
            suffix += 1
        taken.add(slug)
        if (name, slug) != (tag.name, tag.slug):
            wanted[tag.pk] = (name, slug)
    if not wanted:
        return
    # Out of the way first, so no rename collides with a slug another tag is about to leave.
    for pk in wanted:
        ForumTag.objects.filter(pk=pk).update(slug=f"__repair-{pk}")
    for pk, (name, slug) in wanted.items():
        ForumTag.objects.filter(pk=pk).update(name=name, slug=slug)


def repair_tags(apps, schema_editor) -> None:
    ForumTag = apps.get_model("forums", "ForumTag")
    TaggedTopic = apps.get_model("forums", "TaggedTopic")
    _merge_look_alikes(ForumTag, TaggedTopic)
    _name_and_slug_every_tag(ForumTag)


def reslug_topics(apps, schema_editor) -> None:
    Topic = apps.get_model("forums", "Topic")
    changed = []
    for topic in Topic.objects.only("pk", "title", "slug").order_by("pk").iterator(BATCH):
        slug = slugify(topic.title)[:80].strip("-_") or "topic"
        if slug != topic.slug:
            topic.slug = slug
            changed.append(topic)
        if len(changed) >= BATCH:
            Topic.objects.bulk_update(changed, ["slug"])
            changed = []
    if changed:
        Topic.objects.bulk_update(changed, ["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0005_topic_global_pins_and_merges"),
    ]

    operations = [
        migrations.AlterField(
            model_name="topic",
            name="slug",
            field=models.SlugField(allow_unicode=True, max_length=80),
        ),
        migrations.RunPython(repair_tags, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(reslug_topics, migrations.RunPython.noop, elidable=True),
    ]
