"""The board's trends by quarter, against figures counted by hand.

Counted on 15 November 2026, the complete quarters are Apr–Jun and Jul–Sep 2026. OVS-001
(Managerial oversight) has four subjects due in Apr–Jun, one met in time and three not
met (25% met in time), and four due in Jul–Sep, three met in time and one met late (75%):
up 50 points. LOR-001 (another theme) has one not met in Jul–Sep. A subject due in
Oct–Dec (the current quarter) is not counted.
"""

from __future__ import annotations

from datetime import date

import pytest

from casequality.audits.frameworks import framework_get
from casequality.reports.selectors import published_audits
from casequality.reports.services import report_publish
from casequality.reports.trends import (
    Quarter,
    audit_trends,
    complete_quarters,
    measure_trends_by_rule,
    measure_trends_by_theme,
    points_text,
)
from casequality.standards.models import Finding
from tests.audits.factories import case_make
from tests.reports.factories import SHARES_2013, manchester_2013_audit

AS_OF = date(2026, 11, 15)
APR_JUN, JUL_SEP = Quarter(date(2026, 4, 1)), Quarter(date(2026, 7, 1))


def _finding(case, rule, n, *, due, resolved_on=None, met_on=None, kind="task"):
    return Finding.objects.create(
        service=case.service,
        case=case,
        rule=rule,
        key=f"{rule}-{n}",
        kind=kind,
        severity="must",
        owner="TM",
        subject=f"A{n}",
        subject_type="assessment",
        message="m",
        due=due,
        opened_on=date(2026, 3, 1),
        last_seen_on=AS_OF,
        resolved_on=resolved_on,
        met_on=met_on,
    )


@pytest.fixture
def findings(cast):
    case = case_make(cast.service, "T-0001")
    # Apr–Jun: one met in time, three not met (still open, past due).
    _finding(case, "OVS-001", 1, due=date(2026, 4, 10), resolved_on=date(2026, 4, 8))
    for n in (2, 3, 4):
        _finding(case, "OVS-001", n, due=date(2026, 5, n), kind="finding")
    # Jul–Sep: three met in time, one met late.
    for n in (5, 6, 7):
        _finding(case, "OVS-001", n, due=date(2026, 8, n), resolved_on=date(2026, 8, 1))
    _finding(case, "OVS-001", 8, due=date(2026, 9, 1), met_on=date(2026, 9, 20), resolved_on=date(2026, 9, 20))
    # Another theme, and the current quarter.
    _finding(case, "LOR-001", 9, due=date(2026, 9, 2), kind="finding")
    _finding(case, "OVS-001", 10, due=date(2026, 11, 20))
    return Finding.objects.all()


def test_the_complete_quarters_are_those_before_the_current_one_oldest_first():
    assert complete_quarters(AS_OF, 3) == [Quarter(date(2026, 1, 1)), APR_JUN, JUL_SEP]
    assert complete_quarters(date(2027, 1, 1), 1) == [Quarter(date(2026, 10, 1))]


def test_a_quarter_is_named_by_its_months_and_year():
    assert [q.label for q in complete_quarters(AS_OF, 2)] == ["Apr–Jun 2026", "Jul–Sep 2026"]
    assert Quarter(date(2026, 10, 1)).end == date(2026, 12, 31)


def test_a_themes_measures_are_counted_per_quarter_by_the_quarter_due(findings):
    trends = {t.name: t for t in measure_trends_by_theme(findings, quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)}
    oversight = trends["Managerial oversight"]
    assert [(q.quarter, q.due, q.met, q.met_late, q.not_met, q.open) for q in oversight.quarters] == [
        (APR_JUN, 4, 1, 0, 3, 0),
        (JUL_SEP, 4, 3, 1, 0, 0),
    ]


def test_the_change_since_last_quarter_is_in_points_of_met_in_time(findings):
    trends = {t.name: t for t in measure_trends_by_theme(findings, quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)}
    assert trends["Managerial oversight"].latest.met_share == 0.75
    assert trends["Managerial oversight"].change == pytest.approx(50)
    assert points_text(trends["Managerial oversight"].change) == "up 50 points"


