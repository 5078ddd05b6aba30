"""The KPIs kept until the record changes (reports/kpi_readings.py, decision 0046): the
same figures as compute_kpis, counted again when a case, an order or the service changes,
read by any process from the database, and without the cases behind them for the board.

The tests commit (transaction=True): on PostgreSQL a transaction that has changed the
record and not committed it keeps nothing (its record versions are not yet moved).
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from casequality.cases.models import Case, Order, Service
from casequality.cases.services import interchange_import_document
from casequality.demo.generator import write_caseload
from casequality.reports import kpi_readings as readings_module
from casequality.reports.kept import kept_together
from casequality.reports.kpi_cases import kpi_board_meetings, kpi_case_dicts
from casequality.reports.kpi_readings import (
    KpiScope,
    case_managers,
    case_managers_orm,
    kept_rows,
    kept_rows_orm,
    kpi_readings,
    kpi_with_named,
    named_cases,
    named_count,
    named_count_orm,
    named_page,
    named_page_orm,
    without_cases,
)
from casequality.reports.kpis import Kpi, SubMeasure, compute_kpis, recent_quarters
from casequality.reports.models import KpiReading
from casequality.reports.selectors import kpi_trends_for_services
from casequality.reports.trends import complete_quarters, kpi_trend_rows, kpi_trends_from_rows
from tests.web.factories import import_ended_orders

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = date(2026, 11, 30)


def periods(count: int = 8) -> list[tuple[date, date]]:
    return [(q.start, q.end) for q in recent_quarters(AS_OF, count)]


def counted_now(scope: KpiScope, start: date, end: date, as_of: date = AS_OF) -> list:
    """compute_kpis over the scope's cases as they are in the database now."""
    return compute_kpis(
        kpi_case_dicts(scope.cases),
        start=start,
        end=end,
        board_meetings=kpi_board_meetings(scope.services),
        as_of=as_of,
    )


@pytest.fixture
def demo_service(db) -> Service:
    """A 120-case demo caseload dated 30 November 2026, imported."""
    out = io.BytesIO()
    write_caseload(out, cases=120, as_of=AS_OF)
    document = json.loads(out.getvalue())
    interchange_import_document(document, actor_name="tests")
    return Service.objects.get(code=document["service"]["code"])


@pytest.fixture
def two_endings(cast):
    """N-0001 (North): an order that ended on 31 March 2026, the last day of a quarter;
    S-0001 (South): one that ended on 1 April 2026, the first day of the next."""
    import_ended_orders(cast, [("N-0001", "S1", "2026-03-31"), ("S-0001", "S3", "2026-04-01")])
    return cast


def test_the_kept_kpis_of_each_quarter_are_compute_kpis_figures_for_a_demo_caseload(demo_service):
    scope = KpiScope.of_services([demo_service.pk])
    first = kpi_readings(scope, periods(), as_of=AS_OF, with_cases=True)  # counted and kept
    again = kpi_readings(scope, periods(), as_of=AS_OF, with_cases=True)  # read from the kept rows
    for start, end in periods():
        expected = [k.as_dict() for k in counted_now(scope, start, end)]
        assert [k.as_dict() for k in first[(start, end)]] == expected
        assert [k.as_dict() for k in again[(start, end)]] == expected
    assert any(k.denominator for kpis in again.values() for k in kpis)  # the caseload gives figures


def test_the_kept_kpis_without_their_cases_are_compute_kpis_figures_without_cases(demo_service):
    scope = KpiScope.of_services([demo_service.pk])
    kpi_readings(scope, periods(), as_of=AS_OF)
    again = kpi_readings(scope, periods(), as_of=AS_OF)
    for start, end in periods():
        assert again[(start, end)] == [without_cases(k) for k in counted_now(scope, start, end)]


def test_an_order_ending_on_a_quarters_last_day_counts_in_that_quarter_and_one_ending_next_day_in_the_next(
    two_endings,
):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar, apr_jun = (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))
    kpi_readings(scope, [jan_mar, apr_jun], as_of=AS_OF, with_cases=True)
    kept = kpi_readings(scope, [jan_mar, apr_jun], as_of=AS_OF, with_cases=True)
    assert kept[jan_mar][0].case_refs["denominator"] == ["N-0001"]
    assert kept[apr_jun][0].case_refs["denominator"] == ["S-0001"]
    for period in (jan_mar, apr_jun):
        assert [k.as_dict() for k in kept[period]] == [k.as_dict() for k in counted_now(scope, *period)]


