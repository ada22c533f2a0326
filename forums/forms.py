import re

from django import forms
from taggit.forms import TagField

from community.core.slugs import unicode_slugify, validate_unicode_slug

from .models import (
    BODY_MAX_LENGTH,
    EMPTY_TAG_MESSAGE,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    ForumCategoryPage,
    Topic,
    Visibility,
    normalise_tag_name,
)
from .selectors import SEGMENT_LABELS, SORT_LABELS, ListingFilters
from .services import PIN_SCOPES

MAX_TAGS = 5
TAG_MAX_LENGTH = 40


def clean_text(value: str, *, what: str) -> str:
    if not value or not value.strip():
        raise forms.ValidationError(f"Write something in the {what}.", code="empty")
    return value


class BodyField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", BODY_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 10, "data-mentions": "", "data-markdown": ""})
        )
        kwargs.setdefault(
            "help_text",
            "Markdown works: **bold**, `code`, lists, > quotes, links and images by URL.",
        )
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": f"Keep it under {BODY_MAX_LENGTH:,} characters (you wrote %(show_value)s)."
            },
        )
        super().__init__(**kwargs)


class TopicForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Topic.Kind.choices,
        initial=Topic.Kind.QUESTION,
        widget=forms.RadioSelect,
        label="What are you posting?",
        error_messages={"invalid_choice": "Choose a question or a discussion."},
    )
    title = forms.CharField(
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Be specific: “How do I score leads from webinar attendance?”",
        error_messages={
            "min_length": f"Make the title at least {TITLE_MIN_LENGTH} characters so people know what it's about.",
            "max_length": f"Keep the title under {TITLE_MAX_LENGTH} characters.",
        },
    )
    body = BodyField(label="Details")
    tags = TagField(
        required=False,
        help_text=f"Up to {MAX_TAGS} tags, separated by commas.",
        widget=forms.TextInput(attrs={"data-tag-suggest": "", "autocomplete": "off"}),
    )

    def clean_title(self) -> str:
        return " ".join(clean_text(self.cleaned_data["title"], what="title").split())

    def clean_body(self) -> str:
        return clean_text(self.cleaned_data["body"], what="details")

    def clean_tags(self) -> list[str]:
        tags = [normalise_tag_name(tag) for tag in self.cleaned_data.get("tags") or []]
        tags = list(dict.fromkeys(tag for tag in tags if tag))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
            raise forms.ValidationError(f"Keep each tag under {TAG_MAX_LENGTH} characters.")
        wordless = [tag for tag in tags if not unicode_slugify(tag)]
        if wordless:
            raise forms.ValidationError(
                EMPTY_TAG_MESSAGE.format(name=wordless[0][:TAG_MAX_LENGTH]), code="empty_slug"
            )
        return tags


class NewTopicForm(TopicForm):
    """The topic form on /forums/new/, where the member also picks the category."""

    category = forms.TypedChoiceField(
        coerce=int,
        label="Category",
        error_messages={
            "required": "Choose a category for your topic.",
            "invalid_choice": "Choose one of the categories in the list.",
        },
    )
    field_order = ["category", "kind", "title", "body", "tags"]

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a category")] + [
            (category.pk, category.title) for category in categories
        ]


class ReplyForm(forms.Form):
    body = BodyField(label="Your reply")
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_body(self) -> str:
        return clean_text(self.cleaned_data["body"], what="reply")


class ListingFilterForm(forms.Form):
    """Sort and filters from the query string; anything unknown falls back to the default."""

    sort = forms.ChoiceField(choices=list(SORT_LABELS.items()), required=False)
    tag = forms.CharField(required=False, max_length=100, validators=[validate_unicode_slug])
    state = forms.ChoiceField(
        choices=[("", "All"), ("solved", "Solved"), ("unsolved", "Unsolved")], required=False
    )
    segment = forms.ChoiceField(choices=[("", "Everyone"), *SEGMENT_LABELS.items()], required=False)
    after = forms.CharField(required=False, max_length=200)
    before = forms.CharField(required=False, max_length=200)

    def filters(self) -> ListingFilters:
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return ListingFilters(
            sort=data.get("sort") or "activity",
            tag=data.get("tag") or "",
            state=data.get("state") or "",
            segment=data.get("segment") or "",
        )

    def cursors(self) -> tuple[str, str]:
        self.is_valid()
        return (self.cleaned_data.get("after") or "", self.cleaned_data.get("before") or "")