def test_a_theme_with_nothing_decided_the_quarter_before_has_no_change(findings):
    trends = {t.name: t for t in measure_trends_by_theme(findings, quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)}
    reoffending = trends["Assessment of the likelihood of reoffending"]
    assert [(q.due, q.not_met) for q in reoffending.quarters] == [(0, 0), (1, 1)]
    assert reoffending.change is None and points_text(reoffending.change) == "–"


def test_a_theme_with_nothing_due_in_the_quarters_is_left_out(findings):
    names = {t.name for t in measure_trends_by_theme(findings, quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)}
    assert names == {"Managerial oversight", "Assessment of the likelihood of reoffending"}


def test_a_rules_trend_counts_that_rule_only(findings):
    trend = measure_trends_by_rule(findings, rules=["OVS-001"], quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)["OVS-001"]
    assert [(q.due, q.met) for q in trend.quarters] == [(4, 1), (4, 3)]


@pytest.fixture
def two_audits(cast):
    """The 2013 shares with fieldwork ending in May 2026, then 1.2 at 40 of 47 in August 2026."""
    first = manchester_2013_audit(cast.service, title="Spring")
    second = manchester_2013_audit(
        cast.service, title="Summer", shares={**SHARES_2013, "1.2": (40, 47)}, make_cases=False
    )
    for audit, end in ((first, date(2026, 5, 20)), (second, date(2026, 8, 20))):
        audit.fieldwork_end = end
        audit.save(update_fields=["fieldwork_end"])
    return first, second


def test_audit_results_are_pooled_by_the_quarter_their_fieldwork_ended(two_audits):
    (trend,) = audit_trends(two_audits, quarters=[APR_JUN, JUL_SEP])
    question = next(r for r in trend.questions if r.id == "1.2")
    assert [(c.k, c.n, c.audits) for c in question.cells] == [(25, 47, 1), (40, 47, 1)]
    theme = next(r for r in trend.themes if r.id == "1")
    ids = [q.id for q in framework_get("sqs-2013").themes[0].questions]
    k, n = sum(SHARES_2013[q][0] for q in ids), sum(SHARES_2013[q][1] for q in ids)
    assert [(c.k, c.n) for c in theme.cells] == [(k, n), (k + 15, n)]


def test_an_audit_questions_change_is_since_the_quarter_before_that_had_an_audit(two_audits):
    (trend,) = audit_trends(two_audits, quarters=[Quarter(date(2026, 1, 1)), APR_JUN, JUL_SEP])
    question = next(r for r in trend.questions if r.id == "1.2")
    assert question.change == pytest.approx(100 * 15 / 47)
    assert question.latest.k == 40


def test_an_audit_outside_the_quarters_is_left_out(two_audits):
    (trend,) = audit_trends(two_audits, quarters=[JUL_SEP])
    assert trend.audits == 1


def test_only_published_audits_reach_the_board(cast, two_audits):
    first, second = two_audits
    report_publish(audit=first, actor=cast.qa_lead)
    assert list(published_audits({cast.service.pk})) == [first]


# KPI 7 (management board attendance) from the meetings alone: in Apr–Jun one meeting
# with 3 of 5 partners there (60%), in Jul–Sep two meetings with 9 of 10 (90%): up 30 points.
MEETINGS = [
    {
        "date": "2026-05-12",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": False,
            "health": True,
            "education": False,
        },
    },
    {
        "date": "2026-07-14",
        "attendance": {
            p: True for p in ("local_authority_childrens_services", "police", "probation", "health", "education")
        },
    },
    {
        "date": "2026-09-15",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": True,
            "health": False,
            "education": True,
        },
    },
]


def test_each_kpi_is_counted_for_each_quarter_with_its_change_since_the_one_before():
    from casequality.reports.trends import kpi_trends

    trend = kpi_trends([], board_meetings=MEETINGS, quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)["kpi-7"]
    assert [(k.numerator, k.denominator) for k in trend.cells] == [(3, 5), (9, 10)]
    assert trend.change == pytest.approx(30)
    assert trend.change_text == "up 30 points"


def test_a_kpi_with_no_figure_in_a_quarter_has_no_change():
    from casequality.reports.trends import kpi_trends

    trend = kpi_trends([], board_meetings=MEETINGS[1:], quarters=[APR_JUN, JUL_SEP], as_of=AS_OF)["kpi-7"]
    assert trend.cells[0].rate is None and trend.change is None and trend.change_text == "–"
