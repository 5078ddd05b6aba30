from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "casequality.audits"
    label = "audits"
