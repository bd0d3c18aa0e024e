"""Serializer fields that take what the schema says and nothing else: a number sent for a
string, or 1 for a boolean, is a 400, not silently turned into "1" or true."""

from __future__ import annotations

from django.db import models
from rest_framework import relations, serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Cần một chuỗi ký tự."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Cần true hoặc false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictDecimalField(serializers.DecimalField):
    """A decimal written as a string ("85.5"), as the API answers it: a JSON number would lose
    digits on the way."""

    default_error_messages = {"invalid": 'Cần một số thập phân viết thành chuỗi, ví dụ "85.5".'}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictManyRelatedField(relations.ManyRelatedField):
    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(relations.PrimaryKeyRelatedField):
    """An object's id as a JSON integer (not "5", not true); a list of them as a JSON list."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        many = {k: v for k, v in kwargs.items() if k in relations.MANY_RELATION_KWARGS}
        return StrictManyRelatedField(child_relation=cls(*args, **kwargs), **many)


class ModelSerializer(serializers.ModelSerializer):
    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
        models.DecimalField: StrictDecimalField,
    }
