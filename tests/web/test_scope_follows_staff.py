"""A case manager's and team manager's scope come from the imported staff record."""

from __future__ import annotations

from casequality.accounts.models import User
from casequality.accounts.selectors import cases_for_user
from casequality.cases.services import interchange_import_document


def import_staff(world, changes: dict[str, dict | None]) -> None:
    """Re-import the cast's service with these staff entries changed (None: left the service)."""
    staff = []
    for entry in world.cast.staff_document():
        if entry["id"] in changes and changes[entry["id"]] is None:
            continue
        staff.append({**entry, **(changes.get(entry["id"]) or {})})
    service = world.cast.service
    interchange_import_document(
        {
            "format": "casequality/1",
            "service": {"code": service.code, "name": service.name},
            "staff": staff,
            "cases": [],
        }
    )


def refs(username: str) -> set[str]:
    return set(cases_for_user(User.objects.get(username=username)).values_list("ref", flat=True))


def test_a_team_manager_who_moves_team_sees_the_new_teams_cases_after_the_import(world):
    assert refs("tm_north") == {"N-0001", "N-0002"}
    import_staff(world, {"S9": {"team": "South"}})
    assert refs("tm_north") == {"S-0001"}


def test_a_case_manager_missing_from_the_import_loses_their_caseload(world):
    assert refs("cm_a") == {"N-0001"}
    import_staff(world, {"S1": None, "S2": {"manager": "S9"}})
    assert refs("cm_a") == set()


def test_a_case_manager_named_again_by_a_later_import_gets_their_caseload_back(world):
    import_staff(world, {"S1": None})
    import_staff(world, {})
    assert refs("cm_a") == {"N-0001"}


def test_a_staff_member_whose_recorded_role_changed_sees_nothing_until_their_role_is_changed(world):
    import_staff(world, {"S1": {"role": "team_manager"}})
    assert refs("cm_a") == set()


def test_a_team_set_by_hand_on_the_user_gives_no_scope(world):
    User.objects.filter(username="tm_north").update(team=world.cast.south)
    assert refs("tm_north") == {"N-0001", "N-0002"}


def test_after_publication_an_inspector_reads_the_audit_until_their_access_ends(client, world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from casequality.audits.models import Answer
    from casequality.reports.services import report_publish

    settings.CASEQUALITY_INSPECTOR_READ_DAYS = 28
    Answer.objects.create(audit_case=world.audit_case, question="Q1", answer="yes", auditor="inspector")
    report_publish(audit=world.audit, actor=world.cast.qa_lead)
    world.audit.refresh_from_db()
    assert world.audit.inspector_access_ends_on == timezone.localdate() + timedelta(days=28)
    assert refs("inspector") == {"S-0001"}
    client.force_login(world.cast.inspector)
    page = client.get(f"/audits/{world.audit.pk}/")
    assert page.status_code == 200 and "its answers can no longer change" in page.content.decode()


def test_once_an_inspectors_access_has_ended_the_audit_says_so_rather_than_not_found(client, world, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from casequality.audits.models import Answer
    from casequality.reports.services import report_publish

    settings.CASEQUALITY_INSPECTOR_READ_DAYS = 28
    Answer.objects.create(audit_case=world.audit_case, question="Q1", answer="yes", auditor="inspector")
    report_publish(audit=world.audit, actor=world.cast.qa_lead)
    ended = timezone.localdate() + timedelta(days=28)
    with time_machine.travel(timezone.now() + timedelta(days=28)):
        client.force_login(world.cast.inspector)
        assert refs("inspector") == set()
        page = client.get(f"/audits/{world.audit.pk}/")
        case_page = client.get(f"/audits/{world.audit.pk}/cases/{world.audit_case.pk}/")
    assert page.status_code == 403 and case_page.status_code == 403
    assert f"access to it ended on {ended:%-d %B %Y}" in page.content.decode()


def test_an_inspectors_access_ends_on_the_date_the_qa_lead_set(world):
    from datetime import timedelta

    from django.utils import timezone

    from casequality.audits.services import audit_inspector_access_end

    audit_inspector_access_end(audit=world.audit, on=timezone.localdate() + timedelta(days=1))
    assert refs("inspector") == {"S-0001"}
    audit_inspector_access_end(audit=world.audit, on=timezone.localdate())
    assert refs("inspector") == set()
