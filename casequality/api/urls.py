from django.urls import path

from casequality.api.api import api
from casequality.api.views import reference

app_name = "api"
urlpatterns = [
    path("docs", reference, name="reference"),
    path("", api.urls),
]
