"""The items returned and awaiting the case manager, kept (cases.ReturnedItem): written by
data.today.returned_items_refresh in the transaction of every import and act, they are
what countersignatures_standing works out from the record (the ORM twin), and the plain
statement writes what its ORM twin, oversight.today.returned_items_refresh_orm, writes;
through a return, the item sent back, returned again, a re-import and the case management
system's own return, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from casequality.cases.models import Assessment, Case, Event, Plan, ReturnedItem
from casequality.data import today as reads
from casequality.oversight.services import item_countersign, oversight_request
from casequality.oversight.today import countersignatures_standing, returned_items_refresh_orm
from tests.web.factories import import_cases

REFS = ("N-0001", "N-0002", "S-0001")


def _twin(cast) -> list[tuple]:
    """What the record says is returned and awaiting, by the ORM."""
    ids = Case.objects.filter(service=cast.service).values_list("pk", flat=True)
    return sorted(
        (c.case_id, c.subject_type, c.subject, c.on, c.by_name, c.comment)
        for c in countersignatures_standing(list(ids), returned_only=True)
        if c.awaits_case_manager
    )


def _kept(cast) -> list[tuple]:
    return reads.returned_kept(scope="services", scope_values=[cast.service.pk])


def _rows() -> list[tuple]:
    return sorted(ReturnedItem.objects.values_list("case_id", "kind", "ref", "item_id", "act_id", "returned_on"))


def _assessment(case: Case, ref: str = "A1") -> Assessment:
    return case.assessments.get(ref=ref)


@pytest.fixture
def cases(cast):
    return import_cases(cast, refs=REFS)


def test_nothing_is_kept_where_nothing_was_returned(cast, cases):
    assert _kept(cast) == _twin(cast) == []


def test_a_return_is_kept_with_who_returned_it_and_why(cast, cases):
    item_countersign(
        actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="Add <b>views</b>"
    )
    kept = _kept(cast)
    assert kept == _twin(cast)
    assert [(ref, kind, by, why) for _, kind, ref, _, by, why in kept] == [
        ("A1", "assessment", "Alex Brown", "Add <b>views</b>")
    ]


def test_an_item_sent_back_is_no_longer_kept(cast, cases):
    item = _assessment(cases["N-0001"])
    item_countersign(actor=cast.tm_north, item=item, outcome="returned", comment="Add views")
    oversight_request(actor=cast.cm_a, item=_assessment(cases["N-0001"]))
    assert _kept(cast) == _twin(cast) == []


def test_an_item_returned_sent_back_and_returned_again_is_kept_with_the_second_return(cast, cases):
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="First")
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        oversight_request(actor=cast.cm_a, item=_assessment(cases["N-0001"]))
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=True):
        item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="Second")
    kept = _kept(cast)
    assert kept == _twin(cast)
    assert [why for *_, why in kept] == ["Second"]


def test_an_item_returned_then_approved_is_no_longer_kept(cast, cases):
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="Redo")
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="approved")
    assert _kept(cast) == _twin(cast) == []


def test_a_re_import_keeps_the_return_people_made_on_the_new_rows(cast, cases):
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="Add views")
    before = _assessment(cases["N-0001"]).pk
    import_cases(cast, refs=REFS)
    kept = _kept(cast)
    assert kept == _twin(cast)
    assert [why for *_, why in kept] == ["Add views"]
    assert _assessment(cases["N-0001"]).pk != before
    assert ReturnedItem.objects.get().item_id == _assessment(cases["N-0001"]).pk


def test_a_return_in_the_case_management_systems_record_is_kept_until_it_asks_again(cast, cases):
    today = timezone.localdate()
    case = cases["S-0001"]
    Plan.objects.create(case=case, ref="P9", date=today, type="intervention", countersigned_date=today,
                        countersigned_by=cast.tm_south.staff, countersigned_outcome="returned",
                        countersigned_comment="More")  # fmt: skip
    reads.returned_items_refresh(case_ids=[case.pk])
    kept = _kept(cast)
    assert kept == _twin(cast)
    assert [(ref, by, why) for _, _, ref, _, by, why in kept] == [("P9", "Jo Green", "More")]
    Event.objects.create(case=case, ref="E9", date=today, type="oversight_request", extra={"subject": "P9"})
    reads.returned_items_refresh(case_ids=[case.pk])
    assert _kept(cast) == _twin(cast) == []


def test_the_plain_statement_writes_what_its_orm_twin_writes(cast, cases):
    today = timezone.localdate()
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="One")
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0002"]), outcome="returned", comment="Two")
    oversight_request(actor=cast.cm_a, item=_assessment(cases["N-0001"]))
    Plan.objects.create(case=cases["S-0001"], ref="P9", date=today, type="intervention", countersigned_date=today,
                        countersigned_outcome="returned")  # fmt: skip
    ids = list(Case.objects.values_list("pk", flat=True))
    reads.returned_items_refresh(case_ids=ids)
    plain = _rows()
    returned_items_refresh_orm(ids)
    assert _rows() == plain
    assert len(plain) == 2
    assert _kept(cast) == _twin(cast)


def test_the_migrations_fill_is_the_refresh_of_every_case(cast, cases):
    item_countersign(actor=cast.tm_north, item=_assessment(cases["N-0001"]), outcome="returned", comment="One")
    written = _rows()
    ReturnedItem.objects.all().delete()
    reads.returned_items_refresh(case_ids=list(Case.objects.values_list("pk", flat=True)))
    assert _rows() == written
