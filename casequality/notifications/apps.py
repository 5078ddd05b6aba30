from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Email: each person's daily digest of their actions, and an email at once when work is
    returned to them or their countersignature is asked for (docs/decisions/0042-email.md)."""

    name = "casequality.notifications"
    label = "notifications"
    verbose_name = "Email"

    def ready(self) -> None:
        # The task Celery beat sends each day (`casequality beat`): workers must know it.
        from casequality.notifications import schedule  # noqa: F401
