"""The audit pages: create, sample, assign, answer (with the case record beside), moderate.

Views are thin: the writes are audits/services.py, the reads audits/selectors.py.
"""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, JSONField, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from casequality.accounts.models import AccessVerb, Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.services import access_log_page, access_log_record
from casequality.audits.forms import (
    AnswersForm,
    AssignAllForm,
    AssignForm,
    AuditCreateForm,
    JudgedRatingsForm,
    SettleForm,
    questions_shown,
)
from casequality.audits.frameworks import audit_framework
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.recheck import rechecks_of
from casequality.audits.results import audit_results
from casequality.audits.sampling import EXCLUSION_REASONS, STRATUM_LABELS, SamplingError
from casequality.audits.selectors import (
    answers_version,
    answers_version_of,
    assignments_version,
    audit_case_and_answers,
    audit_case_counts,
    audit_cases_with_progress,
    audit_get_for_user,
    audit_people,
    audit_taken_part_in,
    audits_for_user,
    audits_version,
    case_counts_of,
    marking_for,
    next_case_for,
    ratings_version,
    report_published,
    settled_version,
    who_assigns_audits,
)
from casequality.audits.services import (
    AnswerInput,
    AuditError,
    audit_case_answers_save,
    audit_case_replace,
    audit_cases_assign,
    audit_cases_assign_unassigned,
    audit_create,
    audit_judged_ratings_save,
    audit_sample_draw,
    disagreement_settle,
)
from casequality.cases import versions
from casequality.cases.acts import SUBJECT_LISTS, effective_record
from casequality.cases.models import Case
from casequality.data import reads
from casequality.standards.models import Kind


@page_permission("audits.view_audits")
def audit_list(request: HttpRequest) -> HttpResponse:
    # The sample alone, as the audit page counts it (audit_case_counts); reserves apart.
    audits = list(audits_for_user(request.user).annotate(sampled=Count("cases", filter=Q(cases__reserve=False))))
    may_manage = request.user.has_perm("audits.manage_audit")
    to_recheck = sum(len(r.to_recheck) for r in rechecks_of(audits)) if may_manage else 0
    return render(
        request,
        "audits/audit_list.html",
        {
            "audits": audits,
            "may_manage": may_manage,
            "to_recheck": to_recheck,
        },
    )


@page_permission("audits.view_marking")
def marking(request: HttpRequest) -> HttpResponse:
    """An inspector's home: their assigned cases by audit, what is left to mark, what is
    marked and the second marking asked of them, each with its form (decision 0049)."""
    audits = marking_for(request.user)
    refs = [ref for group in audits for ref in group.case_refs]
    if refs:
        access_log_page(actor=request.user, target="marking page", cases=refs)
    # The audits' lists by Jinja2 (audits/jinja2/audits/marking_audits.html): the Django
    # template language cost half the page's CPU on 115 cases, reverse() once a case a fifth
    # (decision 0057). A case's form is the audit's address around the assignment's id, so
    # it is reversed once an audit with 9 for the id (the route ends `<case_pk>/`: the last
    # 9 is the id's) and each id put where the 9 was.
    groups = []
    for group in audits:
        start, _, end = reverse("audits:case", kwargs={"pk": group.audit.pk, "case_pk": 9}).rpartition("9")
        groups.append((group, reverse("audits:detail", kwargs={"pk": group.audit.pk}), start, end))
    lists = render_to_string("audits/marking_audits.html", {"audits": groups}, using="jinja2")
    return render(
        request,
        "audits/marking.html",
        {
            "audits": audits,
            # Jinja2 escaped every value it put in (autoescape on): its output is placed as it is.
            "audits_html": mark_safe(lists),  # noqa: S308 - escaped
            "assigners": [] if audits else list(who_assigns_audits(request.user)),
        },
    )


@page_permission("audits.manage_audit")
def audit_recheck(request: HttpRequest) -> HttpResponse:
    """The answers given before the form's fix to questions whose fields collided with a
    neighbour's (decision 0032), by audit, for the QA lead to send to their inspectors."""
    rechecks = rechecks_of(audits_for_user(request.user).select_related("service"))
    access_log_page(
        actor=request.user,
        target="audits: answers to recheck",
        cases=sorted({i.case_ref for r in rechecks for i in r.items}),
    )
    return render(
        request,
        "audits/audit_recheck.html",
        {
            "rechecks": rechecks,
            "pending": sum(len(r.to_recheck) for r in rechecks),
        },
    )


