from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from theodoi.core.forms import StyledFormMixin
from theodoi.reporting.choices import PeriodKind
from theodoi.reporting.models import IndicatorValue, TaskUpdate


class TaskUpdateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TaskUpdate
        fields = ["status", "progress", "result", "obstacles", "proposals", "evidence"]
        widgets = {
            "result": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 2}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 1, "placeholder": "Số, ký hiệu văn bản…"}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].error_messages.update(
            {
                "invalid": "Tiến độ phải là số nguyên từ 0 đến 100.",
                "max_value": "Tiến độ không vượt quá 100%%.",
            }
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in ("done", "done_late") and cleaned.get("progress") != 100:
            self.add_error("progress", "Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%.")
        return cleaned


class IndicatorValueForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["value", "text_value", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["invalid"] = (
            "Giá trị phải là một số (ví dụ 85 hoặc 85,5); ghi chú bằng chữ để ở cột định tính."
        )


class _ReportRowField(forms.ModelChoiceField):
    """A report row's hidden id, found among the rows its formset read: one query for the
    report's rows, not one per row, and an id of another report's row is refused here."""

    def __init__(self, formset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = self.formset._existing_object(self.queryset.model._meta.pk.to_python(value))
        except ValidationError:
            row = None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class ReportRowsFormSet(forms.BaseModelFormSet):
    """The rows of one report (its task updates or its indicator values)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        field = form.fields[name]
        form.fields[name] = _ReportRowField(
            self, field.queryset, initial=field.initial, required=False, widget=field.widget
        )


TaskUpdateFormSet = forms.modelformset_factory(
    TaskUpdate, form=TaskUpdateForm, formset=ReportRowsFormSet, extra=0
)
IndicatorValueFormSet = forms.modelformset_factory(
    IndicatorValue, form=IndicatorValueForm, formset=ReportRowsFormSet, extra=0
)


class ReportSummaryForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(
        label="Tóm tắt kết quả trong kỳ",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class OfficeRequestForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="Nội dung gửi cơ quan thường trực",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReturnForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label="Lý do trả lại", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodGenerateForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    frequency = forms.ChoiceField(
        label="Loại kỳ", choices=[c for c in PeriodKind.choices if c[0] != PeriodKind.ADHOC]
    )
    due_rule = forms.CharField(
        label="Hạn nộp (ngày/tháng, tùy chọn)",
        required=False,
        max_length=20,
        help_text="Ví dụ 30/11 cho báo cáo năm.",
    )


class ExtensionRequestForm(StyledFormMixin, forms.Form):
    requested_due = forms.DateField(
        label="Đề nghị gia hạn đến ngày",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    reason = forms.CharField(
        label="Lý do", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionDecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="Quyết định",
        coerce=lambda v: v == "1",
        choices=[("1", "Đồng ý gia hạn"), ("0", "Không đồng ý")],
    )
    reason = forms.CharField(
        label="Ý kiến", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegimeGenerateForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)


class AdhocPeriodForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label="Tên đợt báo cáo", max_length=100)
    start = forms.DateField(
        label="Số liệu từ ngày", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    end = forms.DateField(
        label="đến ngày", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    due = forms.DateField(
        label="Hạn gửi", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "Ngày kết thúc phải không sớm hơn ngày bắt đầu.")
        return cleaned
