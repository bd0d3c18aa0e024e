"""API token authentication that tells the audit log who is acting.

django-auditlog's middleware takes the actor from `request.user` before the view runs; a DRF
token is only checked inside the view, so without this every API change would be logged with
no actor.
"""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication


def set_audit_actor(user) -> None:
    from auditlog.context import auditlog_value

    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            set_audit_actor(result[0])
        return result
