"""What the oversight queue and the countersigning page show after their reads were made
lighter (decision 0061): the rows from plain values, the filters' options by Jinja2, the
findings' notes in one query, the open findings in full by Jinja2 (escaped)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casequality.cases.models import Case
from casequality.oversight.models import FindingNote
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook
from tests.web.factories import ensure_finding

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


def test_a_queue_row_of_a_rule_no_longer_in_the_rulebook_says_so_and_names_no_standard(client, world):
    ensure_finding(world.cases["N-0002"], rule="OLD-999", subject="A9")
    client.force_login(world.cast.tm_north)
    html = client.get(reverse("web:oversight")).text
    row = next(part for part in html.split('<tr class="govuk-table__row">') if "Rule OLD-999" in part)
    assert "A rule no longer in the rulebook</span>" in row
    assert "For: team manager. <span" in row


def test_the_countersigning_page_shows_every_note_of_each_open_finding_in_the_order_written(client, world):
    for text in ("First note on the plan", "Second note, asking for a review"):
        FindingNote.objects.create(finding=world.finding, author=world.cast.cm_a, author_name="cm_a", text=text)
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).text
    assert html.index("First note on the plan") < html.index("Second note, asking for a review")


HOSTILE = '<script>alert(1)</script> O\'Brien & "Sons" \u202eevil'


def test_the_countersigning_page_escapes_a_findings_message_evidence_and_notes(client, world):
    Finding.objects.filter(pk=world.finding.pk).update(message=HOSTILE, evidence={"said": HOSTILE})
    FindingNote.objects.create(finding=world.finding, author=world.cast.cm_a, author_name=HOSTILE, text=HOSTILE)
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).text
    cards = html.split('id="findings"', 1)[1]
    assert "<script>" not in cards and cards.count("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; ") >= 4


def _same_html(html: str) -> str:
    """HTML with white space collapsed and one form of each escaped quote."""
    return re.sub(r"\s+", " ", html.replace("&#x27;", "&#39;").replace("&quot;", "&#34;")).replace("> <", "><").strip()


def _card(html: str, pk: int) -> str:
    """The finding card with this id as a page draws it, its heading's level aside."""
    card = html.split(f'<div class="govuk-summary-card" id="finding-{pk}">', 1)[1].split("</dl>", 1)[0]
    return re.sub(r"<(/?)h\d", r"<\1h", _same_html(card))


def test_the_answer_page_draws_a_findings_card_as_the_countersigning_page_does(client, world):
    # One home for the card (web/jinja2/web/cases/finding_cards.html): the two pages that
    # show a finding in full draw the same card, its notes and its standard with the
    # service's values included.
    FindingNote.objects.create(finding=world.finding, author=world.cast.cm_a, author_name="cm_a", text="A note")
    client.force_login(world.cast.tm_north)
    countersigning = _card(client.get(ITEM).text, world.finding.pk)
    client.force_login(world.cast.cm_a)
    answer = _card(
        client.get(reverse("web:finding_answer", args=[world.finding.case.ref, world.finding.pk])).text,
        world.finding.pk,
    )
    assert answer == countersigning
    assert "A note" in answer and "The standard" in answer


def test_the_countersigning_page_lists_open_findings_by_due_date_with_none_last_and_the_resolved_apart(client, world):
    case = world.finding.case
    today = timezone.localdate()
    later = ensure_finding(case, rule="ASM-002", kind="finding", severity="should")
    sooner = ensure_finding(case, rule="ASM-003", kind="finding", severity="should")
    undated = ensure_finding(case, rule="ASM-004", kind="finding", severity="should")
    done = ensure_finding(case, rule="ASM-005", kind="finding", severity="should")
    Finding.objects.filter(pk__in=[world.finding.pk, undated.pk]).update(due=None)
    Finding.objects.filter(pk=later.pk).update(due=today + timedelta(days=9))
    Finding.objects.filter(pk=sooner.pk).update(due=today - timedelta(days=3))
    Finding.objects.filter(pk=done.pk).update(resolved_on=today)
    client.force_login(world.cast.tm_north)
    cards = client.get(ITEM).text.split('id="findings"', 1)[1]
    shown = [int(pk) for pk in re.findall(r'id="finding-(\d+)"', cards)]
    mine = [pk for pk in shown if pk in (sooner.pk, later.pk, undated.pk, done.pk)]
    assert mine == [sooner.pk, later.pk, undated.pk] and shown[-2:] == sorted([world.finding.pk, undated.pk])
