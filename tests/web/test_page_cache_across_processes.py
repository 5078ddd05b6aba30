"""A kept page is right whichever process or machine serves it (decision 0027): every
process of a deployment makes the same marks for the per-request values, and every copy
of the same code names the same build. Checked across real processes here; through two
gunicorn instances sharing Redis in tests/production/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import casequality
from casequality.data.page_cache import CSRF_MARK, NONCE_MARK

PACKAGE = Path(casequality.__file__).resolve().parent

PRINT = (
    "import django; django.setup(); from django.conf import settings; "
    "from casequality.data.page_cache import CSRF_MARK, NONCE_MARK; "
    "print(CSRF_MARK, NONCE_MARK, settings.CASEQUALITY_PAGE_CACHE_BUILD)"
)


def _in_a_process(*, pythonpath: Path | None = None, **env: str) -> list[str]:
    """(csrf mark, nonce mark, build) as a fresh process of the production settings makes them."""
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "casequality.settings", "CASEQUALITY_DEMO": "true", **env}
    if "SECRET_KEY" not in env:
        full.pop("SECRET_KEY", None)
    if pythonpath is not None:
        full["PYTHONPATH"] = str(pythonpath)
    out = subprocess.run(
        [sys.executable, "-c", PRINT],
        env=full,
        cwd=pythonpath or PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout.split()


def _copy(to: Path, mtime: int) -> Path:
    shutil.copytree(PACKAGE, to / "casequality", ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.pyc"))
    for path in (to / "casequality").rglob("*"):
        os.utime(path, (mtime, mtime))
    return to


@pytest.mark.once  # processes of the production settings: the same on any database
def test_two_processes_with_the_same_secret_key_make_the_same_marks():
    first, second = _in_a_process(), _in_a_process()
    assert first[:2] == second[:2]


@pytest.mark.once  # processes of the production settings: the same on any database
def test_the_test_process_and_a_fresh_process_make_the_same_marks():
    assert _in_a_process()[:2] == [CSRF_MARK, NONCE_MARK]


@pytest.mark.once  # processes of the production settings: the same on any database
def test_another_secret_key_makes_other_marks():
    ours = _in_a_process()
    theirs = _in_a_process(SECRET_KEY="another-deployment-" + "x" * 40)
    assert ours[0] != theirs[0] and ours[1] != theirs[1]


@pytest.mark.once  # processes of the production settings: the same on any database
def test_the_marks_are_not_the_same_for_csrf_and_nonce():
    assert CSRF_MARK != NONCE_MARK and CSRF_MARK.startswith("cqcsrf") and NONCE_MARK.startswith("cqnonce")


@pytest.mark.once  # processes of the production settings: the same on any database
def test_two_copies_of_the_same_code_with_different_file_times_name_the_same_build(tmp_path):
    one = _copy(tmp_path / "machine-1", mtime=1_700_000_000)
    two = _copy(tmp_path / "machine-2", mtime=1_800_000_000)
    assert _in_a_process(pythonpath=one)[2] == _in_a_process(pythonpath=two)[2]


@pytest.mark.once  # processes of the production settings: the same on any database
def test_a_copy_with_one_template_changed_names_another_build(tmp_path):
    one = _copy(tmp_path / "release-1", mtime=1_700_000_000)
    two = _copy(tmp_path / "release-2", mtime=1_700_000_000)
    template = next((two / "casequality").rglob("*.html"))
    template.write_text(template.read_text() + "\n<!-- changed -->\n")
    os.utime(template, (1_700_000_000, 1_700_000_000))
    assert _in_a_process(pythonpath=one)[2] != _in_a_process(pythonpath=two)[2]


def test_two_deployments_sharing_one_redis_give_the_same_users_page_different_keys(rf, cast, settings):
    from casequality.data import page_cache

    request = rf.get("/cases/")
    request.user = cast.tm_north
    ours = page_cache._key(request, "caseload", ((cast.service.pk, 1),))
    settings.SECRET_KEY = "another-deployment-on-the-same-install-" + "y" * 20
    assert page_cache._key(request, "caseload", ((cast.service.pk, 1),)) != ours
