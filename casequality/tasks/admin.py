"""Background tasks in Django admin: the administrator sees each task, and a failed one's error.

Which tasks an administrator sees is decided above this app (tasks stand under every app
and know no service): accounts/admin.py registers the scope with `task_scope_register`,
a service's administrator seeing only their services' tasks (decision 0030). Until a scope
is registered nobody sees any.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.tasks import TaskResultStatus

from casequality.tasks.models import TaskRun

_scope: Callable | None = None
_changelist: type[ChangeList] | None = None


def task_scope_register(scope: Callable, *, changelist: type[ChangeList] | None = None) -> None:
    """Name the function (request, queryset) -> queryset that keeps an administrator to their
    tasks, and the change list that keeps bad filter values from a 500."""
    global _scope, _changelist
    _scope, _changelist = scope, changelist


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ("enqueued_at", "task", "status", "attempts", "last_error")
    list_filter = ("status", "task_path")
    readonly_fields = (
        "id",
        "task_path",
        "args",
        "kwargs",
        "status",
        "attempts",
        "result",
        "error_class",
        "error",
        "worker",
        "enqueued_at",
        "started_at",
        "finished_at",
    )
    actions = ["run_again"]

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        return _scope(request, queryset) if _scope is not None else queryset.none()

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_changelist(self, request, **kwargs):
        return _changelist or super().get_changelist(request, **kwargs)

    @admin.display(description="task", ordering="task_path")
    def task(self, run: TaskRun) -> str:
        return run.task_path.rsplit(".", 1)[-1]

    @admin.display(description="last error")
    def last_error(self, run: TaskRun) -> str:
        """The error's last line (the exception and its message); the whole traceback is on the task's page."""
        lines = [line for line in run.error.strip().splitlines() if line.strip()]
        return lines[-1][:120] if lines else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Run the selected failed tasks again", permissions=["view"])
    def run_again(self, request, queryset):
        from casequality.tasks.worker import send

        again = list(queryset.filter(status=TaskResultStatus.FAILED).values_list("pk", flat=True))
        TaskRun.objects.filter(pk__in=again).update(status=TaskResultStatus.READY, attempts=0, finished_at=None)
        for run_id in again:
            send(run_id)
        self.message_user(request, f"{len(again)} failed task(s) sent to the workers again.")