# --- The Manage page of a topic (community managers) -----------------------------------

REASON_MAX_LENGTH = 1000


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the moderation log for the community team.",
        error_messages={"max_length": f"Keep the reason under {REASON_MAX_LENGTH:,} characters."},
    )


class LockForm(ReasonForm):
    state = forms.ChoiceField(
        choices=[("locked", "Locked"), ("open", "Open")],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose whether to lock or unlock the topic."},
    )


class PinForm(ReasonForm):
    scope = forms.ChoiceField(
        label="Where it is pinned",
        choices=[("none", "Not pinned"), *PIN_SCOPES.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the topic is pinned.",
            "invalid_choice": "Choose where the topic is pinned.",
        },
    )


class MoveForm(ReasonForm):
    category = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the category to move the topic to.",
            "invalid_choice": "That category doesn't exist (any more); choose one from the list.",
        },
    )
    field_order = ["category", "reason"]

    def __init__(self, *args, topic: Topic, categories: list[ForumCategoryPage], **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [
            ("", "Choose a category"),
            *(
                (category.pk, _category_label(category, current=category.pk == topic.category_id))
                for category in categories
            ),
        ]

    def clean_category(self) -> ForumCategoryPage:
        category = self.categories[self.cleaned_data["category"]]
        if category.pk == self.topic.category_id:
            raise forms.ValidationError(
                f"The topic is already in {category.title}; choose another category."
            )
        return category


def _category_label(category: ForumCategoryPage, *, current: bool) -> str:
    label = category.title
    if category.restricted_to.all():
        label += " (restricted)"
    return f"{label} (where it is now)" if current else label


# A topic's number on its own ("1234", "#1234"), or an address with /t/1234 or /r/56 in it.
_TOPIC_NUMBER = re.compile(r"^#?\s*(\d+)$")
_TOPIC_IN_ADDRESS = re.compile(r"/t/(\d+)(?:[-/]|$)")
_REPLY_IN_ADDRESS = re.compile(r"/r/(\d+)(?:/|$)")


class MergeForm(ReasonForm):
    into = forms.CharField(
        label="Merge into",
        max_length=500,
        help_text="The number of the topic to keep (such as 1234), or its address.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Say which topic to merge this one into."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    field_order = ["into", "reason"]

    def __init__(self, *args, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean(self):
        if self.topic.merged_into_id:
            raise forms.ValidationError(
                f"This topic was already merged into topic {self.topic.merged_into_id}."
            )
        return super().clean()

    def clean_into(self) -> Topic:
        text = self.cleaned_data["into"].strip()
        target = _topic_named_by(text)
        if target is None:
            raise forms.ValidationError(
                f"There is no topic “{text}”. Enter a topic number, such as 1234, or paste "
                "the topic's address."
            )
        if target.pk == self.topic.pk:
            raise forms.ValidationError(
                "That is this topic: a topic can't be merged into itself. Choose another one."
            )
        if target.merged_into_id:
            raise forms.ValidationError(
                f"“{target.title}” was itself merged into topic {target.merged_into_id}; "
                "merge into that one."
            )
        if target.visibility == Visibility.DELETED:
            raise forms.ValidationError(
                f"“{target.title}” was removed by moderators; choose a topic that wasn't."
            )
        return target


def _topic_named_by(text: str) -> Topic | None:
    topics = Topic.objects.select_related("category")
    if match := _TOPIC_NUMBER.match(text) or _TOPIC_IN_ADDRESS.search(text):
        return topics.filter(pk=int(match.group(1))).first()
    if match := _REPLY_IN_ADDRESS.search(text):
        return topics.filter(replies__pk=int(match.group(1))).first()
    return None
