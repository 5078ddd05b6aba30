"""Priority: every queue lists actions only, the child at risk first, then must before should,
then the longest overdue; the oversight queue filters and says how it is ordered."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from casequality.cases.models import Assessment, Case
from casequality.oversight.selectors import oversight_queue
from casequality.standards.selectors import PRIORITY_ORDER
from tests.web.factories import ensure_finding


def _queue_refs(user, **filters) -> list[tuple[str, str]]:
    return [(f.case.ref, f.subject) for f in oversight_queue(user, **filters)]


def test_the_queue_puts_the_child_at_risk_first_then_must_before_should_then_the_longest_overdue(world):
    today = timezone.localdate()
    n1, n2 = world.cases["N-0001"], world.cases["N-0002"]
    Case.objects.filter(pk=n2.pk).update(looked_after=True)
    ensure_finding(n1, subject="P1", subject_type="plan", severity="must", due=today - timedelta(days=20))
    ensure_finding(n1, subject="P2", subject_type="plan", severity="should", due=today - timedelta(days=30))
    ensure_finding(n1, subject="P3", subject_type="plan", severity="must", due=today - timedelta(days=2))
    ensure_finding(n2, subject="P4", subject_type="plan", severity="should", due=today - timedelta(days=1))
    order = [s for ref, s in _queue_refs(world.cast.tm_north) if s.startswith("P")]
    assert order == ["P4", "P1", "P3", "P2"]


def test_rosh_high_in_the_latest_assessment_puts_the_child_first(world):
    today = timezone.localdate()
    n1, n2 = world.cases["N-0001"], world.cases["N-0002"]
    a = Assessment.objects.get(case=n2, ref="A1")
    a.rosh = dict(a.rosh, level="very_high")
    a.save()
    ensure_finding(n1, subject="P1", subject_type="plan", due=today - timedelta(days=20))
    ensure_finding(n2, subject="P2", subject_type="plan", due=today - timedelta(days=1))
    assert [s for _r, s in _queue_refs(world.cast.tm_north) if s.startswith("P")] == ["P2", "P1"]
    assert [s for _r, s in _queue_refs(world.cast.tm_north, at_risk=True) if s.startswith("P")] == ["P2"]


def test_history_is_never_queued(world):
    history = ensure_finding(world.cases["N-0001"], subject="P9", subject_type="plan")
    history.actionable = False
    history.save()
    assert "P9" not in [s for _r, s in _queue_refs(world.cast.tm_north)]


def test_the_queue_filters_by_case_manager_and_says_how_it_is_ordered(client, world):
    ensure_finding(world.cases["N-0002"], subject="P4", subject_type="plan")
    client.force_login(world.cast.tm_north)
    b = world.cases["N-0002"].case_manager
    html = client.get(f"/oversight/?case_manager={b.pk}").content.decode()
    waiting = html.split("Countersigned but still insufficient", 1)[0]
    assert escape(PRIORITY_ORDER) in html
    assert "N-0002" in waiting and "N-0001" not in waiting.split("<table", 1)[1]


def test_the_queue_read_a_part_at_a_time_is_in_the_order_of_the_single_query(world, monkeypatch):
    from casequality.oversight.selectors import oversight_queue_in_order
    from casequality.standards.selectors import InPriorityOrder

    today = timezone.localdate()
    n1, n2 = world.cases["N-0001"], world.cases["N-0002"]
    Case.objects.filter(pk=n2.pk).update(looked_after=True)
    for i in range(7):
        ensure_finding(
            n1, subject=f"P1{i}", subject_type="plan", severity=("must", "should")[i % 2], due=today - timedelta(days=i)
        )
        ensure_finding(
            n2,
            subject=f"P2{i}",
            subject_type="plan",
            severity=("should", "must")[i % 2],
            due=today - timedelta(days=3 * i),
        )
    monkeypatch.setattr(InPriorityOrder, "FIRST_PART", 2)  # many small parts
    single = [(f.pk, f.child_at_risk) for f in oversight_queue(world.cast.tm_north)]
    walked = oversight_queue_in_order(world.cast.tm_north)
    assert walked.count() == len(single)
    pages = [oversight_queue_in_order(world.cast.tm_north)[start : start + 3] for start in range(0, len(single), 3)]
    assert [row for page in pages for row in page] == single
    assert walked[0 : len(single)] == single
