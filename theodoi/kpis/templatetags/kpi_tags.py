from django import template

from theodoi.kpis.models import Kpi
from theodoi.kpis.selectors import indicator_kpi_links

register = template.Library()


@register.inclusion_tag("kpis/_plan_kpis.html", takes_context=True)
def plan_kpis(context, plan, indicators):
    """The review page's select of a national KPI for each of the plan's indicators."""
    links = indicator_kpi_links(plan=plan)
    return {
        "csrf_token": context.get("csrf_token"),
        "plan": plan,
        "rows": [(indicator, links.get(indicator.pk)) for indicator in indicators],
        "kpis": list(Kpi.objects.all()),
    }
