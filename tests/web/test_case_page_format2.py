"""The case page and the oversight pages with format 2's records: out-of-court outcomes, PDAT
assessments, victims and AssetPlus. A finding about one of them names it in words and links
to it, and the case page shows the record a case manager needs to act on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casequality.cases.models import Case
from casequality.cases.services import interchange_import_document
from tests.web.factories import case_document, ensure_finding

SUBJECTS = [("VIC-001", "victim", "V1"), ("OOC-002", "outcome", "OC1"), ("PDAT-002", "diversion", "PD1")]


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _format_2_case(cast, ref: str = "N-0009") -> Case:
    """A case of cm_a's (S1) with an offence, an Outcome 22 decided at a panel, its PDAT and a victim."""
    case = case_document(ref, "S1", "Robin Diversion")
    case["offences"] = [
        {
            "id": "OF1",
            "date": _day(80),
            "description": "Criminal damage to a car",
            "gravity": 2,
            "serious_violence": False,
        }
    ]
    case["out_of_court"] = [
        {
            "id": "OC1",
            "type": "outcome_22",
            "offence": "OF1",
            "referred": _day(70),
            "panel_date": _day(60),
            "decision_date": _day(59),
            "order": None,
            "intervention": True,
            "start": _day(50),
            "end": None,
            "completed": None,
            "first_time_entrant": False,
        }
    ]
    case["diversion_assessments"] = [
        {
            "id": "PD1",
            "date": _day(62),
            "author": "S1",
            "out_of_court": "OC1",
            "circumstances": "Lives with his father.",
            "behaviour": "Kicked a car's wing mirror off.",
            "child_plan": None,
            "professional_plan": "Four sessions on consequences.",
            "safety_wellbeing": "low",
            "exit_plan": None,
            "countersigned": None,
        }
    ]
    case["victims"] = [
        {
            "id": "V1",
            "offence": "OF1",
            "kind": "person",
            "identified": _day(42),
            "contact_offered": _day(40),
            "consent": "given",
            "consent_date": _day(38),
            "views_sought": _day(38),
            "views": "Wants the mirror paid for.",
            "rj_offered": None,
            "rj_engaged": False,
            "rj_done": None,
            "rj_kind": None,
            "safety_plan_needed": False,
            "safety_plan": None,
            "worker": "S1",
        }
    ]
    stage = {"completed": _day(4), "by": "S1"}
    case["assessments"][0]["assetplus"] = {
        "trigger": "start",
        "significant_change": None,
        "stages": {
            "information_gathering": stage,
            "explanations_conclusions": stage,
            "pathways_planning": stage,
            "self_assessment": {"completed": None, "by": None},
        },
        "rationale": {
            "likelihood_of_reoffending": "Offends with older peers in the evenings.",
            "safety_wellbeing": "Settled at home.",
            "rosh": "Harm only in street robbery.",
        },
        "desistance_factors": ["Football"],
        "intervention_level": "standard",
        "child_self_assessment": None,
        "parent_self_assessment": None,
    }
    interchange_import_document(
        {
            "format": "casequality/2",
            "service": {"code": cast.service.code, "name": cast.service.name},
            "staff": cast.staff_document(),
            "cases": [case],
        },
        actor_name="tests",
    )
    return Case.objects.get(service=cast.service, ref=ref)


@pytest.fixture
def diverted(cast, world) -> Case:
    case = _format_2_case(cast)
    for rule, subject_type, subject in SUBJECTS:
        ensure_finding(
            case, rule=rule, subject=subject, subject_type=subject_type, owner="CM", kind="finding", severity="should"
        )
    return case


def test_a_case_page_with_a_victim_finding_shows_the_victims_contact_and_consent_dates(client, cast, diverted):
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/").content.decode()
    victim = html[html.index('id="victim-V1"') :]
    offered, consented = (timezone.localdate() - timedelta(days=d) for d in (40, 38))
    assert f"{offered:%-d %B %Y}" in victim.split("Consent to contact")[0]
    assert f"Given on {consented:%-d %B %Y}" in victim


def test_a_victim_finding_names_the_victim_in_words_and_links_to_their_record(client, cast, diverted):
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/").content.decode()
    assert '<a class="govuk-link" href="#victim-V1">Victim V1</a>' in html


def test_an_out_of_court_finding_shows_the_outcome_and_its_panel_date(client, cast, diverted):
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/").content.decode()
    outcome = html[html.index('id="outcome-OC1"') :]
    panel = timezone.localdate() - timedelta(days=60)
    assert "Outcome 22" in outcome.split("</h3>")[0]
    assert f'Joint panel</dt><dd class="govuk-summary-list__value">{panel:%-d %B %Y}' in outcome
    assert '<a class="govuk-link" href="#outcome-OC1">Out-of-court outcome OC1</a>' in html


