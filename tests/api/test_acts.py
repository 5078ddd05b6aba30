"""GET /api/v1/acts: Casequality's acts, for the case management system to store."""

from __future__ import annotations

import pytest

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Assessment, Case
from casequality.oversight.services import item_countersign, manager_entry_record
from tests.web.factories import import_cases


@pytest.fixture
def three_acts(cast):
    cases = import_cases(cast, ["N-0001", "N-0002"])
    acts = [
        item_countersign(
            actor=cast.tm_north,
            item=Assessment.objects.get(case=cases["N-0001"], ref="A1"),
            outcome="returned",
            comment="Say who is at risk.",
        )
    ]
    acts.append(manager_entry_record(actor=cast.tm_north, case=cases["N-0001"], text="Seen.").act)
    acts.append(
        item_countersign(
            actor=cast.tm_north, item=Assessment.objects.get(case=cases["N-0002"], ref="A1"), outcome="approved"
        )
    )
    return acts


def test_the_acts_are_served_oldest_first_in_the_interchange_shape(api, three_acts):
    body = api.get("/acts").json()
    assert [a["id"] for a in body["results"]] == [act.ref for act in three_acts]
    first = body["results"][0]
    assert {k: first[k] for k in ("case", "kind", "subject_type", "subject", "by", "outcome", "text")} == {
        "case": "N-0001",
        "kind": "countersignature",
        "subject_type": "assessment",
        "subject": "A1",
        "by": "S9",
        "outcome": "returned",
        "text": "Say who is at risk.",
    }


def test_the_acts_are_paged_by_cursor_without_gaps_or_repeats(api, three_acts):
    first = api.get("/acts", limit=2).json()
    second = api.get("/acts", limit=2, since=first["next"]).json()
    assert [a["id"] for a in first["results"] + second["results"]] == [act.ref for act in three_acts]
    assert second["next"] is None


def test_since_gives_only_the_acts_recorded_after_the_cursor(api, cast, three_acts):
    seen = api.get("/acts").json()["since"]
    later = manager_entry_record(actor=cast.tm_north, case=Case.objects.get(ref="N-0002"), text="Later.").act
    assert [a["id"] for a in api.get("/acts", since=seen).json()["results"]] == [later.ref]


def test_a_cursor_of_another_feed_is_a_problem_at_since(api, three_acts):
    findings_cursor = api.get("/findings").json()["since"]
    response = api.get("/acts", since=findings_cursor)
    assert response.status_code == 422 and response.json()["problems"][0]["path"] == "since"


def test_the_acts_filter_by_case(api, three_acts):
    assert {a["case"] for a in api.get("/acts", case="N-0002").json()["results"]} == {"N-0002"}


def test_each_case_on_a_page_of_acts_is_a_view_entry_with_the_integration_as_actor(api, three_acts):
    api.get("/acts")
    entries = AccessLogEntry.objects.filter(target="api acts")
    assert sorted(e.case_ref for e in entries) == ["N-0001", "N-0002"]
    assert {e.actor_name for e in entries} == {"api: cms"}


def test_a_case_read_through_the_api_carries_its_acts(api, three_acts):
    assert [a["id"] for a in api.get("/cases/N-0001").json()["acts"]] == [three_acts[0].ref, three_acts[1].ref]


def test_a_put_of_the_case_from_the_cms_keeps_the_acts_made_in_casequality(api, three_acts):
    from tests.web.factories import case_document

    response = api.put("/cases/N-0001", case_document("N-0001", "S1", "Jordan Example"))
    assert response.status_code == 200
    assert [a["id"] for a in api.get("/cases/N-0001").json()["acts"]] == [three_acts[0].ref, three_acts[1].ref]
