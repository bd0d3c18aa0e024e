from django.db import models


class UnitRollup(models.Model):
    """A unit's dashboard figures for one day, kept so that the national and provincial
    dashboards read a few rows instead of evaluating 200,000 tasks (dashboards.rollups).

    ``own``: figures of the unit's own active plans, with a part per lead agency; ``tree``: the
    unit and everything below it (own + the sub-units' trees), without the agencies; ``board``:
    each sub-unit's summary. A change to a plan, task, indicator, target, period or report
    recomputes its unit's ``own`` when it commits and applies the difference to this row and
    the rows above (dashboards.deltas, ``changed_at``); a row is not ``valid`` only where that
    could not be done (the next dashboard recomputes it)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    own = models.JSONField(null=True)
    tree = models.JSONField(null=True)
    board = models.JSONField(null=True)
    valid = models.BooleanField(default=False)
    computed_at = models.DateTimeField(null=True)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "số liệu tổng hợp theo ngày"
        verbose_name_plural = "số liệu tổng hợp theo ngày"
        constraints = [
            models.UniqueConstraint(fields=["unit", "as_of"], name="rollup_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.as_of}"
