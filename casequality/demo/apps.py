from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "casequality.demo"
    label = "demo"