@page_permission("audits.manage_audit")
def audit_new(request: HttpRequest) -> HttpResponse:
    form = AuditCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        service = request.user.service
        if service is None:
            form.add_error(None, "Your account has no service: ask an administrator to set one")
        else:
            try:
                with transaction.atomic():
                    versions.lock(type(service), service.pk)  # one new audit of a service at a time
                    problem = versions.refusal(request, audits_version(service), "the service's audits")
                    if problem:
                        raise AuditError(problem)
                    audit = audit_create(
                        service=service,
                        framework_id=d["framework"],
                        title=d["title"],
                        actor=request.user,
                        sample_size=d["sample_size"],
                        buffer=d["buffer"] or 0,
                        seed=d["seed"],
                        max_per_case_manager=d["max_per_case_manager"],
                        as_of=d["as_of"],
                        fieldwork_start=d["fieldwork_start"],
                        fieldwork_end=d["fieldwork_end"],
                    )
            except AuditError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Audit ‘{audit.title}’ created: now draw its sample")
                return redirect("audits:detail", pk=audit.pk)
    service = request.user.service
    return render(
        request,
        "audits/audit_new.html",
        {"form": form, "version": audits_version(service) if service is not None else "none"},
    )


def _tasks(audit, cases, framework) -> list[tuple[str, str, str | None]]:
    """The task list: (task, status, url name) in the order a QA lead works, from every
    case of the audit (audit_cases_with_progress) and its framework."""
    sample = [c for c in cases if not c.reserve]
    n_questions = len(framework.questions)
    started = any(c.answered for c in cases)  # an inspector's answer to any case, reserves included
    assigned = sample and all(c.inspector_id for c in sample)
    answered = sample and all(c.answered >= n_questions for c in sample)
    moderated = any(c.moderated for c in cases)
    published = report_published(audit)
    return [
        ("Choose the framework", "Completed", None),
        ("Draw the sample", "Completed" if sample else "Not yet started", "audits:sample"),
        (
            "Assign cases to inspectors",
            "Completed" if assigned else ("In progress" if sample else "Cannot start yet"),
            "audits:assign",
        ),
        (
            "Answer the questions",
            "Completed" if answered else ("In progress" if started else "Not yet started"),
            None,
        ),
        ("Moderate (double-mark some cases)", "Completed" if moderated else "Optional", "audits:moderation"),
        *(
            [
                (
                    "Write the strategic self-assessment of each standard",
                    _written(audit, framework.self_assessment),
                    "audits:self_assessment",
                )
            ]
            if framework.self_assessment
            else []
        ),
        *(
            [
                (
                    "Rate the standards judged from other evidence",
                    "Completed"
                    if all(j.id in (audit.judged_ratings or {}) for j in framework.judged_standards)
                    else ("In progress" if audit.judged_ratings else "Not yet started"),
                    "audits:judged",
                )
            ]
            if framework.judged_standards
            else []
        ),
        (
            "Edit and publish the report",
            "Completed" if published else ("In progress" if started else "Cannot start yet"),
            "reports:detail",
        ),
    ]


def _written(audit, layout) -> str:
    """How far the service has written its strategic self-assessment (decision 0055)."""
    written = audit.standard_assessments.exclude(strategic="").count()
    return "Completed" if written >= len(layout.standards) else ("In progress" if written else "Not yet started")


def _stratum_label(name: str) -> str:
    if name.startswith("victims/"):
        return f"Victims' case: {STRATUM_LABELS.get(name.removeprefix('victims/'), name)}"
    return STRATUM_LABELS.get(name, name)


def _refused(request: HttpRequest, audit, current, what: str) -> str | None:
    """Under a lock on the audit: the refusal of a POST not based on `current()`, else None."""
    versions.lock(Audit, audit.pk)
    return versions.refusal(request, current(), what)


def _access_ended(request: HttpRequest, pk: int) -> HttpResponse:
    """For someone who took part in an audit they may no longer open: a page saying when
    their access ended, never a 404 (anyone else gets the 404 of an absent audit)."""
    audit = audit_taken_part_in(request.user, pk)
    if audit is None:
        raise Http404("No such audit")
    return render(request, "audits/audit_access_ended.html", {"audit": audit}, status=403)


