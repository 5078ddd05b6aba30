"""A shared page cache (Redis) that does not answer slows pages, never breaks them
(data/page_cache.py), and the API's rate is then counted by each process alone. A real
connection to a loopback port nothing listens on; the production profile cuts a real
Redis with its proxy (tests/production/)."""

from __future__ import annotations

import socket

import pytest


def _unanswered_redis(settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/13"
    settings.CASEQUALITY_PAGE_CACHE_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "casequality-outage",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }


@pytest.mark.parametrize("path", ["/cases/", "/cases/N-0001/", "/oversight/"])
def test_a_kept_page_is_rendered_when_the_shared_cache_does_not_answer(client, world, settings, path):
    from tests.web.test_page_cache import committed

    _unanswered_redis(settings)
    client.force_login(world.cast.tm_north)
    committed()
    first, second = client.get(path), client.get(path)
    assert (first.status_code, second.status_code) == (200, 200)
    assert b"cqnonce" not in second.content and b"cqcsrf" not in second.content
