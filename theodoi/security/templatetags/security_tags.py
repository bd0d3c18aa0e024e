from django import template

register = template.Library()


@register.filter
def minutes(delta) -> int:
    """A timedelta in whole minutes (at least 1)."""
    try:
        return max(1, round(delta.total_seconds() / 60))
    except AttributeError:
        return 0
