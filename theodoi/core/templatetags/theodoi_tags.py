from auditlog.models import LogEntry
from django import template

register = template.Library()

ACTIONS = {
    LogEntry.Action.CREATE: "Tạo mới",
    LogEntry.Action.UPDATE: "Sửa",
    LogEntry.Action.DELETE: "Xóa",
    LogEntry.Action.ACCESS: "Truy cập",
}


@register.inclusion_tag("core/partials/history.html")
def object_history(obj, limit: int = 20):
    """The audit trail of one object: who changed what, when, before and after."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor")[:limit]
    rows = [
        {
            "entry": e,
            "action": ACTIONS.get(e.action, e.action),
            "changes": [
                (field, values[0] if len(values) > 0 else "", values[1] if len(values) > 1 else "")
                for field, values in (e.changes_dict or {}).items()
                if field not in {"search_key", "updated_at", "created_at"}
            ],
        }
        for e in entries
    ]
    return {"rows": rows}


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dict lookup in templates."""
    return mapping.get(key) if hasattr(mapping, "get") else None
