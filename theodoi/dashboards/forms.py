import datetime as dt

from django import forms

from theodoi.core.forms import StyledFormMixin
from theodoi.dashboards.selectors import CATEGORY_LABELS


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = forms.DateField(
        label="Tính đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
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
        return dt.date.today()
