from django.urls import path

from casequality.api.api import api
from casequality.api.views import reference

# No app_name: django-ninja finds its own routes by its namespace ("api", api.py).
urlpatterns = [
    path("docs", reference, name="api-reference"),
    path("", api.urls),
]