def _percent(value) -> str:
    """A share as a whole percentage, as Django's `{% widthratio share 1 100 %}` wrote it."""
    try:
        return str(round(float(value) / 1.0 * 100))
    except (ValueError, TypeError, OverflowError):
        return ""


@page_permission("audits.view_audits")
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        audit = audit_get_for_user(request.user, pk)
    except Http404:
        return _access_ended(request, pk)
    user = request.user
    cases = audit_cases_with_progress(audit, user=user)
    access_log_page(actor=user, target=f"audit {audit.pk}", cases=[ac.case_ref for ac in cases], service=audit.service)
    framework = audit_framework(audit)
    analysis = audit.sample_analysis or {}
    # A framework's sample has many strata: those empty on the long list are left out.
    strata = [
        dict(
            s,
            label=_stratum_label(s["name"]),
            share_percent=_percent(s.get("share")),
            sample_share_percent=_percent(s.get("sample_share")),
        )
        for s in analysis.get("strata", [])
        if s["long_list"] or not analysis.get("framework")
    ]
    excluded = [dict(e, words=EXCLUSION_REASONS.get(e["reason"], e["reason"])) for e in analysis.get("excluded", [])]
    victims = analysis.get("victims")
    victim_refs = {row["case"] for row in victims["cases"]} if victims else set()
    labels = [
        _stratum_label(ac.stratum)
        + ("; and a victims' case" if ac.case_ref in victim_refs and not ac.stratum.startswith("victims/") else "")
        for ac in cases
    ]
    if victims:
        victims = dict(
            victims,
            strata=[dict(s, label=_stratum_label(s["name"])) for s in victims["strata"] if s["long_list"]],
            excluded=[dict(e, words=EXCLUSION_REASONS.get(e["reason"], e["reason"])) for e in victims["excluded"]],
        )
    may_manage = user.has_perm("audits.manage_audit")
    # The page's content by Jinja2 (audits/jinja2/audits/audit_detail_content.html, its
    # table's rows audit_cases_rows.html) inside the Django layout: the Django template
    # language over the sample and 115 cases cost most of the page's CPU. A case's form is
    # the audit's address around the assignment's id, reversed once with 9 for the id (the
    # route ends `<case_pk>/`: the last 9 is the id's), as the inspector's home does.
    start, _, end = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": 9}).rpartition("9")
    tasks = _tasks(audit, cases, framework) if user.role == Role.QA_LEAD else []
    content = render_to_string(
        "audits/audit_detail_content.html",
        {
            "audit": audit,
            "framework": framework,
            "links": {
                name: reverse(f"audits:{name}", kwargs={"pk": audit.pk})
                for name in ("self_assessment", "assign", "sample")
            },
            "tasks": [
                (task, status, reverse(url_name, kwargs={"pk": audit.pk}) if url_name else None)
                for task, status, url_name in tasks
            ],
            "analysis": analysis,
            "strata": strata,
            "assumed": framework.sampling_assumptions() if strata else [],
            "excluded": excluded,
            "victims": victims,
            # An inspector's list is their own cases: the audit's counts are read apart.
            "counts": audit_case_counts(audit) if user.role == Role.INSPECTOR else case_counts_of(cases),
            "cases": [(ac, label, f"{start}{ac.id}{end}") for ac, label in zip(cases, labels, strict=True)],
            "may_manage": may_manage,
            "user_id": user.pk,
            "n_questions": len(framework.questions),
        },
        using="jinja2",
    )
    return render(
        request,
        "audits/audit_detail.html",
        # Jinja2 escaped every value it put in (autoescape on): its output is placed as it is.
        {"audit": audit, "content_html": mark_safe(content)},  # noqa: S308 - escaped
    )


@page_permission("audits.manage_audit")
def audit_sample(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                problem = _refused(request, audit, lambda: assignments_version(audit), "the sample")
                if problem:
                    raise AuditError(problem)
                audit_sample_draw(audit=audit, actor=request.user)
        except (AuditError, SamplingError) as exc:
            error = str(exc)
        else:
            messages.success(request, f"Sample drawn: {audit.sample_size} cases (seed {audit.seed})")
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit_sample.html",
        {
            "audit": audit,
            "error": error,
            "as_of": audit.as_of or timezone.localdate(),
            "framework": audit_framework(audit),
            "answered": Answer.objects.filter(audit_case__audit=audit).exists(),
            "version": assignments_version(audit),
        },
    )


