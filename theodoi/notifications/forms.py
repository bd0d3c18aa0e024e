from __future__ import annotations

from django import forms

from theodoi.core.forms import StyledFormMixin
from theodoi.notifications.choices import NotificationKind


class PreferenceForm(StyledFormMixin, forms.Form):
    """Per kind of notification, two boxes: by email, in the app."""

    def __init__(self, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            choice = (initial_choices or {}).get(kind)
            for way, label in (("email", "Email"), ("in_app", "Trong ứng dụng")):
                field = forms.BooleanField(label=f"{kind.label}: {label}", required=False)
                field.widget.attrs["class"] = "form-check-input"
                field.initial = getattr(choice, way, True)
                self.fields[f"{kind.value}__{way}"] = field

    def rows(self):
        """(kind, email field, in-app field) for the template's table."""
        for kind in NotificationKind:
            yield kind, self[f"{kind.value}__email"], self[f"{kind.value}__in_app"]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"{kind.value}__email"], data[f"{kind.value}__in_app"])
            for kind in NotificationKind
        }
