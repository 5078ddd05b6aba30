from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "casequality.oversight"
    label = "oversight"
