"""Two managers countersign the same assessment at the same moment (issue 21, point 9).

PostgreSQL only: two requests in two threads, each on its own connection, released
together. The case row is locked while a countersignature checks the version its form
carried, so of two POSTs of the same version exactly one is kept.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casequality.cases.models import Act, Case
from casequality.cases.selectors import subject_state
from tests.conftest import SignedInClient
from tests.web.factories import ensure_finding, import_cases

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL (make test-postgres)"
)

ITEM = "/oversight/N-0001/assessment/A1/"


def _at_once(posts: list[tuple[object, dict]]) -> list[int]:
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = [0] * len(posts)

    def post(index: int, client, data: dict) -> None:
        try:
            barrier.wait()
            statuses[index] = client.post(ITEM, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i, client, data)) for i, (client, data) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def item(transactional_db, cast):
    case = import_cases(cast, ["N-0001"])["N-0001"]
    ensure_finding(case)
    return case


def _signed_in(user) -> SignedInClient:
    client = SignedInClient()
    client.force_login(user)
    return client


def test_two_countersignatures_of_the_same_version_at_once_keep_exactly_one(cast, item):
    version = subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").version
    statuses = _at_once(
        [
            (_signed_in(cast.tm_north), {"version": version, "outcome": "approved"}),
            (_signed_in(cast.qa_lead), {"version": version, "outcome": "returned", "comment": "Redo it."}),
        ]
    )
    assert sorted(statuses) == [200, 302]  # one saved and sent on; one shown what changed
    assert Act.objects.filter(case=item, subject_ref="A1", kind="countersignature").count() == 1


def test_two_countersignatures_without_a_version_at_once_keep_none(cast, item):
    statuses = _at_once(
        [
            (_signed_in(cast.tm_north), {"outcome": "approved"}),
            (_signed_in(cast.qa_lead), {"outcome": "approved"}),
        ]
    )
    assert statuses == [200, 200]
    assert not Act.objects.filter(case=item, subject_ref="A1").exists()
