"""Form bases: Bootstrap classes, Vietnamese messages, and stale-form detection."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator

from theodoi.core.people import saved_last

# Free text (titles, results, comments) is bounded even where the column is not: a pasted
# megabyte is refused with a clear message instead of being stored.
MAX_TEXT_LENGTH = 20_000


def too_long_message(limit: int = MAX_TEXT_LENGTH) -> str:
    return f"Nội dung quá dài: tối đa {limit:,} ký tự.".replace(",", ".")


class DecimalInput(forms.TextInput):
    """A number a person types, in any locale: the page receives "85.5" (what every browser
    shows and posts back unchanged, whatever its display locale), and the field accepts
    "85,5" as well as "85.5" when it is posted (see `_style`). A text input, since a browser's
    `type=number` silently empties a value it cannot parse in its own locale."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal | float | int):
            text = format(Decimal(str(value)).normalize(), "f")
            return text[:-2] if text.endswith(".0") else text
        return str(value)  # what the person typed, returned as typed when the form is refused


def _style_number(field: forms.Field) -> None:
    """One rule for every decimal field: shown with a dot, read with a comma or a dot."""
    if not isinstance(field, forms.DecimalField | forms.FloatField):
        return
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("step", "type")}
    field.widget = DecimalInput(attrs)
    field.widget.is_localized = False
    field.localize = True  # parsing: Django's sanitize_separators turns "85,5" into "85.5"
    field.error_messages["invalid"] = "Giá trị phải là một số, ví dụ 85 hoặc 85,5."


def _style(field: forms.Field) -> None:
    """Bootstrap classes, a bound on free text and Vietnamese messages, on one field."""
    _style_number(field)
    if isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = MAX_TEXT_LENGTH
        field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
        field.error_messages["max_length"] = too_long_message()
    label = str(field.label or "Trường này")
    field.error_messages["required"] = f"{label[:1].upper()}{label[1:]} không được để trống."
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        widget.attrs.setdefault("class", "form-select")
    elif not isinstance(widget, forms.HiddenInput):
        widget.attrs.setdefault("class", "form-control")
    field.styled = True  # kept by the copy each form makes of its class's fields


class StyledFormMixin:
    """Styles a form's fields. The class's own fields are styled once (each form copies them);
    only fields a form adds or replaces in its __init__ are styled per form."""

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not cls.__dict__.get("_fields_styled"):
            for field in cls.base_fields.values():
                _style(field)
            cls._fields_styled = True
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not getattr(field, "styled", False):
                _style(field)

    # Fields a service checks that the form edits under another name (a deadline typed as
    # text is checked as the dates parsed from it).
    service_error_fields: dict[str, str] = {}

    def add_service_error(self, exc: forms.ValidationError) -> None:
        """A service's refusal, shown beside the field the person typed, or above the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.error_dict.items():
            name = self.service_error_fields.get(name, name)
            self.add_error(name if name in self.fields else None, errors)


def _last_change(obj) -> str:
    """Who changed ``obj`` last and when, from the audit log."""
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(obj).select_related("actor").first()
    if entry is None:
        return ""
    return saved_last(entry.actor, entry.timestamp)


class VersionedModelForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm that carries the object's `updated_at` to refuse stale submissions."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    STALE_MESSAGE = (
        "Dữ liệu đã được người khác thay đổi sau khi bạn mở biểu mẫu: chưa lưu gì. "
        "Bảng dưới đây so sánh bản đã lưu với nội dung bạn nhập; nếu vẫn muốn ghi đè, "
        "bấm Lưu lần nữa."
    )
    conflicts: list[tuple[str, str, str]] = ()
    saved_by = ""

    def _record_conflicts(self, fresh) -> None:
        """What the other person saved, beside what this form holds, field by field; the form
        then carries the new version, so saving again after reading is a deliberate choice."""
        conflicts = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            saved = getattr(fresh, name, None)
            if hasattr(saved, "all"):
                saved = "; ".join(str(x) for x in saved.all())
                mine = "; ".join(str(x) for x in self.cleaned_data[name] or [])
            else:
                mine = self.cleaned_data[name]
            saved_text, mine_text = (
                "" if saved is None else str(saved),
                "" if mine is None else str(mine),
            )
            if saved_text != mine_text:
                conflicts.append((str(field.label), saved_text, mine_text))
        self.conflicts = conflicts
        self.saved_by = _last_change(fresh)
        data = self.data.copy()
        data[self.add_prefix("version")] = fresh.updated_at.isoformat()
        self.data = data

    def _check_version(self, version, *, lock: bool) -> None:
        if not (self.instance.pk and getattr(self.instance, "updated_at", None)):
            return
        rows = type(self.instance).objects.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        if current and version != current.isoformat():
            self._record_conflicts(type(self.instance).objects.get(pk=self.instance.pk))
            raise forms.ValidationError(
                f"{self.STALE_MESSAGE} {self.saved_by}".strip(), code="stale"
            )

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned.get("version"), lock=False)
        return cleaned

    def check_version_locked(self) -> None:
        """Re-check the version under a row lock; call inside the saving transaction, since
        two submissions can both pass `clean()` before either is saved."""
        self._check_version(self.cleaned_data.get("version"), lock=True)
