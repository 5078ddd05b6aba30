"""Fixtures of the API tests: an integration's token and a client that sends it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from casequality.api.services import api_token_create


@pytest.fixture(autouse=True)
def _fresh_request_counts():
    """Request counts (the 429 rate) live in the cache, which outlives one test."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Api:
    """The test client with an integration's token on every request."""

    client: Client
    token: str

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers())

    def post(self, path: str, body):
        return self.client.post(f"/api/v1{path}", _raw(body), content_type="application/json", headers=self.headers())

    def put(self, path: str, body):
        return self.client.put(f"/api/v1{path}", _raw(body), content_type="application/json", headers=self.headers())


def _raw(body) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


@pytest.fixture
def api(cast, client) -> Api:
    """The cast's service (MAN) with an integration named `cms`."""
    _record, token = api_token_create(service=cast.service, name="cms")
    return Api(client=client, token=token)
