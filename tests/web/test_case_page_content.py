"""The case page's content by Jinja2 (web/jinja2/web/cases/case_page.html): a record's JSON
parts that lack a key, hold null or hold something else than the page expects are shown as
Django's template showed them (nothing, or the words for none), never an error."""

from __future__ import annotations

from datetime import date

from casequality.cases.models import Assessment, Case
from tests.web.factories import import_cases


def _html(client, cast) -> str:
    client.force_login(cast.cm_a)
    response = client.get("/cases/N-0001/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_assessment_whose_json_parts_lack_every_key_is_shown_as_not_recorded(client, cast):
    import_cases(cast, ("N-0001",))
    Assessment.objects.filter(case__ref="N-0001").update(
        date=date(2026, 1, 2), likelihood={}, rosh={}, vulnerability={}, assetplus={}
    )
    html = _html(client, cast)
    assert all(
        part in html
        for part in ("Risk of serious harm: not recorded", "No full RoSH assessment.</p>", "No evidence written.")
    )


def test_assetplus_parts_that_are_null_or_not_mappings_show_as_not_done(client, cast):
    import_cases(cast, ("N-0001",))
    Assessment.objects.filter(case__ref="N-0001").update(
        date=date(2026, 1, 2),
        rosh={"screening": ["not", "a", "mapping"]},
        assetplus={"trigger": None, "stages": {"information_gathering": None}, "rationale": "text"},
    )
    html = _html(client, cast)
    assert all(part in html for part in ("Not recorded; intervention level not set", "Not completed", "None written"))
    assert "Screening: nothing" in html


def test_serious_incidents_and_mappa_entries_without_their_keys_show_nothing_for_them(client, cast):
    import_cases(cast, ("N-0001",))
    Case.objects.filter(ref="N-0001").update(serious_incidents=[{}], mappa_eligibility=[{}])
    html = _html(client, cast)
    assert all(
        part in html
        for part in (
            'id="incident-">Serious incident : </h3>',
            "Not recorded",
            'id="mappa-">MAPPA eligibility : category </h3>',
        )
    )


def test_out_of_court_outcomes_pdats_and_victims_without_their_keys_show_nothing_for_them(client, cast):
    import_cases(cast, ("N-0001",))
    Case.objects.filter(ref="N-0001").update(out_of_court=[{}], diversion_assessments=[{}], victims=[{}])
    html = _html(client, cast)
    assert all(
        part in html
        for part in (
            'id="outcome-">Out-of-court outcome : </h3>',
            'id="diversion-"><dt class="govuk-summary-list__key">PDAT </dt>',
            "Not dated; safety and wellbeing not rated. Not countersigned.",
            'id="victim-">Victim  ()</h3>',
            "Not offered",
        )
    )
