"""Forms of the welcome page."""

from django import forms

from forums.pages import ForumCategoryPage


class FollowCategoriesForm(forms.Form):
    """The categories to follow, among those offered to the member (unticked ones are unfollowed)."""

    categories = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "That category is not one you can follow. Tick categories from the list."
        },
    )

    def __init__(self, *args, offered: list[ForumCategoryPage], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offered = offered
        # Choices are the offered ids as text, so anything else sent (any digits, any script)
        # is refused by the choice check before it is ever turned into a number.
        self.fields["categories"].choices = [(str(c.pk), c.title) for c in offered]

    def chosen(self) -> list[ForumCategoryPage]:
        picked = set(self.cleaned_data["categories"])
        return [category for category in self.offered if category.pk in picked]
