from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.urls import reverse

from theodoi.accounts.selectors import assignable_agencies, assignable_units, grantable_roles
from theodoi.core.forms import StyledFormMixin
from theodoi.units.models import Agency, Unit


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }


class _RoleFields(StyledFormMixin, forms.Form):
    """The role part of the user forms, limited to what the acting office may give."""

    role = forms.ChoiceField(label="Vai trò")
    unit = forms.ModelChoiceField(label="Đơn vị hành chính", queryset=Unit.objects.none())
    agency = forms.ModelChoiceField(
        label="Cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        help_text="Bắt buộc với cán bộ báo cáo; cơ quan phải thuộc đơn vị đã chọn.",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = grantable_roles(user=actor)
        self.fields["unit"].queryset = assignable_units(user=actor)
        # Only the chosen unit's agencies (a nation holds 50,000): the list follows the unit
        # (HTMX, `accounts:agency_options`), and without scripts after the first submission.
        self.fields["agency"].queryset = assignable_agencies(user=actor).filter(
            unit_id=self._chosen_unit_id()
        )
        self.fields["unit"].widget.attrs.update(
            {
                "hx-get": reverse("accounts:agency_options"),
                "hx-target": "#id_agency",
                "hx-trigger": "change",
            }
        )
        self.fields["unit"].error_messages["invalid_choice"] = (
            "Đơn vị này không thuộc phạm vi bạn quản lý."
        )
        self.fields["agency"].error_messages["invalid_choice"] = (
            "Cơ quan này không thuộc phạm vi bạn quản lý."
        )

    def _chosen_unit_id(self) -> int | None:
        value = self.data.get(self.add_prefix("unit")) if self.is_bound else None
        value = value or self.initial.get("unit")
        value = getattr(value, "pk", value)
        return int(value) if str(value or "").isdigit() else None


class UserCreateForm(_RoleFields):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ không dấu, số và . _ - (ví dụ: cb.kinhte).",
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9.@+_-]+$",
                "Tên đăng nhập chỉ gồm chữ không dấu, số và các ký tự . @ + _ -.",
            )
        ],
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Ít nhất 10 ký tự; người dùng nên đổi sau lần đăng nhập đầu.",
    )
    password_again = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "email", "password", "password_again"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "Hai lần nhập mật khẩu không khớp.")
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "password_again"}


class UserEditForm(_RoleFields):
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    is_active = forms.BooleanField(
        label="Được đăng nhập",
        required=False,
        help_text="Bỏ chọn để khóa tài khoản (người dùng nghỉ việc, chuyển công tác).",
    )

    field_order = ["full_name", "email", "is_active"]
