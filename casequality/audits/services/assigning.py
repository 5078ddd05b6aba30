"""Assigning audit cases to inspectors and moderators, and replacing a case by a reserve."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.models import Audit, AuditCase
from casequality.audits.services.errors import AuditError


@transaction.atomic
def audit_cases_assign(
    *, audit: Audit, inspectors: dict[int, User | None], moderators: dict[int, User | None] | None = None
) -> None:
    """Assign each audit case (by AuditCase id) to an inspector, and optionally a moderator.

    Raises AuditError if a case is not in this audit, or a case's moderator is its inspector.
    """
    cases = {ac.id: ac for ac in audit.cases.select_related("case__case_manager", "inspector", "moderator")}
    problems = [
        f"case {ac_id}: not in this audit" for ac_id in [*inspectors, *(moderators or {})] if ac_id not in cases
    ]
    for ac_id, ac in cases.items():
        inspector = inspectors.get(ac_id, ac.inspector)
        moderator = (moderators or {}).get(ac_id, ac.moderator)
        if inspector is not None and moderator is not None and inspector.pk == moderator.pk:
            problems.append(f"{ac.case.ref}: the moderator must be someone other than the inspector")
        for marker, what in ((inspector, "inspector"), (moderator, "second marker")):
            if marker is not None and ac_id in ({**inspectors, **(moderators or {})}) and not may_mark(marker, ac):
                problems.append(
                    f"{ac.case.ref}: {marker.get_full_name() or marker.get_username()} cannot be its "
                    f"{what}: they manage the case or its case manager"
                )
    if problems:
        raise AuditError("The assignment was not saved", problems)
    for ac_id, ac in cases.items():
        if ac_id in inspectors:
            ac.inspector = inspectors[ac_id]
        if moderators and ac_id in moderators:
            ac.moderator = moderators[ac_id]
    AuditCase.objects.bulk_update(cases.values(), ["inspector", "moderator"])


def may_mark(person: User, audit_case: AuditCase) -> bool:
    """Whether the person may mark the case: not its case manager, nor the case manager's
    manager (an inspector never marks work they manage)."""
    manager = audit_case.case.case_manager
    staff_id = person.staff_id
    return staff_id is None or manager is None or staff_id not in (manager.pk, manager.manager_id)


@transaction.atomic
def audit_cases_assign_unassigned(
    *, audit: Audit, people: list[User], actor: User | None = None
) -> tuple[dict[int, User], list[AuditCase]]:
    """Share the sampled cases that have no inspector among `people`: one person takes them
    all; several are balanced, each case to whoever of them has fewest cases of the audit so
    far (ties in the order given), never to someone who manages the case or its case
    manager, nor to its second marker. Every other assignment is kept. Returns the new
    assignments by AuditCase id, and the cases no one of them could take."""
    if not people:
        raise AuditError("Choose at least one person to assign the cases to")
    sampled = list(audit.cases.filter(reserve=False).select_related("case__case_manager").order_by("position", "id"))
    load = {p.pk: sum(1 for ac in sampled if ac.inspector_id == p.pk) for p in people}
    assigned: dict[int, User] = {}
    left: list[AuditCase] = []
    for ac in sampled:
        if ac.inspector_id is not None:
            continue
        eligible = [p for p in people if may_mark(p, ac) and p.pk != ac.moderator_id]
        if not eligible:
            left.append(ac)
            continue
        chosen = min(eligible, key=lambda p: load[p.pk])  # min keeps the first of equals
        load[chosen.pk] += 1
        ac.inspector = chosen
        assigned[ac.pk] = chosen
    AuditCase.objects.bulk_update([ac for ac in sampled if ac.pk in assigned], ["inspector"])
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        case=None,
        service=audit.service,
        target=f"audit {audit.id}: {len(assigned)} cases assigned",
        actor_name=None if actor else "casequality (audit)",
    )
    return assigned, left


@transaction.atomic
def audit_inspector_access_end(*, audit: Audit, on: date) -> Audit:
    """End inspectors' and moderators' access to the audit on `on` (never later than already set).

    The QA lead may end it early; publishing the report ends it that day.
    """
    if audit.inspector_access_ends_on is None or on < audit.inspector_access_ends_on:
        audit.inspector_access_ends_on = on
        Audit.objects.filter(pk=audit.pk).update(inspector_access_ends_on=on)
    return audit


def audit_case_replace(*, audit_case: AuditCase, actor: User | None = None) -> AuditCase:
    """Replace a sampled case that cannot be audited by the next reserve of its stratum.

    The reserve keeps its place in the draw; the replaced case leaves the audit and the
    replacement is recorded in the sample's analysis. Returns the reserve now in the
    sample. Raises AuditError if the case has answers, is itself a reserve, or its
    stratum has no reserve left.
    """
    if audit_case.reserve:
        raise AuditError(f"{audit_case.case.ref} is a reserve case: only a sampled case can be replaced")
    if audit_case.answers.exists():
        raise AuditError(f"{audit_case.case.ref} has answers: a case already audited cannot be replaced")
    reserve = (
        AuditCase.objects.filter(audit=audit_case.audit, stratum=audit_case.stratum, reserve=True)
        .order_by("position", "id")
        .first()
    )
    if reserve is None:
        raise AuditError(f"No reserve case is left in the stratum of {audit_case.case.ref}")
    audit = audit_case.audit
    reserve.reserve = False
    reserve.inspector = reserve.inspector or audit_case.inspector
    reserve.moderator = reserve.moderator or audit_case.moderator
    if reserve.moderator_id is not None and reserve.moderator_id == reserve.inspector_id:
        reserve.moderator = None
    reserve.save(update_fields=["reserve", "inspector", "moderator"])
    analysis = dict(audit.sample_analysis or {})
    analysis["replaced"] = [*analysis.get("replaced", []), {"case": audit_case.case.ref, "by": reserve.case.ref}]
    for row in analysis.get("cases", []):
        if row["case"] == reserve.case.ref:
            row["reserve"] = False
    analysis["cases"] = [row for row in analysis.get("cases", []) if row["case"] != audit_case.case.ref]
    audit.sample_analysis = analysis
    audit.save(update_fields=["sample_analysis"])
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        case=audit_case.case,
        target=f"audit {audit.id}: replaced by reserve {reserve.case.ref}",
        actor_name=None if actor else "casequality (audit)",
    )
    audit_case.delete()
    return reserve
