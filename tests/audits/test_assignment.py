"""Assignment at a glance (issue 24, item 5): every unassigned case to one person or shared
out evenly, never to someone who manages the case; a reserve replacing a case keeps every
other assignment; one count of the cases on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.accounts.models import User
from casequality.audits.models import AuditCase
from casequality.audits.services import (
    AuditError,
    audit_cases_assign,
    audit_cases_assign_unassigned,
)
from casequality.cases.models import Staff

from .factories import audit_sampled, page_version


@pytest.fixture
def audit(cast):
    return audit_sampled(cast, title="Assignments", cases=14, sample_size=9, buffer=34)


@pytest.fixture
def north_manager_as_marker(cast) -> User:
    """The QA lead, made case manager A's line manager."""
    Staff.objects.filter(pk=cast.cm_a.staff.pk).update(manager=cast.qa_lead.staff)
    return cast.qa_lead


def _sampled(audit) -> list[AuditCase]:
    return list(audit.cases.filter(reserve=False).select_related("case__case_manager").order_by("position"))


def test_every_unassigned_case_goes_to_the_one_person_chosen_and_assigned_cases_keep_their_inspector(cast, audit):
    first = _sampled(audit)[0]
    audit_cases_assign(audit=audit, inspectors={first.pk: cast.qa_lead})
    assigned, left = audit_cases_assign_unassigned(audit=audit, people=[cast.inspector], actor=cast.qa_lead)
    inspectors = {ac.pk: ac.inspector_id for ac in _sampled(audit)}
    assert inspectors[first.pk] == cast.qa_lead.pk
    assert all(i == cast.inspector.pk for pk, i in inspectors.items() if pk != first.pk) and not left
    assert len(assigned) == len(inspectors) - 1


def test_cases_shared_among_several_people_differ_by_at_most_one_each(cast, audit):
    audit_cases_assign_unassigned(audit=audit, people=[cast.inspector, cast.qa_lead], actor=cast.qa_lead)
    loads = [sum(1 for ac in _sampled(audit) if ac.inspector_id == p.pk) for p in (cast.inspector, cast.qa_lead)]
    assert sum(loads) == len(_sampled(audit)) and max(loads) - min(loads) <= 1


def test_no_one_is_given_a_case_whose_case_manager_they_manage(cast, audit, north_manager_as_marker):
    assigned, left = audit_cases_assign_unassigned(audit=audit, people=[north_manager_as_marker], actor=cast.qa_lead)
    north = {cast.cm_a.staff.pk}
    assert left and all(ac.case.case_manager_id in north for ac in left)
    assert all(ac.case.case_manager_id not in north for ac in _sampled(audit) if ac.pk in assigned)


def test_a_hand_assignment_to_someone_who_manages_the_case_is_refused(cast, audit, north_manager_as_marker):
    north_case = next(ac for ac in _sampled(audit) if ac.case.case_manager_id == cast.cm_a.staff.pk)
    with pytest.raises(AuditError) as error:
        audit_cases_assign(audit=audit, inspectors={north_case.pk: north_manager_as_marker})
    assert "they manage the case or its case manager" in error.value.problems[0]


def test_the_assign_page_assigns_every_unassigned_case_to_the_chosen_people(client, cast, audit):
    client.force_login(cast.qa_lead)
    url = reverse("audits:assign", kwargs={"pk": audit.pk})
    response = client.post(
        url,
        {"action": "assign_all", "people": [str(cast.inspector.pk)], "version": page_version(client, url)},
        follow=True,
    )
    assert f"{len(_sampled(audit))} cases assigned" in response.content.decode()
    assert all(ac.inspector_id == cast.inspector.pk for ac in _sampled(audit))


def test_replacing_a_case_with_a_reserve_keeps_every_other_choice_on_the_page(client, cast, audit):
    sampled = _sampled(audit)
    target, others = sampled[0], sampled[1:]
    audit_cases_assign(audit=audit, inspectors={target.pk: cast.inspector}, moderators={target.pk: cast.qa_lead})
    data = {f"inspector_{ac.pk}": str(cast.qa_lead.pk) for ac in others}
    data.update({f"moderator_{ac.pk}": "" for ac in others})
    data.update(
        {
            f"inspector_{target.pk}": str(cast.inspector.pk),
            f"moderator_{target.pk}": str(cast.qa_lead.pk),
            "replace": str(target.pk),
        }
    )
    client.force_login(cast.qa_lead)
    url = reverse("audits:assign", kwargs={"pk": audit.pk})
    data["version"] = page_version(client, url)
    response = client.post(url, data, follow=True)
    assert "The other assignments are saved" in response.content.decode()
    assert not AuditCase.objects.filter(pk=target.pk).exists()
    now = {ac.pk: ac for ac in _sampled(audit)}
    assert all(now[ac.pk].inspector_id == cast.qa_lead.pk for ac in others)
    reserve = next(ac for pk, ac in now.items() if pk not in {o.pk for o in others})
    assert (reserve.inspector_id, reserve.moderator_id) == (cast.inspector.pk, cast.qa_lead.pk)


def test_a_replacement_without_the_other_fields_changes_no_other_assignment(client, cast, audit):
    sampled = _sampled(audit)
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector for ac in sampled[1:]})
    client.force_login(cast.qa_lead)
    url = reverse("audits:assign", kwargs={"pk": audit.pk})
    client.post(url, {"replace": str(sampled[0].pk), "version": page_version(client, url)})
    assert all(
        ac.inspector_id == cast.inspector.pk
        for ac in _sampled(audit)
        if ac.pk != sampled[0].pk and ac.pk in {s.pk for s in sampled}
    )


def test_the_audit_page_and_the_assign_page_give_the_same_count_of_cases(client, cast, audit):
    client.force_login(cast.qa_lead)
    words = f"{len(_sampled(audit))} cases in the sample (0 assigned to an inspector, {len(_sampled(audit))} not yet)"
    for name in ("audits:detail", "audits:assign"):
        page = client.get(reverse(name, kwargs={"pk": audit.pk})).content.decode()
        assert words in page and "reserve cases to replace a sampled case" in page, name


def test_save_and_next_takes_the_inspector_to_their_next_case_in_draw_order(client, cast, audit):
    sampled = _sampled(audit)
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector for ac in sampled[:2]})
    client.force_login(cast.inspector)
    first = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": sampled[0].pk})
    assert f"Save and go to your next case ({sampled[1].case.ref})" in client.get(first).content.decode()
    response = client.post(first, {"answer-1.1": "yes", "next": "1", "version": page_version(client, first)})
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": sampled[1].pk})