def test_a_pdat_finding_shows_the_pdat_with_its_missing_child_part(client, cast, diverted):
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/").content.decode()
    pdat = html[html.index('id="diversion-PD1"') :].split("</dd></div>")[0]
    assert "Child's part of the plan:</span> not written" in pdat
    assert '<a class="govuk-link" href="#diversion-PD1">PDAT assessment PD1</a>' in html


def test_the_case_page_shows_an_assetplus_assessments_stages_and_reasons(client, cast, diverted):
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/").content.decode()
    assetplus = html[html.index('id="assetplus"') :].split("</details>")[0]
    assert (
        'Reasons: likelihood of reoffending</dt><dd class="govuk-summary-list__value">Offends with older peers'
        in assetplus
    )
    assert 'The child\'s self-assessment</dt><dd class="govuk-summary-list__value">Not written' in assetplus
    assert "AssetPlus. Not countersigned" in html


@pytest.mark.parametrize("rule,subject_type,subject", SUBJECTS)
def test_the_case_page_answers_for_a_finding_of_each_new_subject_type(
    client, cast, diverted, rule, subject_type, subject
):
    client.force_login(cast.tm_north)
    response = client.get(f"/cases/{diverted.ref}/")
    assert response.status_code == 200
    assert f'href="#{subject_type}-{subject}"' in response.content.decode()


@pytest.mark.parametrize("rule,subject_type,subject", SUBJECTS)
def test_the_oversight_queue_links_a_finding_of_each_new_subject_type_to_its_record(
    client, cast, diverted, rule, subject_type, subject
):
    diverted.findings.filter(rule=rule).update(owner="TM")  # the manager's queue lists the manager's findings
    client.force_login(cast.tm_north)
    response = client.get("/oversight/", {"case_manager": str(cast.cm_a.staff.pk)})
    assert response.status_code == 200
    assert f'href="/cases/{diverted.ref}/#{subject_type}-{subject}"' in response.content.decode()


@pytest.mark.parametrize("rule,subject_type,subject", SUBJECTS)
def test_an_oversight_item_of_a_new_subject_type_is_not_found_rather_than_an_error(
    client, cast, diverted, rule, subject_type, subject
):
    client.force_login(cast.tm_north)
    assert client.get(f"/oversight/{diverted.ref}/{subject_type}/{subject}/").status_code == 404


def test_a_finding_answer_page_links_a_victim_finding_to_the_victims_record(client, cast, diverted):
    finding = diverted.findings.get(rule="VIC-001")
    client.force_login(cast.cm_a)
    html = client.get(f"/cases/{diverted.ref}/findings/{finding.pk}/").content.decode()
    assert f'href="/cases/{diverted.ref}/#victim-V1">Victim V1</a>' in html


def test_a_case_manager_of_another_team_sees_neither_the_case_nor_its_victims(client, cast, diverted):
    client.force_login(cast.cm_c)
    response = client.get(f"/cases/{diverted.ref}/")
    assert response.status_code == 404
    assert b"Wants the mirror paid for" not in response.content


def test_the_cases_behind_the_victims_kpi_open_at_the_case_pages_victims(client, cast, diverted):
    from casequality.reports.trends import Quarter

    consented = timezone.localdate() - timedelta(days=38)
    client.force_login(cast.qa_lead)
    html = client.get("/kpis/kpi-10/", {"quarter": f"{Quarter.of(consented).start:%Y-%m}"}).content.decode()
    assert f'href="/cases/{diverted.ref}/#victims"><bdi>{diverted.ref}</bdi></a>' in html


def test_an_inspectors_case_record_panel_lists_the_outcomes_and_victims_with_links(client, cast, diverted):
    from casequality.audits.models import AuditCase
    from casequality.audits.services import audit_create

    audit = audit_create(
        service=cast.service, framework_id="hmip-youth-2025", title="Mock inspection", actor=cast.qa_lead
    )
    audit_case = AuditCase.objects.create(audit=audit, case=diverted, inspector=cast.inspector)
    client.force_login(cast.inspector)
    response = client.get(f"/audits/{audit.pk}/cases/{audit_case.pk}/")
    assert response.status_code == 200
    panel = response.content.decode().split('id="case-record-heading"')[1]
    assert f'href="/cases/{diverted.ref}/#outcome-OC1" target="_blank" rel="noopener">OC1</a> Outcome 22' in panel
    assert f'href="/cases/{diverted.ref}/#victim-V1" target="_blank" rel="noopener">V1</a> person' in panel


def test_the_rulebook_says_a_victim_finding_stops_being_an_action_when_the_case_closes(client, cast, world):
    client.force_login(cast.qa_lead)
    html = client.get("/rules/").content.decode()
    victim = html[html.index("VIC-001") :].split("</tr>")[0]
    assert "it has been done, but after its deadline; or the case is closed." in victim
    assert "the order it concerns" not in victim
