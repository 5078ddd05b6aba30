from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Data protection duties: the retention schedule, subject access and erasure."""

    name = "casequality.privacy"
    label = "privacy"
