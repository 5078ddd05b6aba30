"""Fixtures of the cases tests: the cast with the example document already imported."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from casequality.accounts.models import AccessLogEntry
from casequality.cases import services
from casequality.cases.models import Case, Staff, Team
from casequality.cases.selectors import case_documents
from casequality.cases.services import interchange_import_document
from tests.cases.documents import example_document


@pytest.fixture
def imported(cast):
    """The cast, with the example document's two cases imported on top."""
    interchange_import_document(example_document())
    return cast


@pytest.fixture
def small_batches(monkeypatch):
    """Write every case in its own batch, so that a later problem finds rows already written."""
    monkeypatch.setattr(services, "IMPORT_BATCH", 1)


def database_state() -> dict:
    """Everything an import could change: row counts of every cases model and of the
    access log, every case record, and every staff member and team."""
    counts = {model.__name__: model.objects.count() for model in apps.get_app_config("cases").get_models()}
    counts["AccessLogEntry"] = AccessLogEntry.objects.count()
    return {
        "counts": counts,
        "cases": [json.dumps(document) for _case, document in case_documents(Case.objects.order_by("pk"))],
        "case_rows": list(Case.objects.order_by("pk").values("pk", "ref", "team_id", "case_manager_id", "closed_on")),
        "staff": list(Staff.objects.order_by("pk").values()),
        "teams": list(Team.objects.order_by("pk").values()),
    }
