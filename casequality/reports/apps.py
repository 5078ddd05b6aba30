from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casequality.reports"
    label = "reports"
