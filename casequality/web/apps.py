from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casequality.web"
    label = "web"
