from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Background work: Django's Tasks on Celery when CASEQUALITY_BROKER_URL is set
    (docs/decisions/0022-background-tasks.md), in the process otherwise."""

    name = "casequality.tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        from casequality.tasks import checks  # noqa: F401 - registers the settings check
