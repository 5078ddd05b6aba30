"""The case page read at a glance: summary and actions first, then the record; history apart;
objectives as sentences; the timeline filtered by kind and paged without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from casequality.cases.models import Event, Plan
from casequality.standards.models import Finding
from casequality.web.templatetags.web_tags import objective
from tests.web.factories import ensure_finding

OBJECTIVE = {
    "text": "Theo will attend two sessions on managing anger",
    "addresses": ["thinking_and_behaviour"],
    "by": "2025-04-07",
    "who": "Theo and the case manager",
}


def test_the_case_page_opens_with_the_summary_then_the_actions_then_the_record(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    positions = [html.index(s) for s in ("Risk of serious harm", "To do now (", 'id="assessment"', 'id="history"')]
    assert positions == sorted(positions)


def test_an_action_line_names_its_remedy_and_opens_to_the_standard_and_its_source(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    line = html.split(f'id="finding-{world.cm_finding.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<details class="govuk-details' in line
    assert "Add evidence to each section scored 2 or more." in line  # LOR-003's remedy
    assert "SQS ¶1.2" in line and "Why it fired" in line


def test_a_finding_nobody_can_act_on_is_under_history_not_among_the_actions(client, world):
    Finding.objects.filter(pk=world.cm_finding.pk).update(actionable=False)
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    actions, history = html.split('id="history"', 1)
    assert f'id="finding-{world.cm_finding.pk}"' in history
    assert f'id="finding-{world.cm_finding.pk}"' not in actions


def test_the_actions_come_must_before_should_then_the_longest_overdue(client, world):
    case, today = world.cases["N-0001"], timezone.localdate()
    ensure_finding(
        case,
        rule="PLAN-002",
        subject="P8",
        subject_type="plan",
        owner="CM",
        kind="finding",
        severity="should",
        due=today - timedelta(days=40),
    )
    ensure_finding(
        case,
        rule="PLAN-001",
        subject="P9",
        subject_type="plan",
        owner="CM",
        kind="finding",
        severity="must",
        due=today - timedelta(days=1),
    )
    client.force_login(world.cast.cm_a)
    actions = client.get("/cases/N-0001/").content.decode().split('id="assessment"', 1)[0]
    assert actions.index("Plan P9 needs PLAN-001") < actions.index("Plan P8 needs PLAN-002")


def test_an_objective_reads_as_sentences_without_raw_keys():
    assert objective(OBJECTIVE) == (
        "Theo will attend two sessions on managing anger. Theo and the case manager, "
        "by 7 April 2025. Addresses thinking and behaviour."
    )


def test_an_objective_without_a_person_or_a_date_says_so():
    assert "No one named and no date set." in objective(dict(OBJECTIVE, who=None, by=None))


def test_the_plans_tab_and_the_countersign_page_show_objectives_as_sentences(client, world):
    case = world.cases["N-0001"]
    Plan.objects.create(
        case=case, ref="P1", type="intervention", date=timezone.localdate() - timedelta(days=5), objectives=[OBJECTIVE]
    )
    client.force_login(world.cast.tm_north)
    for url in ("/cases/N-0001/", "/oversight/N-0001/plan/P1/"):
        html = client.get(url).content.decode()
        assert "Theo and the case manager, by 7 April 2025." in html
        assert "addresses: thinking_and_behaviour" not in html.lower()


def test_the_timeline_shows_one_kind_when_asked(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/", {"kind": "event"}).content.decode()
    timeline = html.split('id="timeline"', 1)[1].split('id="history"', 1)[0]
    assert "Event: contact" in timeline
    assert "Assessment (start" not in timeline
    assert '<option value="event" selected>' in timeline


def test_the_timeline_is_paged_and_its_page_links_keep_the_kind_and_the_tab(client, world):
    case = world.cases["N-0001"]
    start = timezone.localdate() - timedelta(days=400)
    Event.objects.bulk_create(
        [Event(case=case, ref=f"EX{i}", type="contact", date=start + timedelta(days=i)) for i in range(30)]
    )
    client.force_login(world.cast.cm_a)
    first = client.get("/cases/N-0001/", {"kind": "event"}).content.decode()
    assert 'href="?kind=event&amp;page=2#timeline"' in first
    second = client.get("/cases/N-0001/", {"kind": "event", "page": "2"}).content.decode()
    # The oldest date as a whole date: "1 November 2025" must not be found inside "21 November 2025".
    oldest = re.compile(rf"(?<![0-9]){start:%-d %B %Y}")
    assert oldest.search(second) and not oldest.search(first)