def test_a_change_to_an_order_is_counted_at_the_next_reading(two_endings):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    assert kpi_readings(scope, [jan_mar], as_of=AS_OF)[jan_mar][0].denominator == 1
    Order.objects.filter(case__ref="S-0001").update(end=date(2026, 3, 31))
    reading = kpi_readings(scope, [jan_mar], as_of=AS_OF, with_cases=True)[jan_mar]
    assert reading[0].case_refs["denominator"] == ["N-0001", "S-0001"]
    assert [k.as_dict() for k in reading] == [k.as_dict() for k in counted_now(scope, *jan_mar)]


def test_a_case_that_leaves_the_service_leaves_its_next_reading(two_endings):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    kpi_readings(scope, [jan_mar], as_of=AS_OF)
    Case.objects.filter(ref="N-0001").delete()
    assert kpi_readings(scope, [jan_mar], as_of=AS_OF, with_cases=True)[jan_mar][0].case_refs["denominator"] == []


def test_a_kept_reading_is_read_from_the_database_without_counting_again(two_endings, monkeypatch):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    first = kpi_readings(scope, [jan_mar], as_of=AS_OF)

    def no_counting(*args, **kwargs):
        raise AssertionError("counted again")

    monkeypatch.setattr(readings_module, "compute_kpis", no_counting)
    assert kpi_readings(KpiScope.of_services([two_endings.service.pk]), [jan_mar], as_of=AS_OF) == first
    assert KpiReading.objects.filter(scope=scope.key, start=jan_mar[0]).count() == len(first[jan_mar])


def test_a_reading_kept_on_another_day_is_counted_again_for_today(two_endings):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    kpi_readings(scope, [jan_mar], as_of=date(2026, 11, 29))
    today = kpi_readings(scope, [jan_mar], as_of=AS_OF)[jan_mar]
    assert today == [without_cases(k) for k in counted_now(scope, *jan_mar, as_of=AS_OF)]


def test_counting_again_drops_the_readings_of_an_older_record(two_endings):
    scope = KpiScope.of_services([two_endings.service.pk])
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    kpi_readings(scope, [jan_mar], as_of=AS_OF)
    old_basis = KpiReading.objects.filter(scope=scope.key).values_list("basis", flat=True).first()
    Order.objects.filter(case__ref="S-0001").update(end=date(2026, 3, 30))
    kpi_readings(scope, [jan_mar], as_of=AS_OF)
    assert not KpiReading.objects.filter(scope=scope.key, basis=old_basis).exists()


def test_a_teams_reading_counts_only_the_teams_cases(two_endings):
    north = Case.objects.get(ref="N-0001").team_id
    team = KpiScope.of_team(north, [two_endings.service.pk])
    service = KpiScope.of_services([two_endings.service.pk])
    jan_mar, apr_jun = (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))
    kpi_readings(service, [jan_mar, apr_jun], as_of=AS_OF)
    kept = kpi_readings(team, [jan_mar, apr_jun], as_of=AS_OF, with_cases=True)
    assert kept[jan_mar][0].case_refs["denominator"] == ["N-0001"]
    assert kept[apr_jun][0].case_refs["denominator"] == []


def test_one_kpi_read_with_its_cases_is_that_kpi_of_the_full_reading(demo_service):
    scope = KpiScope.of_services([demo_service.pk])
    period = periods(1)[0]
    kpi_readings(scope, [period], as_of=AS_OF)
    one = kpi_readings(scope, [period], as_of=AS_OF, with_cases=True, kpi="kpi-8")[period]
    assert [k.as_dict() for k in one] == [k.as_dict() for k in counted_now(scope, *period) if k.id == "kpi-8"]


def test_an_unknown_kpi_reads_nothing_and_counts_nothing_again(two_endings, monkeypatch):
    scope = KpiScope.of_services([two_endings.service.pk])
    period = periods(1)[0]
    kpi_readings(scope, [period], as_of=AS_OF)
    monkeypatch.setattr(readings_module, "compute_kpis", lambda *a, **k: pytest.fail("counted again"))
    assert kpi_readings(scope, [period], as_of=AS_OF, kpi="kpi-99")[period] == []


def test_the_boards_kpi_trends_carry_no_case(demo_service):
    quarters = complete_quarters(AS_OF, 5)
    for _ in range(2):  # counted, then read from the kept rows
        trends = kpi_trends_for_services([demo_service.pk], quarters=quarters, as_of=AS_OF)
        for trend in trends.values():
            for kpi in trend.cells:
                assert kpi.case_refs == {}
                assert all(sub.case_refs == {} for sub in kpi.sub_measures)


