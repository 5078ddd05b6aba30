"""What the oversight queue and the countersigning page show after their reads were made
lighter (decision 0061): the rows from plain values, the filters' options by Jinja2, the
findings' notes in one query."""

from __future__ import annotations

import re

from django.urls import reverse

from casequality.cases.models import Case
from casequality.oversight.models import FindingNote
from casequality.standards.rulebook import rulebook

ITEM = "/oversight/N-0001/assessment/A1/"


def _options(html: str, select_id: str) -> list[tuple[str, bool, str]]:
    """(value, selected, label) of each option of the select with this id."""
    select = html.split(f'<select class="govuk-select" id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


def test_a_qa_lead_sees_every_team_and_the_chosen_one_selected(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get(reverse("web:oversight"), {"team": str(world.cast.south.pk)}).text
    assert _options(html, "team") == [
        ("", False, "All teams"),
        (str(world.cast.north.pk), False, "North"),
        (str(world.cast.south.pk), True, "South"),
    ]


def test_a_team_manager_sees_their_case_managers_and_the_chosen_one_selected(client, world):
    client.force_login(world.cast.tm_north)
    chosen = world.cast.cm_a.staff
    html = client.get(reverse("web:oversight"), {"case_manager": str(chosen.pk)}).text
    options = _options(html, "case_manager")
    assert options[0] == ("", False, "All")
    assert [label for _, _, label in options[1:]] == ["Chris Wood", "Sam Patel"]
    assert [label for _, selected, label in options if selected] == [chosen.name]


def test_the_family_chosen_is_selected_among_every_family_of_the_rulebook(client, world):
    client.force_login(world.cast.tm_north)
    families = list(dict.fromkeys(m.family for m in rulebook().rules.values()))
    html = client.get(reverse("web:oversight"), {"family": families[1]}).text
    options = _options(html, "family")
    assert [label for _, _, label in options[1:]] == families
    assert [value for value, selected, _ in options if selected] == [families[1]]


def test_a_queue_row_says_so_when_its_case_has_no_case_manager(client, world):
    Case.objects.filter(ref="N-0002").update(case_manager=None)
    client.force_login(world.cast.tm_north)
    html = client.get(reverse("web:oversight")).text
    row = next(part for part in html.split('<tr class="govuk-table__row">') if "<bdi>N-0002</bdi>" in part)
    assert "No case manager" in row


def test_the_countersigning_page_shows_every_note_of_each_open_finding_in_the_order_written(client, world):
    for text in ("First note on the plan", "Second note, asking for a review"):
        FindingNote.objects.create(finding=world.finding, author=world.cast.cm_a, author_name="cm_a", text=text)
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).text
    assert html.index("First note on the plan") < html.index("Second note, asking for a review")
