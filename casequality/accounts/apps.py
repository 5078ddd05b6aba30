from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casequality.accounts"
    label = "accounts"
