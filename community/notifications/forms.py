from django import forms

from .kinds import KindInfo, all_kinds


class PreferencesForm(forms.Form):
    """One choice per notification kind: on the site, by e-mail at once, in a digest, or off."""

    def __init__(self, *args, current: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds: list[KindInfo] = all_kinds()
        for info in self.kinds:
            self.fields[info.key] = forms.ChoiceField(
                label=info.label,
                help_text=info.description,
                choices=info.choices,
                initial=current.get(info.key, info.default),
                widget=forms.RadioSelect,
            )

    def rows(self):
        """Each kind with its bound field, in the order kinds were registered."""
        return [(info, self[info.key]) for info in self.kinds]