@page_permission("audits.manage_audit")
def audit_assign(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, pk)
    audit_cases = list(audit.cases.select_related("case", "inspector", "moderator"))
    if not audit_cases:
        messages.success(request, "Draw the sample before assigning cases")
        return redirect("audits:detail", pk=audit.pk)
    people = list(audit_people(audit))
    posted = request.method == "POST"
    action = (request.POST.get("action") or ("replace" if "replace" in request.POST else "save")) if posted else None
    form = AssignForm(request.POST if action in ("save", "replace") else None, audit_cases=audit_cases, people=people)
    all_form = AssignAllForm(request.POST if action == "assign_all" else None, people=people)
    if action == "assign_all" and all_form.is_valid():
        try:
            with transaction.atomic():
                problem = _refused(request, audit, lambda: assignments_version(audit), "the assignments")
                if problem:
                    raise AuditError(problem)
                assigned, left = audit_cases_assign_unassigned(
                    audit=audit, people=all_form.chosen(), actor=request.user
                )
        except AuditError as exc:
            all_form.add_error("people", str(exc))
        else:
            text = f"{len(assigned)} case{'s' if len(assigned) != 1 else ''} assigned"
            if left:
                text += (
                    f"; {len(left)} could not be, as everyone chosen manages the case or its case manager: "
                    + ", ".join(ac.case.ref for ac in left)
                )
            messages.success(request, text)
            return redirect("audits:assign", pk=audit.pk)
    elif action in ("save", "replace") and form.is_valid():
        # The assignments on the page are saved first, whichever button was pressed: a
        # replacement never loses what was chosen for the other cases.
        by_pk = {str(u.pk): u for u in people}
        d = form.cleaned_data
        target = None
        if action == "replace":
            target = next((ac for ac in form.audit_cases if str(ac.pk) == request.POST.get("replace")), None)
            if target is None:
                raise Http404("No such case in this audit")
        try:
            with transaction.atomic():  # both or neither: a failed replacement keeps the page's choices unsaved
                problem = _refused(request, audit, lambda: assignments_version(audit), "the assignments")
                if problem:
                    raise AuditError(problem, [problem])
                # Only the cases whose choices were sent: a field left out changes nothing.
                audit_cases_assign(
                    audit=audit,
                    inspectors={
                        ac.pk: by_pk.get(d[f"inspector_{ac.pk}"])
                        for ac in form.audit_cases
                        if f"inspector_{ac.pk}" in request.POST
                    },
                    moderators={
                        ac.pk: by_pk.get(d[f"moderator_{ac.pk}"])
                        for ac in form.audit_cases
                        if f"moderator_{ac.pk}" in request.POST
                    },
                )
                if target is not None:
                    target.refresh_from_db()
                    reserve = audit_case_replace(audit_case=target, actor=request.user)
        except AuditError as exc:
            for problem in exc.problems or [str(exc)]:
                form.add_error(None, problem)
        else:
            if target is not None:
                messages.success(
                    request,
                    f"Case {target.case.ref} replaced by reserve case {reserve.case.ref}. "
                    "The other assignments are saved.",
                )
                return redirect("audits:assign", pk=audit.pk)
            messages.success(request, "Cases assigned")
            return redirect("audits:detail", pk=audit.pk)
    access_log_page(
        actor=request.user,
        target=f"audit {audit.pk}: assignments",
        cases=[ac.case for ac in audit_cases],
        service=audit.service,
    )
    return render(
        request,
        "audits/audit_assign.html",
        {
            "audit": audit,
            "form": form,
            "all_form": all_form,
            "counts": audit_case_counts(audit),
            "version": assignments_version(audit),
            "reserves": [ac for ac in audit_cases if ac.reserve],
        },
    )


@cache
def _panel_unread() -> tuple[str, ...]:
    """The case's JSON lists the answer form's panel does not show (all but its out-of-court
    outcomes and victims), by the documented `_meta` API: left unread with the case."""
    return tuple(
        f.name
        for f in Case._meta.get_fields()
        if isinstance(f, JSONField) and f.name not in ("out_of_court", "victims")
    )


