"""The oversight services check who acts, whatever page (or command) calls them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from casequality.cases.models import Assessment
from casequality.oversight.services import (
    finding_note_add,
    item_countersign,
    manager_entry_record,
    sample_draw_cases,
    supervision_sample_draw,
)


def test_the_same_seed_draws_the_same_sample_and_another_seed_may_not(world):
    cases = list(world.cases.values())
    assert sample_draw_cases(cases, size=2, seed=11) == sample_draw_cases(list(reversed(cases)), size=2, seed=11)
    draws = {tuple(c.ref for c in sample_draw_cases(cases, size=2, seed=s)) for s in range(20)}
    assert len(draws) > 1


def test_a_case_manager_may_not_countersign(world):
    item = Assessment.objects.get(case=world.cases["N-0001"], ref="A1")
    with pytest.raises(PermissionDenied):
        item_countersign(actor=world.cast.cm_b, item=item, outcome="approved")


def test_another_teams_manager_may_not_make_a_manager_entry(world):
    with pytest.raises(PermissionDenied):
        manager_entry_record(actor=world.cast.tm_south, case=world.cases["N-0001"], text="Seen.")


def test_only_the_cases_own_manager_answers_its_findings(world):
    with pytest.raises(PermissionDenied):
        finding_note_add(actor=world.cast.cm_b, finding=world.cm_finding, text="Not mine.")


def test_a_team_manager_may_not_sample_another_teams_case_manager(world):
    with pytest.raises(PermissionDenied):
        supervision_sample_draw(actor=world.cast.tm_south, case_manager=world.cast.cm_a.staff, size=2)
