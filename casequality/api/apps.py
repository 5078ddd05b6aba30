from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_triggers(sender, *, using="default", **kwargs) -> None:
    """After every migrate: a migration may have rebuilt the findings table (triggers.py)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if MigrationRecorder(connection).migration_qs.filter(app="api", name="0001_initial").exists():
        from casequality.api.triggers import finding_triggers_install

        finding_triggers_install(connection)


class ApiConfig(AppConfig):
    name = "casequality.api"
    label = "api"
    verbose_name = "API for case management systems"

    def ready(self) -> None:
        post_migrate.connect(_reinstall_triggers, sender=self, dispatch_uid="api-finding-triggers")
