"""The countersigning page's reads (casequality/data/queues.py: item_row, staff_name) give
what their ORM twins give, typed alike, on SQLite and PostgreSQL (DATABASE_URL): an
assessment and a plan with hostile text and JSON, with an author and without, a reference
stored twice, no such item; a signer named by a hostile reference, by one the service
does not name.
"""

from __future__ import annotations

from datetime import date

import pytest

from casequality.cases.models import Assessment, Plan, Staff, StaffRole
from casequality.data.queues import item_row, item_row_orm, staff_name, staff_name_orm
from tests.web.factories import import_cases

from .test_reads import HOSTILE, typed

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    return import_cases(cast, refs=("N-0001",))["N-0001"]


def test_an_assessment_with_hostile_text_and_json_reads_as_the_orm_reads_it(cast, case):
    author = Staff.objects.create(service=case.service, ref=HOSTILE[4], name=HOSTILE[10], role=StaffRole.CASE_MANAGER)
    for number, text in enumerate(HOSTILE):
        Assessment.objects.create(
            case=case,
            ref=f"H{number}",
            date=date(2026, 11, 1),
            author=author,
            stage="start",
            rosh={"level": text, "said": [text, None, 1.5]},
            child_views=text,
            diversity_barriers=text,
            parent_contributed=bool(number % 2),
        )
    for number in range(len(HOSTILE)):
        read = item_row("cases.Assessment", case.pk, f"H{number}")
        assert read is not None and typed(read) == typed(item_row_orm("cases.Assessment", case.pk, f"H{number}"))
        assert read["author__name"] == HOSTILE[10]


def test_a_plan_without_an_author_reads_with_its_authors_columns_empty(case):
    Plan.objects.create(case=case, ref="P9", date=date(2026, 11, 2), type="intervention", objectives=[{"text": "x"}])
    read = item_row("cases.Plan", case.pk, "P9")
    assert read is not None and typed(read) == typed(item_row_orm("cases.Plan", case.pk, "P9"))
    assert read["author_id"] is None and read["author__id"] is None


def test_a_reference_stored_twice_reads_the_first_stored_and_none_reads_none(case):
    first = Plan.objects.create(case=case, ref="P7", date=date(2026, 11, 2), type="intervention")
    Plan.objects.create(case=case, ref="P7", date=date(2026, 11, 3), type="intervention")
    read = item_row("cases.Plan", case.pk, "P7")
    assert read is not None and read["id"] == first.pk == item_row_orm("cases.Plan", case.pk, "P7")["id"]
    assert item_row("cases.Plan", case.pk, "P-none") is None is item_row_orm("cases.Plan", case.pk, "P-none")


@pytest.mark.parametrize("ref", [*HOSTILE, "S1", "no such staff"])
def test_a_signers_name_by_reference_reads_as_the_orm_reads_it(cast, ref):
    service = cast.cm_a.staff.service
    if ref not in ("S1", "no such staff"):
        Staff.objects.create(service=service, ref=ref, name=f"Named {ref}", role=StaffRole.TEAM_MANAGER)
    assert staff_name(service.pk, ref) == staff_name_orm(service.pk, ref)
    assert (staff_name(service.pk, ref) is None) == (ref == "no such staff")
