from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from casequality.web.views import health

urlpatterns = [
    # /healthz and /readyz for load balancers and monitoring (web/views/health.py).
    path("", include((health.urlpatterns, "health"))),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("audits/", include("casequality.audits.urls")),
    path("reports/", include("casequality.reports.urls")),
    path("api/v1/", include("casequality.api.urls")),
    path("", include("casequality.web.urls")),
]
if settings.OIDC_ENABLED:
    # Single sign-on (mozilla-django-oidc): oidc/authenticate/, oidc/callback/, oidc/logout/.
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

# A busy database (an import holding SQLite) is a 503 "try again", never a 500.
handler500 = "casequality.web.views.errors.server_error"
handler400 = "casequality.web.views.errors.bad_request"  # a session the busy database could not save
