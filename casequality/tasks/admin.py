"""Background tasks in Django admin: the administrator sees each task, and a failed one's error."""
from __future__ import annotations

from django.contrib import admin
from django.tasks import TaskResultStatus

from casequality.tasks.models import TaskRun


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ("enqueued_at", "task", "status", "attempts", "last_error")
    list_filter = ("status", "task_path")
    readonly_fields = ("id", "task_path", "args", "kwargs", "status", "attempts", "result", "error_class", "error",
                       "worker", "enqueued_at", "started_at", "finished_at")
    actions = ["run_again"]

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
