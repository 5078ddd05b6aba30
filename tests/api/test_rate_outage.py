"""The API's rate is counted in the Redis the web processes share (tests/production/ counts
it across two gunicorn instances); while that Redis does not answer, each process counts
its own, and the API still answers."""

from __future__ import annotations

from django.core.cache import caches

from tests.web.test_page_cache_outage import _unanswered_redis


def test_the_api_is_answered_and_counted_in_the_process_when_the_shared_cache_does_not_answer(api, settings):
    from django.core.cache import cache

    cache.clear()
    _unanswered_redis(settings)
    settings.CASEQUALITY_API_RATE_REQUESTS = 2
    assert [api.get("/findings").status_code for _ in range(3)] == [200, 200, 429]
    caches["default"].clear()
