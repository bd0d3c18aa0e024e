"""How the API answers a refusal: one status per meaning, one body shape per status.

* 400 — the request breaks the schema (/api/schema/): a missing field, a wrong type, a value out
  of the documented range, length, pattern or enum. Body: ``ValidationError``.
* 422 — the request is well formed, but a value is refused for what it means: an id that names
  nothing the user may use, a rule across fields or on the object's state ("only a submitted
  report can be accepted"). No schema can state these. Body: ``ValidationError``.
* 401, 403, 404, 405, 415 — ``{"detail": "…"}`` in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

# Codes of errors the schema cannot state: the value is well formed but names nothing usable
# ("does_not_exist") or collides with another object ("unique").
SEMANTIC_CODES = frozenset({"does_not_exist", "unique", "rule"})


class Unprocessable(exceptions.ValidationError):
    """A well-formed request refused by a rule the schema cannot state (HTTP 422)."""

    status_code = 422
    default_code = "rule"


def _leaves(codes) -> Iterator[str]:
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _leaves(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _leaves(value)
    else:
        yield codes


def is_semantic(exc: exceptions.ValidationError) -> bool:
    """Whether every error of `exc` is one the schema cannot state (a schema error wins)."""
    codes = list(_leaves(exc.get_codes()))
    return bool(codes) and all(code in SEMANTIC_CODES for code in codes)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        # Django's message names the model in English ("No Task matches the given query.").
        exc = exceptions.NotFound()
    elif type(exc) is exceptions.ValidationError and is_semantic(exc):
        exc = Unprocessable(exc.detail)
    return drf_exception_handler(exc, context)


class NotFoundView(APIView):
    """Any other address under /api/: a JSON 404 (after authentication), not the HTML page."""

    schema = None  # not an operation of the API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
