import datetime as dt

from django import forms
from django.utils import timezone

from theodoi.core.forms import StyledFormMixin
from theodoi.dashboards.selectors import CATEGORY_LABELS
from theodoi.plans.validators import validate_date_in_range


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = forms.DateField(
        label="Tính đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[validate_date_in_range],
        error_messages={"invalid": "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."},
    )
    category = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[
            ("", "Tất cả"),
            *CATEGORY_LABELS.items(),
            ("due_soon", "Sắp đến hạn"),
            ("at_risk", "Có nguy cơ trễ hạn"),
        ],
    )

    def as_of_date(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()

    def as_of_error(self) -> str | None:
        """Why the date asked for was not used (the figures shown are today's then)."""
        if not self.is_bound or self.is_valid() or "as_of" not in self.errors:
            return None
        typed = str(self.data.get("as_of", ""))[:40]
        return (
            f"«{typed}»: {' '.join(self.errors['as_of'])} "
            f"Số liệu dưới đây tính đến hôm nay ({timezone.localdate():%d/%m/%Y})."
        )
