"""The audit log's record of who acted from where, trusting X-Forwarded-For only behind a proxy."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings


class TrustedProxyAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog takes the client address from X-Forwarded-For whenever the header is
    there, so a client could write any address into the log. Here the header counts only when
    the site runs behind a reverse proxy (THEODOI_PROXY_COUNT), as for login lockout; the
    address is then the one the last trusted proxy saw."""

    @staticmethod
    def _get_remote_addr(request):
        proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
        forwarded = request.headers.get("X-Forwarded-For")
        if not proxies or not forwarded:
            return request.META.get("REMOTE_ADDR")
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        return chain[-proxies] if len(chain) >= proxies else request.META.get("REMOTE_ADDR")


def audited_save(instance, *, before, update_fields: list[str]) -> None:
    """Save the named fields and log the change as django-auditlog would, from the state before
    the change that the caller already holds (auditlog itself reads the row again to find it).
    ``before`` is a copy of ``instance`` taken when it was read, under the same row lock."""
    from auditlog.context import disable_auditlog
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    with disable_auditlog():
        instance.save(update_fields=update_fields)
    changes = model_instance_diff(
        before,
        instance,
        fields_to_check=update_fields,
        use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
    )
    if changes:
        LogEntry.objects.log_create(instance, action=LogEntry.Action.UPDATE, changes=changes)
