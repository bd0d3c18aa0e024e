"""Password policy with Vietnamese messages: at least 10 characters, not too close to the
user's name, not a common password, not only digits."""

from __future__ import annotations

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError

MIN_LENGTH = 10


class MinimumLengthValidator(base.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length=min_length)

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "first_name", "last_name", "email")

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử.",
                code="password_too_similar",
            ) from exc

    def get_help_text(self):
        return "Mật khẩu không được quá giống thông tin cá nhân của bạn."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                "Mật khẩu này quá phổ biến, dễ bị đoán.", code="password_too_common"
            ) from exc

    def get_help_text(self):
        return "Mật khẩu không được là mật khẩu phổ biến."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError(
                "Mật khẩu không được chỉ gồm chữ số.", code="password_entirely_numeric"
            )

    def get_help_text(self):
        return "Mật khẩu không được chỉ gồm chữ số."
