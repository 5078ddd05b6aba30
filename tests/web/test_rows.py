"""The oversight queue's rows, rendered by Jinja2 (casequality/web/jinja2/web/tables/,
decision 0033): what they show, escaped, and read afresh after every write. Hostile names
and ids in every table: test_hostile_table_values.py."""

from __future__ import annotations

from datetime import date

from casequality.standards.models import Finding
from tests.web.factories import ensure_finding


def waiting_list(client) -> str:
    return client.get("/oversight/").content.decode().split("Countersigned but still insufficient", 1)[0]


def test_a_queue_row_names_the_case_its_manager_the_due_date_and_opens_the_assessment(client, world):
    finding = world.finding
    Finding.objects.filter(pk=finding.pk).update(due=date(2026, 3, 7))
    client.force_login(world.cast.tm_north)
    waiting = waiting_list(client)
    case = world.cases[finding.case.ref]
    assert f'href="/cases/{case.ref}/"><bdi>{case.ref}</bdi></a>' in waiting
    assert case.case_manager.name in waiting
    assert "7 March 2026" in waiting
    assert f'href="/oversight/{case.ref}/assessment/A1/">Open assessment <bdi>A1</bdi></a>' in waiting


def test_a_queue_rows_text_is_escaped(client, world):
    Finding.objects.filter(pk=world.finding.pk).update(message='<script>alert("x")</script>')
    client.force_login(world.cast.tm_north)
    waiting = waiting_list(client)
    assert "<script>alert" not in waiting
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in waiting


def test_a_finding_on_a_case_without_a_case_manager_says_so(client, world):
    case = world.cases["N-0002"]
    ensure_finding(case)
    case.case_manager = None
    case.save()
    client.force_login(world.cast.tm_north)
    assert "No case manager" in waiting_list(client)


def test_a_finding_with_a_subject_in_its_evidence_opens_that_item(client, world):
    Finding.objects.filter(pk=world.finding.pk).update(subject_type="event", subject="E9", evidence={"subject": "A1"})
    client.force_login(world.cast.tm_north)
    waiting = waiting_list(client)
    assert f'href="/oversight/{world.finding.case.ref}/item/A1/">Open <bdi>A1</bdi></a>' in waiting


def test_the_queue_shows_a_findings_new_message_straight_after_it_changes(client, world):
    client.force_login(world.cast.tm_north)
    assert "Reworded after the write" not in waiting_list(client)
    Finding.objects.filter(pk=world.finding.pk).update(message="Reworded after the write.")
    assert "Reworded after the write." in waiting_list(client)
