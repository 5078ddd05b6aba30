"""The standard in the service's words (issue 23, item 7): every page that shows a rule's
standard shows the values the service uses, a parameter's name only as secondary text on
the rulebook (web.rulebook.service_standards, standards.rulebook.standard_in_words)."""

from __future__ import annotations

import re

from casequality.standards.models import ParameterSetting

ITEM = "/oversight/N-0001/assessment/A1/"


def _standards(html: str) -> list[str]:
    """The text of each "The standard" row's value."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", value).split())
        for value in re.findall(r">The standard</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    ]


def _rule_row(html: str, rule_id: str) -> str:
    match = re.search(rf'<tr class="govuk-table__row" id="rule-{rule_id}">(.*?)</tr>', html, re.S)
    assert match is not None, rule_id
    return match.group(1)


def test_the_countersigning_page_shows_each_standard_with_the_services_values(client, world):
    client.force_login(world.cast.tm_north)
    standards = _standards(client.get(ITEM).content.decode())
    assert any("within 5 working days of its date" in s for s in standards)  # OVS-001
    assert any("evidence of at least 15 words" in s for s in standards)  # LOR-003
    assert not [s for s in standards if "countersign_due_wd" in s or "evidence_min_words" in s]


def test_a_value_the_service_set_shows_in_place_of_the_default(client, world):
    ParameterSetting.objects.create(service=world.cast.service, name="evidence_min_words", value=20, reason="Ours")
    client.force_login(world.cast.tm_north)
    assert any("evidence of at least 20 words" in s for s in _standards(client.get(ITEM).content.decode()))


def test_the_case_page_and_the_answer_page_show_the_standard_with_the_services_values(client, world):
    ParameterSetting.objects.create(service=world.cast.service, name="evidence_min_words", value=25, reason="Ours")
    client.force_login(world.cast.cm_a)
    case_page = client.get("/cases/N-0001/").content.decode()
    answer_page = client.get(f"/cases/N-0001/findings/{world.cm_finding.pk}/").content.decode()
    for html in (case_page, answer_page):
        assert any("evidence of at least 25 words" in s for s in _standards(html))


def test_the_rulebook_shows_the_values_with_the_parameters_names_as_secondary_text(client, world):
    ParameterSetting.objects.create(service=world.cast.service, name="evidence_min_words", value=20, reason="Ours")
    client.force_login(world.cast.qa_lead)
    row = _rule_row(client.get("/rules/").content.decode(), "LOR-003")
    standard = row.split('<td class="govuk-table__cell">', 1)[1]
    assert standard.startswith("Every section scored 2 or more has evidence of at least 20 words.")
    assert '<span class="govuk-body-s app-secondary">Parameters: evidence_min_words</span>' in standard
    change = client.get("/rules/LOR-003/").content.decode()
    assert "evidence of at least 20 words." in change and "Parameters: evidence_min_words" in change


def test_a_standard_is_escaped_by_the_template_whatever_its_text(client, world, monkeypatch):
    # The values are numbers, dates and words the rulebook checks, so no standard holds
    # markup; were one to, the template escapes it as it does any text.
    from casequality.web.views import oversight

    monkeypatch.setattr(oversight, "service_standards", lambda service_id: {"LOR-003": "<b>at least</b> 15 words"})
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).content.decode()
    assert "&lt;b&gt;at least&lt;/b&gt; 15 words" in html and "<b>at least</b>" not in html
