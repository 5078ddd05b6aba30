"""The board's counts of findings kept until the record changes (reports/kept.py, decision 0046).

The tests commit (transaction=True): on PostgreSQL a transaction that has changed the
record and not committed it keeps nothing."""

from __future__ import annotations

from datetime import date

import pytest

from casequality.reports.kept import basis, kept, kept_together, kept_values, kept_values_orm
from casequality.reports.models import KeptFigures
from casequality.standards.models import Finding
from tests.web.factories import ensure_finding, import_cases

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = date(2026, 12, 2)


def open_count(service_id: int) -> int:
    return Finding.objects.filter(service_id=service_id, resolved_on__isnull=True).count()


def counter(service_id: int, calls: list[int]):
    def count() -> int:
        calls.append(1)
        return open_count(service_id)

    return count


def test_kept_counts_are_counted_once_and_then_read_from_the_database(cast):
    import_cases(cast)
    calls: list[int] = []
    first = kept([cast.service.pk], as_of=TODAY, name="open", count=counter(cast.service.pk, calls))
    again = kept([cast.service.pk], as_of=TODAY, name="open", count=counter(cast.service.pk, calls))
    assert first == again == open_count(cast.service.pk)
    assert len(calls) == 1
    assert KeptFigures.objects.filter(name="open").count() == 1


def test_kept_counts_are_counted_again_when_a_finding_changes(cast):
    cases = import_cases(cast)
    calls: list[int] = []
    before = kept([cast.service.pk], as_of=TODAY, name="open", count=counter(cast.service.pk, calls))
    ensure_finding(cases["N-0001"], rule="OVS-001", subject="A-new")
    after = kept([cast.service.pk], as_of=TODAY, name="open", count=counter(cast.service.pk, calls))
    assert after == open_count(cast.service.pk) != before
    assert KeptFigures.objects.filter(name="open").count() == 1  # the older basis dropped


def test_kept_counts_of_another_day_are_counted_again(cast):
    import_cases(cast)
    calls: list[int] = []
    kept([cast.service.pk], as_of=TODAY, name="open", count=counter(cast.service.pk, calls))
    kept([cast.service.pk], as_of=date(2026, 12, 3), name="open", count=counter(cast.service.pk, calls))
    assert len(calls) == 2


def test_kept_counts_of_one_service_are_not_read_for_another(cast):
    from casequality.cases.models import Service

    other = Service.objects.create(code="OTH", name="Other")
    kept([cast.service.pk], as_of=TODAY, name="open", count=lambda: 1)
    assert kept([other.pk], as_of=TODAY, name="open", count=lambda: 2) == 2


def test_figures_kept_together_are_each_counted_once_and_each_counted_again_only_when_missing(cast):
    import_cases(cast)
    calls: list[str] = []

    def count(name: str, value: int):
        def counted() -> int:
            calls.append(name)
            return value

        return counted

    first = kept_together([cast.service.pk], as_of=TODAY, counts={"a": count("a", 1), "b": count("b", 2)})
    again = kept_together([cast.service.pk], as_of=TODAY, counts={"a": count("a", 9), "b": count("b", 9)})
    assert first == again == {"a": 1, "b": 2}
    assert calls == ["a", "b"]
    KeptFigures.objects.filter(name="b").delete()
    assert kept_together([cast.service.pk], as_of=TODAY, counts={"a": count("a", 9), "b": count("b", 3)}) == {
        "a": 1,
        "b": 3,
    }
    assert calls == ["a", "b", "b"]


def test_the_kept_values_plain_read_gives_its_orm_twins_rows(cast):
    import_cases(cast)
    values = {"rows": [["OVS-001", "2026-07-01", 3, 1, 0, 2, 0]], "first": "2026-01-05", "n": 7}
    kept_together([cast.service.pk], as_of=TODAY, counts={name: (lambda v=v: v) for name, v in values.items()})
    scope, now = f"services:{cast.service.pk}", basis(TODAY, [cast.service.pk])
    assert now is not None
    names = [*values, "rows", "never kept", "it's 100%_"]
    rows = kept_values(scope, now, names)
    assert sorted(rows, key=lambda row: row[0]) == sorted(kept_values_orm(scope, now, names), key=lambda row: row[0])
    assert dict(rows) == values
    assert kept_values(scope + "'", now, names) == kept_values_orm(scope + "'", now, names) == []
