from django import forms

from theodoi.core.forms import StyledFormMixin
from theodoi.units.choices import AgencyKind


class AgencyForm(StyledFormMixin, forms.Form):
    """What an office may set on an agency of its unit; the rules are in services."""

    name = forms.CharField(label="Tên cơ quan", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=100, required=False)
    kind = forms.ChoiceField(label="Loại", choices=AgencyKind.choices)
    aliases = forms.CharField(
        label="Tên gọi khác",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một tên, như các kế hoạch thường viết (để đọc kế hoạch nhận ra).",
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]
