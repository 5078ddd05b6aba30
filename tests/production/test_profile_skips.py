"""Without its services the production profile is skipped with a line saying what is
missing; with CASEQUALITY_REQUIRE_PRODUCTION_PROFILE=1 (CI) that is a failure. Run as a
pytest of its own, with RabbitMQ named on a port nothing listens on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.once]


def _profile_without_rabbitmq(**env: str) -> subprocess.CompletedProcess:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    full = {**os.environ, "CASEQUALITY_PRODUCTION_RABBITMQ_PORT": str(closed), **env}
    if "CASEQUALITY_REQUIRE_PRODUCTION_PROFILE" not in env:
        full.pop("CASEQUALITY_REQUIRE_PRODUCTION_PROFILE", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "-m",
            "production",
            "tests/production/test_stack.py::test_the_api_rate_limit_is_counted_across_every_web_process",
        ],
        env=full,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_rabbitmq_the_production_profile_is_skipped_saying_what_is_missing():
    result = _profile_without_rabbitmq()
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 skipped" in result.stdout
    assert "Production profile (tests/production/) not run: no RabbitMQ at 127.0.0.1:" in result.stdout


def test_without_rabbitmq_the_production_profile_fails_when_it_is_required():
    result = _profile_without_rabbitmq(CASEQUALITY_REQUIRE_PRODUCTION_PROFILE="1")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "no RabbitMQ at 127.0.0.1:" in result.stdout
    assert "CASEQUALITY_REQUIRE_PRODUCTION_PROFILE=1 makes this a failure" in result.stdout