def _countersigned(assessments: list[dict], plans: list[dict], acts: list[dict]) -> set[tuple[str, str]]:
    """(kind, reference) of each assessment and plan countersigned, as the rulebook reads
    the record (cases.acts.effective_record): by the CMS's record or by an act of
    Casequality's that stands (not corrected; the CMS's own when it carries it too)."""

    def signature(row: dict) -> dict | None:
        if not row["countersigned_outcome"]:  # no outcome: never countersigned
            return None
        return {
            "by": row["countersigned_by__ref"],
            "date": row["countersigned_date"],
            "outcome": row["countersigned_outcome"],
        }

    record = {
        "assessments": [{"id": row["ref"], "countersigned": signature(row)} for row in assessments],
        "plans": [{"id": row["ref"], "countersigned": signature(row)} for row in plans],
        "acts": [
            {
                "id": act["ref"],
                "kind": act["kind"],
                "subject_type": act["subject_type"],
                "subject": act["subject_ref"] or None,
                "by": act["by_ref"],
                "date": act["date"],
                "outcome": act["outcome"] or None,
                "text": act["text"],
                "corrects": act["corrects__ref"],
            }
            for act in acts
        ],
    }
    merged = effective_record(record)
    return {(kind, r["id"]) for kind, key in SUBJECT_LISTS.items() for r in merged[key] if r.get("countersigned")}


def _case_panel(case: Case) -> dict:
    """What the form shows of the case record beside the questions, by the case page's
    plain reads (data/reads.py, decision 0062) of what it shows, sent together
    (reads.case_panel: one round trip on PostgreSQL): the orders as held, the
    assessments, plans and events by date (then as held), each assessment and plan marked
    countersigned where the CMS's record or Casequality's acts (cases.acts) say it is, and
    the open findings by rule. The case itself (with its case manager) is the one the view
    read."""
    record = reads.case_panel(case.pk)
    orders, assessments, plans, events = (record[key] for key in reads.PANEL_RECORDS)
    signed = _countersigned(assessments, plans, record["acts"])

    def by_date(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda row: row["date"])  # a stable sort: as held within a day

    dated = [{**a, "is_countersigned": ("assessment", a["ref"]) in signed} for a in by_date(assessments)]
    findings = [f for f in record["findings"] if f["resolved_on"] is None and f["kind"] == Kind.FINDING]
    return {
        "case": case,
        "orders": orders,
        "latest": dated[-1] if dated else None,
        "assessments": dated,
        "plans": [{**p, "is_countersigned": ("plan", p["ref"]) in signed} for p in by_date(plans)],
        "events": by_date(events),
        "findings": sorted(findings, key=lambda f: (f["rule"], f["id"])),
    }


def _panel_html(case: Case) -> str:
    """The case record beside the questions (`_case_panel`) by Jinja2
    (audits/jinja2/audits/case_panel.html), for the Django page to place as it is: Jinja2
    escaped every value it put in (autoescape on)."""
    panel = {"panel": _case_panel(case), "record": reverse("web:case_detail", args=[case.ref])}
    return mark_safe(render_to_string("audits/case_panel.html", panel, using="jinja2"))  # noqa: S308 - escaped


