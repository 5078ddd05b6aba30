"""Emails at once: to the case manager when a manager returns their work, and to the manager
when a case manager asks for their countersignature (docs/decisions/0042-email.md).

oversight.services enqueues `act_email` in the transaction that records the act, so the
task's row commits with the act or not at all (the outbox, casequality/tasks/). The email
names the case by its reference and the child by initials, says what kind of item and
links to it: never the child's name, nor the return's reason (it stays in Casequality).
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from casequality.accounts.models import User
from casequality.cases.models import Act, ActKind
from casequality.notifications.models import EmailKind
from casequality.notifications.services import email_claim, email_render, email_send_after_commit, link, wants
from casequality.oversight.today import child_initials, day_words


def act_recipients(act: Act) -> tuple[str, list[User]]:
    """Whom an act concerns: (kind of email, people). A return goes to whoever wrote the
    item (else the case's case manager); a request to the requester's manager (else the
    case manager's)."""
    case = act.case
    if act.kind == ActKind.COUNTERSIGNATURE and act.outcome == "returned":
        model = case.assessments if act.subject_type == "assessment" else case.plans
        author_id = model.filter(ref=act.subject_ref).values_list("author_id", flat=True).first()
        staff_id = author_id or case.case_manager_id
        return EmailKind.RETURNED, list(User.objects.filter(staff_id=staff_id, is_active=True)) if staff_id else []
    if act.kind == ActKind.OVERSIGHT_REQUEST:
        requester = act.by or case.case_manager
        manager_id = requester.manager_id if requester else None
        return EmailKind.REQUESTED, list(User.objects.filter(staff_id=manager_id, is_active=True)) if manager_id else []
    return "", []


@task
def act_email(act_id: int) -> int:
    """Email the people an act concerns (a return, a request for countersignature), once
    each; returns how many were claimed for sending."""
    act = Act.objects.filter(pk=act_id).select_related("case", "by").first()
    if act is None:
        return 0
    kind, people = act_recipients(act)
    claimed = 0
    with transaction.atomic():
        for person in people:
            if not wants(person, "at_once"):
                continue
            claim = email_claim(user=person, kind=kind, about=f"act:{act.pk}", actions=1)
            if claim is None:
                continue
            context = {
                "case_ref": act.case.ref,
                "initials": child_initials(act.case.child_name),
                "item": act.subject_type,
                "day": day_words(act.date),
                "case_url": link("web:case_detail", ref=act.case.ref),
                "item_url": link(
                    "web:oversight_item", ref=act.case.ref, kind=act.subject_type, item_ref=act.subject_ref
                )
                if act.subject_ref
                else link("web:oversight"),
            }
            email_send_after_commit(claim, email_render(person.email, kind, context))
            claimed += 1
    return claimed
