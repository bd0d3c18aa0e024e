"""Pages of a list: `?page=` is a positive integer; a page past the last one is a 404."""

from __future__ import annotations

import re

from rest_framework import exceptions, pagination


class PageNumberPagination(pagination.PageNumberPagination):
    invalid_page_message = "Không có trang {page_number}."
    last_page_strings = ()  # the schema says integer: no "last"

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not re.fullmatch(r"[0-9]{1,18}", raw) or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_query_param: ["Số trang phải là một số nguyên dương."]}, code="invalid"
            )
        return raw

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=10**18 - 1)
        return parameters
