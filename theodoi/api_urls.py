from django.urls import path, re_path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from theodoi.core.api.exceptions import NotFoundView
from theodoi.kpis.api.views import KpiViewSet
from theodoi.notifications.api.views import NotificationViewSet
from theodoi.plans.api.views import IndicatorViewSet, PlanViewSet, TaskViewSet
from theodoi.reporting.api.views import (
    RecommendationViewSet,
    ReportingPeriodViewSet,
    ReportViewSet,
)
from theodoi.units.api.views import AgencyViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("periods", ReportingPeriodViewSet, basename="period")
router.register("reports", ReportViewSet, basename="report")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("kpis", KpiViewSet, basename="kpi")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    *router.urls,
    path("auth/token/", obtain_auth_token, name="api-token"),
    # Anything else under /api/ (e.g. /api/tasks/abc/): a JSON 404, as every API error is.
    re_path(r"^.*$", NotFoundView.as_view()),
]
