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


ROW_FORMS = {"task": TaskUpdateForm, "indicator": IndicatorValueForm}
# The URL word of each kind of report row (/bao-cao/<pk>/dong/nhiem-vu/<row>/).
ROW_KINDS = {"nhiem-vu": "task", "chi-tieu": "indicator"}
ROW_PREFIXES = {"task": "tasks", "indicator": "indicators"}


def report_row_form(kind: str, row, *, data=None, prefix: str) -> forms.ModelForm:
    """One row of the report form on its own, named as in the page's formset ("tasks-3-…"), with
    the row's hidden id, so that it posts with the whole form as well as alone."""
    form = ROW_FORMS[kind](data, instance=row, prefix=prefix)
    form.fields["id"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=row.pk)
    return form


TaskUpdateFormSet = forms.modelformset_factory(
    TaskUpdate, form=TaskUpdateForm, formset=ReportRowsFormSet, extra=0
)
IndicatorValueFormSet = forms.modelformset_factory(
    IndicatorValue, form=IndicatorValueForm, formset=ReportRowsFormSet, extra=0
)


def _part(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportSummaryForm(StyledFormMixin, forms.Form):
    """The report's four text parts, in their official order, and the version it was read at."""

    summary = _part("I. Kết quả thực hiện")
    difficulties = _part("II. Tồn tại, hạn chế, khó khăn, vướng mắc")
    causes = _part("III. Nguyên nhân")
    next_tasks = _part("IV. Nhiệm vụ, giải pháp kỳ tới")
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    PARTS = ("summary", "difficulties", "causes", "next_tasks")


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


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp minh chứng",
        error_messages={
            "required": "Hãy chọn một tệp PDF, DOCX, XLSX, JPG hay PNG.",
            "empty": "Tệp rỗng: không nhận.",
        },
    )


class RecommendationForm(StyledFormMixin, forms.Form):
    """A recommendation of a report: its text, the level and (optionally) the agency it goes to,
    and (optionally) the task it is about; the choices are the report's own."""

    text = forms.CharField(
        label="Nội dung đề xuất, kiến nghị",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    addressed_unit = forms.ModelChoiceField(label="Gửi cấp", queryset=None, empty_label=None)
    addressed_agency = forms.ModelChoiceField(
        label="Gửi cơ quan (tùy chọn)", queryset=None, required=False
    )
    task_update = forms.ModelChoiceField(
        label="Về nhiệm vụ (tùy chọn)", queryset=None, required=False
    )

    def __init__(self, *args, report, units, **kwargs):
        from theodoi.units.models import Agency, Unit

        super().__init__(*args, **kwargs)
        unit_ids = [u.pk for u in units]
        self.fields["addressed_unit"].queryset = Unit.objects.filter(pk__in=unit_ids).order_by(
            "-path"
        )
        self.fields["addressed_unit"].label_from_instance = lambda u: (
            f"{u.name} (cơ quan thường trực)"
        )
        self.fields["addressed_agency"].queryset = (
            Agency.objects.filter(unit__in=unit_ids)
            .select_related("unit")
            .order_by("unit__path", "name")
        )
        self.fields["addressed_agency"].label_from_instance = lambda a: f"{a.name} — {a.unit.name}"
        self.fields["task_update"].queryset = report.task_updates.select_related("task").order_by(
            "task__order"
        )
        self.fields["task_update"].label_from_instance = lambda u: (
            f"{u.task.code} {u.task.title[:80]}".strip()
        )


class RecommendationAnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label="Nội dung trả lời", max_length=10000, widget=forms.Textarea(attrs={"rows": 2})
    )