@page_permission("audits.view_audits")
def audit_case_answer(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    try:
        audit = audit_get_for_user(request.user, pk, with_sample=False)
    except Http404:
        return _access_ended(request, pk)
    moderation = request.GET.get("as") == "moderator"
    # The audit read above is the assignment's (its frozen framework's JSON decoded once);
    # the assignment and the marker's answers come in one round trip.
    audit_case, given = audit_case_and_answers(audit, case_pk, moderation, leave_unread=_panel_unread())
    if audit_case is None:
        raise Http404("No such case in this audit")
    user = request.user
    if user.role != Role.QA_LEAD:
        allowed = audit_case.moderator_id == user.pk if moderation else audit_case.inspector_id == user.pk
        if not allowed:
            raise Http404("This case is not assigned to you")
    framework = audit_framework(audit)
    existing = {a.question: a for a in given}
    frozen = audit.answers_frozen_at is not None
    access_log_record(
        actor=user,
        verb=AccessVerb.VIEW,
        case=audit_case.case,
        target=f"audit {audit.pk} form" + (" (moderation)" if moderation else "") + (" (read only)" if frozen else ""),
    )
    if frozen:
        # The report is published: the answers are read, never changed (a POST changes nothing).
        if request.method == "POST":
            messages.warning(
                request, "Nothing was saved: this audit's report is published, its answers can no longer change"
            )
        return render(
            request,
            "audits/audit_case_read.html",
            {
                "audit": audit,
                "audit_case": audit_case,
                "moderation": moderation,
                "panel_html": _panel_html(audit_case.case),
                "answers": [
                    (
                        q,
                        existing.get(q.id),
                        [q.reasons.get(r, r) for r in (existing[q.id].reasons if q.id in existing else [])],
                    )
                    for q in framework.questions
                ],
            },
        )
    following = next_case_for(user, audit_case, moderation=moderation) if user.role != Role.QA_LEAD else None
    # The form's 51 Django fields are made only to validate what is sent: a GET shows the
    # questions from the answers and suggestions themselves (questions_shown, held equal to
    # the form's shown() by tests/audits/test_answer_form_shown.py).
    form = (
        AnswersForm(
            request.POST, questions=framework.questions, initial_answers=existing, suggestions=audit_case.suggestions
        )
        if request.method == "POST"
        else None
    )
    if form is not None and form.is_valid():
        answers = [AnswerInput(q, a, r, n) for q, a, r, n in form.answers()]
        try:
            with transaction.atomic():
                problem = _refused(
                    request,
                    audit,
                    lambda: answers_version(audit_case, moderation),
                    f"the answers for case {audit_case.case.ref}",
                )
                if problem:
                    raise AuditError(problem, [problem])
                audit_case_answers_save(audit_case=audit_case, answers=answers, actor=user, moderation=moderation)
        except AuditError as error:
            for problem in error.problems or [str(error)]:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                f"Your answers for case {audit_case.case.ref} have been saved "
                f"({len(answers)} of {len(framework.questions)} questions)",
            )
            if "next" in request.POST and following is not None:
                url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": following.id})
                return redirect(url + ("?as=moderator" if moderation else ""))
            if "next" in request.POST and user.has_perm("audits.view_marking"):
                return redirect("audits:marking")  # nothing left to mark here: back to their home
            return redirect("audits:detail", pk=audit.pk)
    # The questions by Jinja2 (audits/jinja2/audits/answer_questions.html): the Django template
    # language over their 51 fields cost most of the page's CPU (decision 0059).
    shown = (
        form.shown()
        if form is not None
        else questions_shown(framework.questions, initial_answers=existing, suggestions=audit_case.suggestions)
    )
    questions = render_to_string("audits/answer_questions.html", {"questions": shown}, using="jinja2")
    return render(
        request,
        "audits/audit_case_answer.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            # Jinja2 escaped every value it put in (autoescape on): its output is placed as it is.
            "questions_html": mark_safe(questions),  # noqa: S308 - escaped
            "framework": framework,
            "moderation": moderation,
            "panel_html": _panel_html(audit_case.case),
            "following": following,
            # The answers as they stand: read again after a POST (another save may have been
            # refused for them); the answers just read otherwise (decision 0059).
            "version": answers_version(audit_case, moderation)
            if request.method == "POST"
            else answers_version_of(given),
        },
    )


@page_permission("audits.manage_audit")
def audit_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_get_for_user(request.user, pk)
    results = audit_results(audit)
    access_log_page(
        actor=request.user,
        target=f"audit {audit.pk}: moderation",
        service=audit.service,
        cases=[d.case_ref for q in results.questions for d in q.disagreements],
    )
    return render(
        request,
        "audits/audit_moderation.html",
        {
            "audit": audit,
            "results": results,
            "moderated": [q for q in results.questions if q.moderation_pairs],
        },
    )


