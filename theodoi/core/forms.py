"""Form bases: Bootstrap classes, Vietnamese messages, and stale-form detection."""

from __future__ import annotations

from django import forms


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "Trường này")
            field.error_messages["required"] = (
                f"{label[:1].upper()}{label[1:]} không được để trống."
            )
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class VersionedModelForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm that carries the object's `updated_at` to refuse stale submissions."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current and cleaned.get("version") != current.isoformat():
                raise forms.ValidationError(
                    "Dữ liệu đã được người khác thay đổi sau khi bạn mở biểu mẫu. "
                    "Hãy tải lại trang để xem bản mới nhất rồi sửa lại.",
                    code="stale",
                )
        return cleaned
