"""The API's OpenAPI schema says what the API does, derived once for every operation.

* Every status an operation can answer is documented with its body (see exceptions.py for what
  each status means): 401 everywhere, 403 for writes, 404 where the path names an object or a
  list has pages, 400 where the request carries data, 415 where it has a body, 422 where a value
  may name an object or a rule may refuse it.
* Query parameters carry the constraints of the FilterSet's form fields (ranges, lengths, ids).
* Strings sent in a body carry what DRF's CharField checks: no NUL character, and for a field
  that may not be blank, at least one character that is not whitespace (DRF strips it).
"""

from __future__ import annotations

import sys

import django_filters
from django import forms
from django.core.validators import RegexValidator
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from theodoi.core.filters import ID_MAX

ERROR = {
    "type": "object",
    "description": "Lỗi: `detail` nói vì sao (401, 403, 404, 405, 415).",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Giá trị bị từ chối: mỗi khóa là một trường (hoặc `detail`, `non_field_errors`) "
    "với các thông báo; dòng con của danh sách lồng theo số thứ tự của dòng. 400: yêu cầu trái "
    "với lược đồ; 422: đúng lược đồ nhưng giá trị không dùng được (mã số không có, quy tắc "
    "nghiệp vụ, trạng thái của đối tượng).",
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
            {"type": "object"},
        ]
    },
}
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
DESCRIPTIONS = {
    "400": "Yêu cầu trái với lược đồ (thiếu trường, sai kiểu, ngoài khoảng, giá trị lọc lạ).",
    "401": "Chưa xác thực: thiếu hoặc sai token.",
    "403": "Không có quyền thực hiện việc này.",
    "404": "Không có đối tượng này trong phạm vi được xem (hoặc không có trang này).",
    "415": "Thân yêu cầu phải là JSON.",
    "422": "Đúng lược đồ nhưng giá trị không dùng được (mã số không có, quy tắc nghiệp vụ).",
}

# Characters str.strip() removes, as one regular-expression class (Python and ECMA alike).
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
NO_NUL = "^[^\\u0000]*$"
# Where "" is allowed drf-spectacular adds it as a second, exclusive choice (oneOf).
NO_NUL_NOT_EMPTY = "^[^\\u0000]+$"
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{_SPACES}][^\\u0000]*$"


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        describe_filters(operation, getattr(self.view, "filterset_class", None))
        responses = operation["responses"]
        for code, schema in self.error_responses(operation).items():
            responses.setdefault(code, _response(code, self.component(*schema)))
        return operation

    def component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref

    def error_responses(self, operation: dict) -> dict[str, tuple[str, dict]]:
        error, invalid = ("Error", ERROR), ("ValidationError", VALIDATION_ERROR)
        parameters = operation.get("parameters", [])
        queries = [p for p in parameters if p["in"] == "query"]
        codes = {"401": error}
        if self.method in UNSAFE_METHODS:
            codes["403"] = error
        creates = getattr(self.view, "action", None) == "create"  # may name a plan out of sight
        if (
            creates
            or any(p["in"] == "path" for p in parameters)
            or any(p["name"] == "page" for p in queries)
        ):
            codes["404"] = error
        if queries or "requestBody" in operation:
            codes["400"] = invalid
        if "requestBody" in operation:
            codes["415"] = error
        if self.method in UNSAFE_METHODS or any(p["schema"].get("x-object-id") for p in queries):
            codes["422"] = invalid
        return codes


def _response(code: str, ref: dict) -> dict:
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ref}}}


def describe_filters(operation: dict, filterset_class) -> None:
    """Give each filter parameter the constraints its form field checks."""
    if filterset_class is None:
        return
    for parameter in operation.get("parameters", []):
        flt = filterset_class.base_filters.get(parameter["name"])
        if parameter["in"] == "query" and flt is not None:
            parameter["schema"].update(filter_constraints(flt))


def filter_constraints(flt: django_filters.Filter) -> dict:
    """The schema of what the filter's form field accepts (read from its class and arguments:
    building the field would need a request)."""
    field_class, extra = flt.field_class, flt.extra
    if issubclass(field_class, forms.ModelChoiceField):
        # An id among the objects the user may see: an unknown one is a 422, not a 400.
        return {"type": "integer", "minimum": 1, "maximum": ID_MAX, "x-object-id": True}
    if issubclass(field_class, forms.ChoiceField):
        return {}
    if issubclass(field_class, (forms.IntegerField, forms.DecimalField)):
        bounds = {"minimum": extra.get("min_value"), "maximum": extra.get("max_value")}
        found = {k: int(v) if v == int(v) else v for k, v in bounds.items() if v is not None}
        if issubclass(field_class, forms.IntegerField) or extra.get("decimal_places") == 0:
            found["type"] = "integer"
        return found
    if issubclass(field_class, forms.CharField):
        found = {"pattern": NO_NUL}
        if extra.get("max_length") is not None:
            found["maxLength"] = extra["max_length"]
        return found
    return {}


class CharFieldExtension(OpenApiSerializerFieldExtension):
    """What DRF's CharField refuses, said in the request schema."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        plain = schema.get("type") == "string" and not {"format", "enum", "pattern"} & set(schema)
        # A field with its own pattern (a RegexValidator) gets that one from drf-spectacular.
        patterned = any(isinstance(v, RegexValidator) for v in self.target.validators)
        if direction == "request" and plain and not patterned and not self.target.read_only:
            if self.target.allow_blank:
                schema["pattern"] = NO_NUL_NOT_EMPTY
            else:
                schema["pattern"] = NOT_BLANK if self.target.trim_whitespace else NO_NUL
        return schema


class DecimalFieldExtension(OpenApiSerializerFieldExtension):
    """A decimal is sent as a string (StrictDecimalField): the digits DRF accepts, no more."""

    target_class = "rest_framework.fields.DecimalField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        places, digits = self.target.decimal_places, self.target.max_digits
        if direction == "request" and schema.get("type") == "string" and places and digits:
            whole = digits - places
            schema["pattern"] = (
                f"^-?(?:[0-9]{{1,{whole}}}(?:\\.[0-9]{{0,{places}}})?|\\.[0-9]{{1,{places}}})$"
            )
        return schema


class DateFieldExtension(OpenApiSerializerFieldExtension):
    """A date field checked by plans.validators.validate_date_in_range: its years, said as a
    pattern (OpenAPI 3.0 has no bounds for dates)."""

    target_class = "rest_framework.fields.DateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        from theodoi.plans.validators import YEAR_MAX, YEAR_MIN, validate_date_in_range

        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and validate_date_in_range in self.target.validators:
            years = "|".join(str(year) for year in range(YEAR_MIN, YEAR_MAX + 1))
            schema["pattern"] = f"^(?:{years})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
        return schema
