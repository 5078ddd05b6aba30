from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("audits/", include("casequality.audits.urls")),
    path("reports/", include("casequality.reports.urls")),
    path("api/v1/", include("casequality.api.urls")),
    path("", include("casequality.web.urls")),
]
