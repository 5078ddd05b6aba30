"""The rulebook page: what each rule rests on, when its source is dated, a service's severity (decision 0052)."""

from __future__ import annotations

import re

from casequality.standards.models import Finding, ParameterSetting
from tests.web.factories import ensure_finding


def _row(html: str, rule_id: str) -> str:
    match = re.search(rf'<tr class="govuk-table__row" id="rule-{rule_id}">(.*?)</tr>', html, re.S)
    assert match is not None, rule_id
    return match.group(1)


def test_the_rulebook_says_whether_each_rule_is_national_inspectorate_or_local_and_when_its_source_is_dated(
    client, world
):
    client.force_login(world.cast.cm_a)
    html = client.get("/rules/").content.decode()
    cmp_001, cmp_002, ovs_001 = (_row(html, r) for r in ("CMP-001", "CMP-002", "OVS-001"))
    assert "National: law or YJB guidance" in cmp_001 and "dated 1 December 2020" in cmp_001
    assert "Local practice" in cmp_002 and "compliance_panel_severity" in cmp_002
    assert "Inspectorate" in ovs_001 and "dated 17 July 2013" in ovs_001
    assert "the source as read shows no date" in _row(html, "REV-002")


def test_a_qa_lead_raises_cmp_002_to_a_must_and_the_rulebook_and_its_open_findings_say_so(client, world):
    finding = ensure_finding(
        world.cases["N-0001"], rule="CMP-002", subject="O1", subject_type="order", owner="CM", severity="should"
    )
    client.force_login(world.cast.qa_lead)
    assert "Should" in _row(client.get("/rules/").content.decode(), "CMP-002")
    response = client.post(
        "/rules/parameters/compliance_panel_severity/",
        {"value": "must", "reason": "Our procedure requires a panel.", "version": "default"},
    )
    assert response.status_code == 302
    assert ParameterSetting.objects.get(service=world.cast.service, name="compliance_panel_severity").value == "must"
    row = _row(client.get("/rules/").content.decode(), "CMP-002")
    assert "Must" in row and "Should" not in row.split("</th>")[0]
    assert Finding.objects.get(pk=finding.pk).severity == "must"


def test_a_severity_that_is_neither_must_nor_should_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.qa_lead)
    response = client.post(
        "/rules/parameters/compliance_panel_severity/", {"value": "sometimes", "reason": "x", "version": "default"}
    )
    assert response.status_code == 200
    assert not ParameterSetting.objects.exists()