@page_permission("audits.manage_audit")
def audit_settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Settle one disagreement between the two markers: `?case=<audit case>&question=<id>`."""
    audit = audit_get_for_user(request.user, pk)
    audit_case = (
        AuditCase.objects.select_related("case").filter(audit=audit, pk=request.GET.get("case") or 0).first()
        if (request.GET.get("case") or "").isdigit()
        else None
    )
    framework = audit_framework(audit)
    question = next((q for q in framework.questions if q.id == request.GET.get("question")), None)
    if audit_case is None or question is None:
        raise Http404("No such disagreement")
    answers = {a.is_moderation: a for a in audit_case.answers.filter(question=question.id)}
    if len(answers) < 2 or answers[False].answer == answers[True].answer:
        raise Http404("No such disagreement")
    existing = audit_case.settlements.filter(question=question.id).first()
    initial = {"answer": existing.answer, "reasons": existing.reasons, "note": existing.note} if existing else None
    form = SettleForm(request.POST if request.method == "POST" else None, initial=initial, question=question)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                problem = _refused(
                    request,
                    audit,
                    lambda: settled_version(audit_case, question.id),
                    f"the settlement of {question.id} for case {audit_case.case.ref}",
                )
                if problem:
                    raise AuditError(problem, [problem])
                disagreement_settle(
                    audit_case=audit_case,
                    question=question.id,
                    answer=d["answer"],
                    reasons=tuple(d["reasons"]),
                    note=d["note"],
                    actor=request.user,
                )
        except AuditError as exc:
            for problem in exc.problems or [str(exc)]:
                form.add_error(None, problem)
        else:
            messages.success(request, f"Question {question.id} of case {audit_case.case.ref} settled: {d['answer']}")
            return redirect(reverse("audits:moderation", kwargs={"pk": audit.pk}) + f"#moderation-{question.id}")
    access_log_record(
        actor=request.user, verb=AccessVerb.VIEW, case=audit_case.case, target=f"audit {audit.pk}: settle {question.id}"
    )

    def words(a):
        return [question.reasons.get(r, r) for r in a.reasons]

    return render(
        request,
        "audits/audit_settle.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "question": question,
            "form": form,
            "first": answers[False],
            "second": answers[True],
            "first_reasons": words(answers[False]),
            "second_reasons": words(answers[True]),
            "existing": existing,
            "version": settled_version(audit_case, question.id),
        },
    )


@page_permission("audits.manage_audit")
def audit_judged(request: HttpRequest, pk: int) -> HttpResponse:
    """The QA lead rates the standards the framework judges from evidence other than cases."""
    audit = audit_get_for_user(request.user, pk)
    framework = audit_framework(audit)
    labels = framework.rating.labels if framework.rating else {}
    form = JudgedRatingsForm(
        request.POST if request.method == "POST" else None,
        standards=framework.judged_standards,
        labels=labels,
        initial_ratings=audit.judged_ratings,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                problem = _refused(
                    request, audit, lambda: ratings_version(Audit.objects.get(pk=audit.pk)), "the ratings"
                )
                if problem:
                    raise AuditError(problem)
                audit_judged_ratings_save(audit=audit, ratings=form.ratings(), actor=request.user)
        except AuditError as exc:
            error = " ".join([str(exc), *exc.problems])
        else:
            messages.success(request, "Ratings saved")
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request,
        "audits/audit_judged.html",
        {
            "audit": audit,
            "framework": framework,
            "form": form,
            "error": error,
            "frozen": audit.answers_frozen_at is not None,
            "version": ratings_version(audit),
        },
    )


@page_permission("audits.manage_audit")
def audit_figures(request: HttpRequest) -> HttpResponse:
    """The QA lead sets, for the service's own audits, figures a framework marks assumed
    (rating bands, how the sample grows with the caseload): audits made from then on freeze
    them, audits made before keep theirs (decision 0054). No child's record is shown."""
    from django.core.exceptions import PermissionDenied

    from casequality.audits.figures import FigureError, figure_override_remove, figure_override_save, figures_assumed
    from casequality.audits.frameworks import FrameworkError, frameworks_all
    from casequality.audits.models import FigureOverride

    service = request.user.service
    if service is None:
        raise PermissionDenied("no service")
    error = None
    if request.method == "POST":
        framework_id, figure = request.POST.get("framework", ""), request.POST.get("figure", "")
        try:
            if request.POST.get("remove"):
                figure_override_remove(service=service, framework_id=framework_id, figure=figure)
                messages.success(request, "The framework's figure applies again to audits made from now on")
            else:
                value = (
                    {k: request.POST.get(k, "") for k in ("outstanding", "good", "requires_improvement")}
                    if figure == "standard_bands"
                    else {k: request.POST.get(k, "") for k in ("confidence", "margin")}
                )
                figure_override_save(
                    service=service,
                    framework_id=framework_id,
                    figure=figure,
                    value=value,
                    reason=request.POST.get("reason", ""),
                    actor=request.user,
                )
                messages.success(request, "Saved: audits made from now on use the service's figure")
        except (FigureError, FrameworkError) as exc:
            error = str(exc)
        else:
            return redirect("audits:figures")
    overrides = {(o.framework, o.figure): o for o in FigureOverride.objects.filter(service=service)}
    rows = [
        {
            "framework": framework,
            "figure": figure,
            "assumption": framework.assumption(assumed),
            "value": value,
            "override": overrides.get((framework.id, figure.key)),
        }
        for framework in frameworks_all()
        for figure, assumed, value in figures_assumed(framework)
    ]
    return render(request, "audits/figures.html", {"rows": rows, "error": error, "service": service})


