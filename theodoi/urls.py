from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("theodoi/favicon.svg"), permanent=True)),
    path("", include("theodoi.core.urls")),
    path("", include("theodoi.accounts.urls")),
    path("don-vi/", include("theodoi.units.urls")),
    path("ke-hoach/", include("theodoi.plans.urls")),
    path("bao-cao/", include("theodoi.reporting.urls")),
    path("bang-dieu-khien/", include("theodoi.dashboards.urls")),
    path("van-ban/", include("theodoi.documents.urls")),
    path("du-lieu/", include("theodoi.exchange.urls")),
    path("thong-bao/", include("theodoi.notifications.urls")),
    path("", include("theodoi.kpis.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's init script is served by this view at ?script (no inline script: the CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/api_docs.html"
        ),
        name="api-docs",
    ),
    path("api/", include("theodoi.api_urls")),
]

handler404 = "theodoi.core.views.page_not_found"
handler500 = "theodoi.core.views.server_error"
handler403 = "theodoi.core.views.permission_denied"
