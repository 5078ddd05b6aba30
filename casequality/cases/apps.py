from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casequality.cases"
    label = "cases"
