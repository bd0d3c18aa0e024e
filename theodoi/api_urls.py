from rest_framework.routers import DefaultRouter

from theodoi.plans.api.views import IndicatorViewSet, PlanViewSet, TaskViewSet
from theodoi.units.api.views import AgencyViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = router.urls
