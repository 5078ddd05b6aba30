"""The case page shows a case's serious incidents and MAPPA eligibility (format 2.1, decision 0053)."""

from __future__ import annotations

from casequality.cases.models import Case
from tests.web.factories import import_cases


def test_the_case_page_shows_a_serious_incident_its_notification_and_mappa_eligibility(client, cast):
    import_cases(cast, ("N-0001",))
    Case.objects.filter(ref="N-0001").update(
        serious_incidents=[
            {"id": "SI1", "category": "grievous_bodily_harm", "date": "2026-10-01", "aware": "2026-10-02",
             "offence": None, "notified": "2026-10-05", "review_completed": None, "review_learning": None}
        ],
        mappa_eligibility=[{"id": "M1", "category": 2, "from": "2026-09-01", "basis": "Violent offence."}],
    )  # fmt: skip
    client.force_login(cast.cm_a)

    html = client.get("/cases/N-0001/").content.decode()

    assert all(
        part in html
        for part in (
            "Serious incident SI1: grievous bodily harm",
            "5 October 2026",
            "MAPPA eligibility M1: category 2",
            "are assumed",
        )
    )


def test_the_case_page_of_a_case_without_them_says_nothing_of_them(client, cast):
    import_cases(cast, ("N-0001",))
    client.force_login(cast.cm_a)

    assert "Serious incidents (" not in client.get("/cases/N-0001/").content.decode()
