"""/healthz and /readyz (web/views/health.py): alive, and ready to work, saying nothing of
anyone's records or of the release. The production profile checks them against a real
broker cut (tests/production/)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone

from casequality.tasks.models import TaskRun


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_someone_not_signed_in_without_reading_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_answers_ready_with_each_part_and_nothing_else(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"state": "ok"},
            "cache": {"state": "ok", "shared": False},
            "broker": {"state": "ok", "configured": False},
            "tasks": {"state": "ok", "oldest_waiting_seconds": 0},
        },
    }


def test_readyz_is_never_kept_by_a_browser_or_proxy(db):
    assert "no-store" in Client().get("/readyz")["Cache-Control"]


def test_readyz_is_unavailable_naming_the_task_backlog_when_a_task_waits_too_long(db, settings):
    settings.CASEQUALITY_READY_TASK_AGE_SECONDS = 600
    TaskRun.objects.create(
        id="waiting-long",
        task_path="casequality.standards.tasks.evaluate_cases",
        status=TaskResultStatus.READY,
        enqueued_at=timezone.now() - timedelta(seconds=3600),
    )
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["state"] == "behind"
    assert response.json()["checks"]["tasks"]["oldest_waiting_seconds"] >= 3600


def test_readyz_counts_only_tasks_still_waiting_for_a_worker(db, settings):
    settings.CASEQUALITY_READY_TASK_AGE_SECONDS = 600
    TaskRun.objects.create(
        id="done-long-ago",
        task_path="casequality.standards.tasks.evaluate_cases",
        status=TaskResultStatus.SUCCESSFUL,
        enqueued_at=timezone.now() - timedelta(days=2),
    )
    assert Client().get("/readyz").json()["checks"]["tasks"] == {"state": "ok", "oldest_waiting_seconds": 0}


def test_readyz_is_unavailable_naming_the_broker_when_it_does_not_answer(db, settings):
    settings.CASEQUALITY_BROKER_URL = f"amqp://guest:secret-in-url@127.0.0.1:{_closed_port()}//"
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"state": "unavailable"}
    assert "secret-in-url" not in response.content.decode()


def test_readyz_is_unavailable_naming_the_cache_when_the_shared_redis_does_not_answer(db, settings):
    url = f"redis://127.0.0.1:{_closed_port()}/13"
    settings.CASEQUALITY_PAGE_CACHE_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "casequality-readyz-test",
        },
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"state": "unavailable"}
    assert response.json()["checks"]["database"] == {"state": "ok"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_health_endpoint_refuses_a_post(db, path):
    assert Client().post(path).status_code == 405