# --- The self-assessment in its body's layout (decision 0055) -------------------------------


@page_permission("reports.view_reports")
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """A self-assessment's report in the layout of the body it answers to (the YJB's National
    Standards 2019/20): read as the audit's report is (the board once it is published). It
    names no case and no child: counts only, so nothing of a child's record is read here."""
    from casequality.audits.selectors import self_assessment_audit_for_user
    from casequality.audits.self_assessment import self_assessment_report

    audit = self_assessment_audit_for_user(request.user, pk)
    report = self_assessment_report(audit)
    if report is None:
        raise Http404("This audit's framework has no self-assessment layout")
    may_edit = request.user.has_perm("audits.manage_audit") and not report.published
    return render(request, "audits/self_assessment.html", {"audit": audit, "report": report, "may_edit": may_edit})


@page_permission("audits.manage_audit")
def self_assessment_standard(request: HttpRequest, pk: int, standard: str) -> HttpResponse:
    """The service writes one standard's strategic self-assessment, its banding and its
    actions to improve; read only once the report is published (a POST saves nothing)."""
    from casequality.audits.forms import StandardSelfAssessmentForm
    from casequality.audits.models import StandardSelfAssessment
    from casequality.audits.services import StandardSelfAssessmentInput, standard_self_assessment_save

    audit = audit_get_for_user(request.user, pk)
    framework = audit_framework(audit)
    layout = framework.self_assessment
    part = next((s for s in layout.standards if s.id == standard), None) if layout else None
    if layout is None or part is None:
        raise Http404("No such standard in this self-assessment")
    entry = StandardSelfAssessment.objects.filter(audit=audit, standard=standard).first()
    frozen = audit.answers_frozen_at is not None
    context = {
        "audit": audit,
        "framework": framework,
        "layout": layout,
        "part": part,
        "entry": entry,
        "frozen": frozen,
        "assumed": framework.self_assessment_assumptions("strategic"),
        "bands_assumed": framework.self_assessment_assumptions("bands"),
    }
    if frozen:
        if request.method == "POST":
            messages.warning(
                request, "Nothing was saved: this self-assessment's report is published, it can no longer change"
            )
        return render(request, "audits/self_assessment_standard.html", context)
    initial = {"version": entry.version if entry else 0}
    if entry is not None:
        initial |= {name: getattr(entry, name) for name in StandardSelfAssessmentInput.__dataclass_fields__}
    form = StandardSelfAssessmentForm(
        request.POST if request.method == "POST" else None, initial=initial, bands=layout.labels
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            standard_self_assessment_save(
                audit=audit,
                standard=standard,
                entry=StandardSelfAssessmentInput(
                    **{name: d[name] for name in StandardSelfAssessmentInput.__dataclass_fields__}
                ),
                seen_version=d["version"],
                actor=request.user,
            )
        except AuditError as error:
            form.add_error(None, str(error))
            # Their text stays in the form; the version becomes the one they were just shown.
            entry = StandardSelfAssessment.objects.filter(audit=audit, standard=standard).first()
            form.data = form.data.copy()
            form.data["version"] = str(entry.version if entry else 0)
            context["entry"] = entry
            context["refused"] = True
        else:
            messages.success(request, f"{part.title}: the service's self-assessment has been saved")
            return redirect(reverse("audits:self_assessment", kwargs={"pk": audit.pk}) + f"#standard-{part.id}")
    context["form"] = form
    return render(request, "audits/self_assessment_standard.html", context)
