from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("audits/", include("casequality.audits.urls")),
    path("reports/", include("casequality.reports.urls")),
    path("api/v1/", include("casequality.api.urls")),
    path("", include("casequality.web.urls")),
]

# A busy database (an import holding SQLite) is a 503 "try again", never a 500.
handler500 = "casequality.web.views.errors.server_error"
handler400 = "casequality.web.views.errors.bad_request"  # a session the busy database could not save
