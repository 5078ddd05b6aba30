"""Turn a database `casequality demo --no-serve` built into a service's database as deployed.

Run as a process of its own against the production profile's database (the production
settings, not tests/settings.py): the demo mark goes (no banner, no password-only demo
logins), each login gets a long password and a confirmed authenticator app whose key the
test knows (so it signs in as a person does: password, then the code), and the service
gets an API token. Prints what the test needs as JSON.
"""

from __future__ import annotations

import json
import secrets

import django

django.setup()

from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from casequality.accounts.models import DemoMark, User  # noqa: E402
from casequality.api.services import api_token_create  # noqa: E402

PASSWORD = "production-profile-" + secrets.token_urlsafe(16)

with transaction.atomic():
    DemoMark.objects.all().delete()
    users = {}
    for user in User.objects.order_by("username"):
        User.objects.filter(pk=user.pk).update(is_demo_login=False)
        user.refresh_from_db()
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        key = secrets.token_hex(20)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="Production profile", key=key, confirmed=True)
        users[user.username] = {"key": key, "role": user.role, "service": user.service_id}
    service = User.objects.get(username="team-manager").service
    _, token = api_token_create(service=service, name="production profile")
    # Work of every kind the pages show, so that each page has something to show: a
    # supervision sample, a self-audit, an audit with a case for the inspector, a plan action.
    from datetime import date

    from casequality.audits.answers import AnswerInput
    from casequality.audits.models import AuditCase
    from casequality.audits.services import audit_create
    from casequality.oversight.services import self_audit_submit, supervision_sample_draw
    from casequality.reports.services import ActionInput, plan_action_create

    case_manager, team_manager = User.objects.get(username="case-manager"), User.objects.get(username="team-manager")
    qa_lead, inspector = User.objects.get(username="qa-lead"), User.objects.get(username="inspector")
    supervision_sample_draw(actor=team_manager, case_manager=case_manager.staff, size=2, seed=7)
    own_case = case_manager.staff.cases.order_by("ref").first()
    self_audit_submit(
        actor=case_manager,
        case=own_case,
        answers=[
            AnswerInput(question="1.2", answer="yes", reasons=[]),
            AnswerInput(question="2.1", answer="no", reasons=["full_assessment_missing"]),
        ],
    )
    audit = audit_create(service=service, framework_id="sqs-2013", title="Production profile audit", actor=qa_lead)
    other_case = service.cases.exclude(case_manager=case_manager.staff).order_by("ref").first()
    AuditCase.objects.create(audit=audit, case=other_case, inspector=inspector)
    plan_action_create(
        service=service,
        actor=qa_lead,
        data=ActionInput(
            title="Countersign assessments on time",
            due=date(2027, 3, 31),
            owner_staff=team_manager.staff,
            rule="OVS-001",
            audit_framework="sqs-2013",
            audit_question="1.2",
        ),
    )

print(json.dumps({"password": PASSWORD, "users": users, "api_token": token}))
