from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "casequality.standards"
    label = "standards"
