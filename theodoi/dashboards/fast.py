"""The roll-up path's former name: everything moved to dashboards.rolled."""

from theodoi.dashboards.rolled import (  # noqa: F401
    LazyIndicators,
    LazyRows,
    RankedAgencies,
    fast_dashboard,
    rolled_task_rows,
)
