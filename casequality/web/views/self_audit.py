"""Self-audit: a case manager answers an audit framework's questions (the 2025 inspection's
by default, or any other) for one of their cases, pre-filled with what the record and the
rulebook suggest, as an audit's are; the manager agrees or disagrees with each answer;
agreement rates are shown to both."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casequality.accounts.models import AccessVerb, Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.roles import ROLES, Scope
from casequality.accounts.selectors import case_get_for_user, user_caseload_staff_id, user_service_ids, user_team_id
from casequality.accounts.services import access_log_page, access_log_record
from casequality.audits.frameworks import FrameworkError, audit_framework, framework_get, frameworks_all
from casequality.audits.services import suggestions_compute
from casequality.cases.models import Case
from casequality.data import reads
from casequality.oversight.models import Check, SelfAudit
from casequality.oversight.selectors import AgreementRate, self_audits_for_user
from casequality.oversight.services import AnswerInput, CheckInput, self_audit_check, self_audit_submit
from casequality.web import versions
from casequality.web.forms import SelfAuditCheckForm, SelfAuditForm

FRAMEWORK = "hmip-youth-2025"  # the framework a service is inspected on now


@page_permission("oversight.view_self_audits")
def overview(request: HttpRequest) -> HttpResponse:
    audits = list(self_audits_for_user(request.user)[:200])  # with their case and case manager
    access_log_page(actor=request.user, target="self-audits", cases=[a.case for a in audits])
    return render(
        request,
        "web/self_audit/overview.html",
        {
            "to_check": [a for a in audits if a.checked_at is None],
            "checked": [a for a in audits if a.checked_at is not None],
            "rates": agreement_rates(request.user),
            "is_case_manager": request.user.role == Role.CASE_MANAGER,
        },
    )


def agreement_rates(user) -> list[AgreementRate]:
    """oversight.selectors.agreement_rates by one plain read (data.reads.agreement_counts,
    beside its twin): for each case manager the user oversees (or themself), by name, the
    answers checked and those agreed with. Its two querysets, built and compiled on each
    request, were a quarter of the page's CPU."""
    scope, values = staff_scope(user)
    rows = reads.agreement_counts(scope, values, role=Role.CASE_MANAGER, agree=Check.AGREE)
    return [AgreementRate(*row) for row in rows]


def staff_scope(user) -> tuple[str, list[int]]:
    """accounts.selectors.staff_for_user's scope for data.reads (STAFF_SCOPES): the case
    manager's own staff record, a team manager's team, a QA lead's services; else none."""
    rights = ROLES.get(user.role) if user.is_authenticated and user.is_active else None
    scope = rights.scope if rights is not None else Scope.NONE
    if scope is Scope.CASELOAD:
        staff_id = user_caseload_staff_id(user)
        return "staff", [staff_id] if staff_id else []
    if scope is Scope.TEAM:
        team_id = user_team_id(user)
        return "team", [team_id] if team_id else []
    if scope is Scope.SERVICES:
        return "services", sorted(user_service_ids(user))
    return "staff", []


@page_permission("oversight.view_self_audits")
def new(request: HttpRequest, ref: str) -> HttpResponse:
    case = case_get_for_user(request.user, ref)
    if not request.user.has_perm("cases.self_audit", case):
        raise PermissionDenied("cases.self_audit")
    chosen = request.POST.get("framework") or request.GET.get("framework") or FRAMEWORK
    try:
        framework = framework_get(chosen)
    except FrameworkError:
        raise Http404("No such framework") from None
    suggestions = suggestions_compute(framework=framework, cases=Case.objects.filter(pk=case.pk)).get(case.pk, {})
    form = SelfAuditForm(
        request.POST if request.method == "POST" else None, questions=framework.questions, suggestions=suggestions
    )
    if request.method == "POST" and form.is_valid():
        answers = [AnswerInput(question=q, answer=a, reasons=r, note=n) for q, a, r, n in form.answers()]
        with transaction.atomic():
            versions.lock(Case, case.pk)  # one self-audit of a case at a time
            problem = versions.refusal(request, _self_audits_version(case), f"the self-audits of case {case.ref}")
            if problem:
                form.add_error(None, problem)
            else:
                try:
                    audit = self_audit_submit(actor=request.user, case=case, answers=answers, framework=framework.id)
                except ValidationError as error:
                    form.add_error(None, error.messages[0])
                else:
                    messages.success(request, f"Your self-audit of case {case.ref} has been sent to your manager")
                    return redirect("web:self_audit_detail", pk=audit.pk)
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target="self-audit form")
    return render(
        request,
        "web/self_audit/new.html",
        {
            "case": case,
            "form": form,
            "framework": framework,
            "version": _self_audits_version(case),
            "frameworks": frameworks_all(),
        },
    )


def _self_audits_version(case) -> str:
    return versions.counted(SelfAudit.objects.filter(case=case), "self-audits")


def _check_version(audit) -> str:
    return f"checked.{audit.checked_at.isoformat()}" if audit.checked_at else "unchecked"


@page_permission("oversight.view_self_audits")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = self_audits_for_user(request.user).filter(pk=pk).first()
    if audit is None:
        raise Http404("No such self-audit")
    answers = list(audit.answers.all())
    may_check = request.user.has_perm("cases.check_self_audit", audit.case)
    form = (
        SelfAuditCheckForm(request.POST if request.method == "POST" else None, answers=answers) if may_check else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("cases.check_self_audit")
        if form.is_valid():
            checks = [
                CheckInput(
                    answer_id=a.pk,
                    verdict=form.cleaned_data[f"verdict_{a.pk}"],
                    comment=form.cleaned_data[f"comment_{a.pk}"],
                )
                for a in answers
            ]
            with transaction.atomic():
                versions.lock(SelfAudit, audit.pk)
                audit.refresh_from_db(fields=["checked_at"])
                problem = versions.refusal(request, _check_version(audit), "this self-audit's check")
                if problem:
                    form.add_error(None, problem)
                else:
                    try:
                        self_audit_check(actor=request.user, self_audit=audit, checks=checks)
                    except ValidationError as error:
                        form.add_error(None, error.messages[0])
                    else:
                        messages.success(
                            request, f"Your check of the self-audit of case {audit.case.ref} has been saved"
                        )
                        return redirect("web:self_audit")
    try:
        framework = audit_framework(audit)
        texts = {q.id: q for q in framework.questions}
    except FrameworkError:  # a framework withdrawn since: show the ids alone
        texts = {}
    for answer in answers:
        question = texts.get(answer.question)
        answer.text = question.text if question else ""
        answer.reason_words = [question.reasons.get(r, r) if question else r for r in answer.reasons]
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=audit.case, target=f"self-audit {audit.pk}")
    return render(
        request,
        "web/self_audit/detail.html",
        {
            "audit": audit,
            "answers": answers,
            "form": form,
            "groups": list(form.groups()) if form is not None else [],
            "version": _check_version(audit),
        },
    )
