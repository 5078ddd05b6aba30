"""Secure by default: the production settings of docs/operating.md, and what every page sends."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "SECRET_KEY": "k7Qp2vX9-tN4mB8rZ1cW6yH3jL5sD0fG-aE2uR7iO9pK4nV1xM8qT6",
    "CASEQUALITY_ACCESS_LOG_KEY": "Vb3nM7qR1tY5uI9oP2aS6dF0gH4jK8lZ-xC3vB7nM1qW5eR9tY2",
    "ALLOWED_HOSTS": "casequality.example.gov.uk",
    "CSRF_TRUSTED_ORIGINS": "https://casequality.example.gov.uk",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "CASEQUALITY_BEHIND_PROXY": "true",
}


def casequality(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    # A deployment's environment: none of what the test run sets for itself (the demo flag,
    # the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE).
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("CASEQUALITY_DEMO", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION)
    }
    return subprocess.run(
        [sys.executable, "-m", "casequality", *args],
        capture_output=True,
        text=True,
        env={**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env},
    )


def test_check_deploy_is_clean_under_the_production_settings(tmp_path):
    result = casequality("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_the_server_refuses_to_start(tmp_path):
    result = casequality("check", env={k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Set SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["/accounts/login/", "/cases/"])
def test_every_page_says_no_store_and_sends_a_content_security_policy(client, cast, url):
    client.force_login(cast.cm_a)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_inline_script_carries_the_pages_nonce(client, cast):
    response = client.get("/accounts/login/")
    nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
