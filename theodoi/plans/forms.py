from __future__ import annotations

import datetime as dt

from django import forms

from theodoi.core.forms import VersionedModelForm
from theodoi.plans.choices import Collective, DeadlineKind
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.plans.selectors import plan_list
from theodoi.units.selectors import agencies_for_unit


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = [
            "number",
            "title",
            "issuer",
            "issued_on",
            "level",
            "kind",
            "parent",
            "period_start",
            "period_end",
            "status",
            "is_public",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 3}),
            "is_public": forms.CheckboxInput(
                attrs={
                    "data-confirm-on-change": "Thay đổi việc công khai kế hoạch? Trang công khai "
                    "(ai cũng xem được, không cần đăng nhập) sẽ hiện hoặc ẩn kế hoạch này ngay."
                }
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = plan_list(user=self.user)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})


def apply_deadline(raw: str) -> dict:
    """Parse a deadline as printed ("Quý IV/2025", "Thường xuyên"…) into the task's fields."""
    from theodoi.ingest.deadlines import parse_deadline

    parsed = parse_deadline(raw) if raw.strip() else None

    def as_date(value):
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(value)

    if parsed is None:
        return {
            "deadline_kind": DeadlineKind.UNKNOWN,
            "due_date": None,
            "start_date": None,
            "end_date": None,
            "recurrence": "",
            "condition": "",
        }
    return {
        "deadline_kind": parsed.kind,
        "due_date": as_date(parsed.due),
        "start_date": as_date(parsed.start),
        "end_date": as_date(parsed.end),
        "recurrence": parsed.recurrence or "",
        "condition": (parsed.condition or "")[:500],
    }


def _collectives_field() -> forms.MultipleChoiceField:
    """Coordinators named as groups ("UBND các xã, phường"): every member reports its part."""
    return forms.MultipleChoiceField(
        label="Phối hợp chung",
        choices=Collective.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Mỗi cơ quan thuộc nhóm (dưới đơn vị của kế hoạch) báo cáo phần việc của mình.",
    )


class TaskForm(VersionedModelForm):
    coordinator_collectives = _collectives_field()

    class Meta:
        model = Task
        fields = [
            "group",
            "code",
            "title",
            "lead",
            "lead_collective",
            "coordinators",
            "coordinator_collectives",
            "output",
            "deadline_raw",
            "parent_ref",
            "source_ref",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 4}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "coordinators": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "deadline_raw": "Ví dụ: Tháng 10/2025, Quý IV/2025, Hằng năm, Thường xuyên, "
            "2026-2030, Trước ngày 20/12/2025.",
            "lead_collective": "Khi văn bản giao chủ trì cho cả nhóm (UBND các xã, phường): mỗi "
            "cơ quan trong nhóm báo cáo phần được giao; không có cơ quan chủ trì riêng thì tình "
            "trạng nhiệm vụ tính từ các phần đó.",
        }

    service_error_fields = {
        "due_date": "deadline_raw",
        "start_date": "deadline_raw",
        "end_date": "deadline_raw",
    }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        agencies = agencies_for_unit(unit=plan.unit)
        self.fields["lead"].queryset = agencies
        self.fields["coordinators"].queryset = agencies
        self.fields["group"].queryset = plan.groups.all()
        self.fields["title"].required = True

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Nội dung nhiệm vụ không được để trống.")
        return title

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead")
        if lead and lead in (cleaned.get("coordinators") or []):
            self.add_error("coordinators", "Cơ quan chủ trì không đồng thời là cơ quan phối hợp.")
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data.update(apply_deadline(data.get("deadline_raw") or ""))
        if data.get("lead") is not None:
            data["lead_raw"] = data["lead"].name
        return data


class IndicatorForm(VersionedModelForm):
    coordinator_collectives = _collectives_field()

    class Meta:
        model = Indicator
        fields = [
            "group",
            "code",
            "name",
            "unit_of_measure",
            "lead",
            "lead_collective",
            "coordinators",
            "coordinator_collectives",
            "output",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 3}),
            "coordinators": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_for_unit(unit=self.instance.plan.unit)
        self.fields["lead"].queryset = agencies
        self.fields["coordinators"].queryset = agencies

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if data.get("lead") is not None:
            data["lead_raw"] = data["lead"].name
        return data


ALLOWED_UPLOADS = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Văn bản kế hoạch",
        help_text="Tệp .txt, .docx, .pdf (kể cả bản quét) hoặc ảnh; tối đa 20 MB.",
    )
    unit = forms.ModelChoiceField(label="Đơn vị ban hành", queryset=None)
    parent = forms.ModelChoiceField(
        label="Kế hoạch cấp trên (nếu có)", queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        from theodoi.accounts.permissions import manageable_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user)
        self.fields["parent"].queryset = plan_list(user=user)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-select" if name != "file" else "form-control"
            )
        self.fields["file"].error_messages["required"] = "Hãy chọn tệp văn bản kế hoạch."
        self.fields["unit"].error_messages["required"] = "Hãy chọn đơn vị ban hành."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(ALLOWED_UPLOADS):
            raise forms.ValidationError(
                "Định dạng tệp chưa được hỗ trợ. Chấp nhận: " + ", ".join(ALLOWED_UPLOADS) + "."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 20 MB).")
        if upload.size == 0:
            raise forms.ValidationError("Tệp rỗng.")
        return upload


class TaskSplitForm(forms.Form):
    second_title = forms.CharField(
        label="Nội dung nhiệm vụ tách ra",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="Dán phần nội dung cần tách thành nhiệm vụ riêng; phần này được bỏ khỏi nhiệm vụ gốc.",
    )
