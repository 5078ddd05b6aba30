"""Health endpoints for load balancers, monitoring and deploy scripts (decision 0027).

`/healthz`: this process answers (it reads nothing: no database, no cache, no broker),
for a load balancer's or a process supervisor's liveness check.

`/readyz`: what this process needs to do its work answers: the database (a `SELECT 1`),
the page cache (a key written and read back, when `CASEQUALITY_PAGE_CACHE_URL` names a
shared one), the broker (a connection, when `CASEQUALITY_BROKER_URL` is set), and the
task backlog (the oldest task still waiting for a worker is younger than
`CASEQUALITY_READY_TASK_AGE_SECONDS`). 200 when all are, else 503 naming which is not.

Both answer anyone, signed in or not, and say nothing about a child, a service, a user,
a release or a version: only each part's state ("ok", "unavailable", "behind") and the
backlog's age in whole seconds. An error's own text (which may name a host or carry a
password in a URL) is logged, never answered.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.tasks import TaskResultStatus
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Seconds a broker or cache connection may take before it counts as unavailable.
PROBE_TIMEOUT_SECONDS = 3


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: the process answers requests."""
    return JsonResponse({"status": "ok"})


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"state": "ok"}


def _cache() -> dict:
    if not settings.CASEQUALITY_PAGE_CACHE_URL:
        return {"state": "ok", "shared": False}
    cache = caches["pages"]
    key, value = "readyz:" + secrets.token_hex(8), secrets.token_hex(8)
    cache.set(key, value, 10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        return {"state": "unavailable", "shared": True}
    return {"state": "ok", "shared": True}


def _broker() -> dict:
    if not settings.CASEQUALITY_BROKER_URL:
        return {"state": "ok", "configured": False}
    from kombu import Connection

    with Connection(settings.CASEQUALITY_BROKER_URL, connect_timeout=PROBE_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
    return {"state": "ok", "configured": True}


def _tasks() -> dict:
    from casequality.tasks.models import TaskRun

    oldest = (
        TaskRun.objects.filter(status=TaskResultStatus.READY)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    age = 0 if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
    limit = settings.CASEQUALITY_READY_TASK_AGE_SECONDS
    return {"state": "ok" if age <= limit else "behind", "oldest_waiting_seconds": age}


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "tasks": _tasks}


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the database, the shared cache and the broker answer, and no task waits too long."""
    checks: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        if name == "tasks" and checks["database"]["state"] != "ok":
            checks[name] = {"state": "unavailable"}
            continue
        try:
            checks[name] = check()
        except Exception:  # noqa: BLE001 - any failure of a part is its being unavailable
            logger.warning("readyz: the %s is unavailable", name, exc_info=True)
            checks[name] = {"state": "unavailable"}
    ready = all(c["state"] == "ok" for c in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