def test_keeping_a_reading_drops_every_scopes_readings_of_an_earlier_day(two_endings):
    north = Case.objects.get(ref="N-0001").team_id
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    kpi_readings(KpiScope.of_team(north, [two_endings.service.pk]), [jan_mar], as_of=date(2026, 11, 29))
    kpi_readings(KpiScope.of_services([two_endings.service.pk]), [jan_mar], as_of=AS_OF)
    assert not KpiReading.objects.filter(basis__startswith="2026-11-29").exists()
    assert KpiReading.objects.filter(basis__startswith=AS_OF.isoformat()).exists()


def test_the_boards_kept_kpi_figures_are_the_figures_counted_for_each_quarter(demo_service):
    quarters = complete_quarters(AS_OF, 5)

    def counted() -> dict:
        return kpi_trends_for_services([demo_service.pk], quarters=quarters, as_of=AS_OF)

    kept_together([demo_service.pk], as_of=AS_OF, counts={"kpis": lambda: kpi_trend_rows(counted())})
    rows = kept_together([demo_service.pk], as_of=AS_OF, counts={"kpis": lambda: pytest.fail("counted again")})
    kept = kpi_trends_from_rows(rows["kpis"], quarters=quarters)
    expected = counted()
    assert list(kept) == list(expected)
    for kpi_id, trend in expected.items():
        assert (kept[kpi_id].name, kept[kpi_id].unit, kept[kpi_id].quarters) == (trend.name, trend.unit, quarters)
        assert [(c.unit, c.numerator, c.denominator, c.rate) for c in kept[kpi_id].cells] == [
            (c.unit, c.numerator, c.denominator, c.rate) for c in trend.cells
        ]
        assert kept[kpi_id].change_text == trend.change_text
    assert any(c.rate for trend in kept.values() for c in trend.cells)  # the caseload gives figures


@pytest.mark.parametrize("with_cases", [False, True])
@pytest.mark.parametrize("kpi", [None, "kpi-3", "kpi-99"])
def test_the_kept_readings_plain_read_gives_its_orm_twins_rows(demo_service, with_cases, kpi):
    scope = KpiScope.of_services([demo_service.pk])
    kpi_readings(scope, periods(3), as_of=AS_OF)  # counted and kept
    basis = KpiReading.objects.filter(scope=scope.key).values_list("basis", flat=True).first()
    starts = [start for start, _ in periods(3)] + [periods(3)[0][0], date(2020, 1, 1)]  # a repeat, one never kept
    rows = kept_rows(scope.key, basis, starts, with_cases=with_cases, kpi=kpi)
    assert rows == kept_rows_orm(scope.key, basis, starts, with_cases=with_cases, kpi=kpi)
    assert len(rows) == (0 if kpi == "kpi-99" else 3 if kpi else KpiReading.objects.filter(scope=scope.key).count())
    assert kept_rows(scope.key + "'%_", basis, starts) == kept_rows_orm(scope.key + "'%_", basis, starts) == []


def test_the_plain_read_of_a_pages_cases_and_their_case_managers_gives_its_orm_twins_rows(two_endings):
    service = two_endings.service
    Case.objects.filter(ref="S-0001").update(case_manager=None)  # a case without a case manager
    Case.objects.filter(ref="N-0001").update(ref="N-'%_0001")  # a hostile reference
    other = Service.objects.create(code="OTH", name="Other")
    north = Case.objects.get(ref="N-'%_0001").team_id
    refs = ["N-'%_0001", "S-0001", "S-0001", "N-%", "Z-0009"]  # a repeat, a pattern, none such
    scopes = [
        KpiScope.of_services([service.pk]),
        KpiScope.of_services([service.pk, other.pk]),
        KpiScope.of_services([other.pk]),
        KpiScope.of_services([]),
        KpiScope.of_team(north, [service.pk]),
        KpiScope.of_team(None, [service.pk]),
    ]
    for scope in scopes:
        assert sorted(case_managers(scope, refs), key=str) == sorted(case_managers_orm(scope, refs), key=str)
        assert case_managers(scope, []) == case_managers_orm(scope, []) == []
    assert sorted(case_managers(scopes[0], refs), key=str) == [("N-'%_0001", "Sam Patel"), ("S-0001", None)]
    assert case_managers(scopes[4], refs) == [("N-'%_0001", "Sam Patel")]


def test_a_kpis_named_cases_are_each_case_once_in_order_with_where_the_figure_and_sub_measures_name_it():
    sub = SubMeasure("a", "A", 3, 4, 0.75, {"numerator": ["C-3", "A-1", "C-3"], "denominator": ["Z-9"]})
    refs = {"numerator": ["B-2"], "denominator": ["B-2", "A-1"]}
    kpi = Kpi("kpi-x", "X", 1, 2, 0.5, "", "", data_quality=[], sub_measures=[sub], case_refs=refs)
    assert named_cases(kpi) == [
        ["A-1", True, False, [[0, 1]]],
        ["B-2", True, True, []],
        ["C-3", False, False, [[0, 0], [0, 2]]],
        ["Z-9", False, False, []],
    ]


def test_the_plain_reads_of_a_readings_named_cases_give_their_orm_twins_and_the_kpis_named_cases(demo_service):
    scope = KpiScope.of_services([demo_service.pk])
    period = periods(1)[0]
    kpis = kpi_readings(scope, [period], as_of=AS_OF, with_cases=True)[period]  # counted and kept
    basis = KpiReading.objects.filter(scope=scope.key).values_list("basis", flat=True).first()
    assert any(len(named_cases(k)) > 10 for k in kpis)
    for kpi in kpis:
        named = named_cases(kpi)
        counts = (sum(1 for e in named if e[1]), len(named))
        assert named_count(scope.key, basis, period[0], kpi.id) == named_count_orm(scope.key, basis, period[0], kpi.id)
        assert named_count(scope.key, basis, period[0], kpi.id) == counts
        for offset, limit in [(0, 100), (0, 1), (3, 7), (len(named) - 1, 9), (len(named), 9), (5, 0)]:
            page = named_page(scope.key, basis, period[0], kpi.id, offset, limit)
            assert page == named_page_orm(scope.key, basis, period[0], kpi.id, offset, limit)
            assert page == named[offset : offset + limit]
    hostile = scope.key + "'%_"
    assert (
        named_count(hostile, basis, period[0], "kpi-1") is named_count_orm(hostile, basis, period[0], "kpi-1") is None
    )
    assert named_page(hostile, basis, period[0], "kpi-1", 0, 9) == named_page_orm(
        hostile, basis, period[0], "kpi-1", 0, 9
    )
    assert named_page(scope.key, basis, period[0], "kpi-99", 0, 9) == []


def test_a_reading_kept_without_its_named_cases_gives_them_from_its_case_references(two_endings, monkeypatch):
    scope = KpiScope.of_services([two_endings.service.pk])
    period = (date(2026, 1, 1), date(2026, 3, 31))
    kept = kpi_with_named(scope, period, as_of=AS_OF, kpi="kpi-1")
    assert kept is not None
    kept_page = kept[1][0:100]  # read now: a page is read when asked for
    reading = KpiReading.objects.get(scope=scope.key, kpi="kpi-1", start=period[0])
    reading.case_refs = {"kpi": reading.case_refs["kpi"], "sub_measures": reading.case_refs["sub_measures"]}
    reading.save()
    monkeypatch.setattr(readings_module, "compute_kpis", lambda *a, **k: pytest.fail("counted again"))
    older = kpi_with_named(scope, period, as_of=AS_OF, kpi="kpi-1")
    assert older is not None
    assert (older[0], older[1].total, older[1][0:100]) == (kept[0], kept[1].total, kept_page)
    assert older[1][0:100] == [["N-0001", True, False, [[2, 0]]]]


def test_a_scope_not_kept_gives_its_named_cases_as_a_kept_one_does(two_endings):
    north = Case.objects.get(ref="N-0001").team_id
    period = (date(2026, 1, 1), date(2026, 3, 31))
    kept = kpi_with_named(KpiScope.of_team(north, [two_endings.service.pk]), period, as_of=AS_OF, kpi="kpi-1")
    team = Case.objects.filter(team_id=north)
    fresh = kpi_with_named(KpiScope(team, (two_endings.service.pk,)), period, as_of=AS_OF, kpi="kpi-1")
    assert kept is not None and fresh is not None
    assert (fresh[0], fresh[1].total, fresh[1].count(), fresh[1][0:100]) == (
        kept[0],
        kept[1].total,
        kept[1].count(),
        kept[1][0:100],
    )
    assert kpi_with_named(KpiScope(team, (two_endings.service.pk,)), period, as_of=AS_OF, kpi="kpi-99") is None
