"""The report of an audit: build, render (HTML and PDF), edit the narrative, publish, compare.

The report is the same HTML everywhere: the web page shows its body inside the GOV.UK
layout, the PDF is WeasyPrint's rendering of the standalone document, and `casequality
report` writes either. A published report is the stored HTML, never re-rendered.
No child's name or case reference is ever put into a report's context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casequality.accounts.models import User
from casequality.audits.frameworks import FrameworkError, audit_framework, framework_get
from casequality.audits.models import Audit
from casequality.audits.ratings import overall_points, overall_rating, standard_rating_words
from casequality.audits.results import AuditResults, Share, audit_results
from casequality.audits.services import audit_answers_freeze, audit_inspector_access_end
from casequality.audits.statistics import proportions_compare
from casequality.cases.models import Staff
from casequality.errors import CasequalityError
from casequality.reports.charts import Bar, bar_chart_svg
from casequality.reports.models import (
    ActionStatus,
    AuditReport,
    BoardComment,
    PlanAction,
    PlanUpdate,
    ReportPdf,
    ReportStatus,
)
from casequality.reports.narrative import narrative_draft
from casequality.standards.rulebook import rulebook

NARRATIVE_LIST_KEYS = ("strengths", "improvements")


class ReportError(CasequalityError):
    """A report change is refused (a clear message for the user)."""


def report_get(audit: Audit) -> AuditReport:
    report, _ = AuditReport.objects.get_or_create(audit=audit)
    return report


def report_narrative(audit: Audit, results: AuditResults | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(narrative in force, generated draft): the QA lead's edits over the draft."""
    report = report_get(audit)
    if report.is_published:
        return dict(report.published_narrative), dict(report.published_narrative)
    draft = narrative_draft(results or audit_results(audit))
    return {**draft, **{k: v for k, v in report.narrative.items() if k in draft}}, draft


def _theme_chart(theme) -> str:
    bars = [
        Bar(
            label=q.question.id,
            k=q.share.k,
            n=q.share.n,
            low=q.share.interval.low if q.share.n else None,
            high=q.share.interval.high if q.share.n else None,
            title=q.question.text,
        )
        for q in theme.questions
    ]
    return bar_chart_svg(
        bars, title=f"{theme.theme.id}. {theme.theme.title}: share of applicable cases sufficient, by question"
    )


def _themes_chart(results: AuditResults) -> str:
    bars = [
        Bar(
            label=t.theme.id,
            k=t.share.k,
            n=t.share.n,
            low=t.share.interval.low if t.share.interval else None,
            high=t.share.interval.high if t.share.interval else None,
            title=t.theme.title,
        )
        for t in results.themes
    ]
    return bar_chart_svg(bars, title="Share of applicable case-questions sufficient, by theme")


def _overall_rating_text(results: AuditResults) -> str:
    """The overall rating where the audit rates every standard of an inspection; else why not."""
    rules = results.framework.rating
    if rules is None:
        return ""
    overall = results.overall
    if overall is not None and rules.overall_method == "lowest_area":
        areas = "; ".join(f"{title}: {rules.labels[r] if r else 'not rated'}" for _, title, r in overall.areas)
        if overall.rating is None:
            return f"{areas}. The overall rating, the lower of the areas, waits for: {', '.join(overall.missing)}."
        return f"Overall rating: {rules.labels[overall.rating]}, the lower of the areas ({areas})."
    if overall is not None and overall.rating is not None:
        text = f"Overall rating: {rules.labels[overall.rating]} ({overall.points} points)."
        if overall.next_band:
            text += f" {overall.points_to_next_band} more points would make it {rules.labels[overall.next_band]}."
        if overall.lower_band:
            text += f" {overall.points_to_lower_band} fewer would make it {rules.labels[overall.lower_band]}."
        return text
    rated = [t.rating for t in results.themes if t.rating]
    points = overall_points(rated, rules)
    if overall is None and len(rated) == rules.standards_in_inspection:
        return f"Overall rating: {rules.labels[overall_rating(rated, rules)]} ({points} points)."
    text = (
        f"The overall rating adds the points of all {rules.standards_in_inspection} standards of an inspection; "
        f"this audit rates {len(rated)} of them, worth {points} points."
    )
    if overall is not None and overall.missing:
        judged = {j.id for j in results.framework.judged_standards}
        text += f" Not rated here: {', '.join(overall.missing)}"
        if judged & set(overall.missing):
            text += " (standards the inspection team judges from evidence other than cases)"
        text += "."
    return text


def report_context(audit: Audit) -> dict:
    """Everything the report template reads. Aggregates only: no child, no case reference."""
    results = audit_results(audit)
    narrative, draft = report_narrative(audit, results)
    report = report_get(audit)
    labels = results.framework.rating.labels if results.framework.rating else {}
    themes = [
        {
            "result": t,
            "rating_label": labels.get(t.rating, "") if t.rating else "",
            "rating_words": standard_rating_words(t.rating_detail, labels) if t.rating_detail else "",
            "chart": _theme_chart(t),
            "questions": [{"result": q, "text": narrative.get(q.question.html_id, "")} for q in t.questions],
        }
        for t in results.themes
    ]
    return {
        "audit": audit,
        "service_name": audit.service.name,
        "framework": results.framework,
        "results": results,
        "report": report,
        "narrative": narrative,
        "strengths": [line for line in narrative.get("strengths", "").splitlines() if line.strip()],
        "improvements": [line for line in narrative.get("improvements", "").splitlines() if line.strip()],
        "themes": themes,
        "themes_chart": _themes_chart(results),
        "confidence": round(100 * results.framework.report.confidence),
        "overall_rating_text": _overall_rating_text(results),
        "published_at": report.published_at,
    }


def report_body_html(audit: Audit) -> str:
    """The report's body (an <article>): frozen once published."""
    report = report_get(audit)
    if report.is_published:
        return report.published_html
    return render_to_string("reports/_report_body.html", report_context(audit))


def report_document_html(audit: Audit) -> str:
    """The report as a standalone HTML document (its own styles), as the PDF is made from."""
    return render_to_string("reports/report_document.html", {"title": audit.title, "body": report_body_html(audit)})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango costs time every command would pay

    return HTML(string=html).write_pdf()


def report_pdf(audit: Audit) -> bytes:
    """The PDF of the report (WeasyPrint, from the same HTML)."""
    return html_to_pdf(report_document_html(audit))


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def report_pdf_digest(audit: Audit) -> str:
    """Which version of the report a PDF must be made from: the digest of its HTML document."""
    return _digest(report_document_html(audit))


def report_pdf_stored(audit: Audit, digest: str) -> bytes | None:
    """The stored PDF of this version of the report, if one was made."""
    row = ReportPdf.objects.filter(audit=audit, digest=digest).only("pdf").first()
    return bytes(row.pdf) if row else None


def report_pdf_store(audit: Audit) -> str:
    """Make the PDF of the report as it is now, keep it (in place of the audit's older
    PDFs) and return the digest of the version it shows. What the report PDF task runs."""
    html = report_document_html(audit)
    digest, pdf = _digest(html), html_to_pdf(html)
    with transaction.atomic():
        ReportPdf.objects.filter(audit=audit).exclude(digest=digest).delete()
        ReportPdf.objects.update_or_create(audit=audit, digest=digest, defaults={"pdf": pdf})
    return digest


@transaction.atomic
def report_narrative_save(
    *, audit: Audit, edits: dict[str, str], actor: User, seen_version: int | None = None
) -> AuditReport:
    """Keep the QA lead's edits to the draft narrative. A text equal to the draft, or
    empty, returns that section to the generated draft. Raises ReportError once published,
    and when the report was saved by someone else after `seen_version` (the version the
    editor read): two QA leads editing at once never overwrite each other."""
    report = AuditReport.objects.select_for_update().get(pk=report_get(audit).pk)
    if report.is_published:
        raise ReportError("This report is published: its text can no longer change")
    if seen_version is not None and seen_version != report.version:
        raise ReportError(
            f"{report.edited_by_name or 'Someone'} saved this report's text after you opened it, so yours was "
            "not saved. Your text is below: compare it with theirs on the report page, then save again."
        )
    _, draft = report_narrative(audit)
    unknown = sorted(set(edits) - set(draft))
    if unknown:
        raise ReportError(f"Unknown sections of the report: {', '.join(unknown)}")
    narrative = dict(report.narrative)
    for key, text in edits.items():
        text = text.replace("\r\n", "\n").strip()
        if not text or text == draft[key].strip():
            narrative.pop(key, None)
        else:
            narrative[key] = text
    report.narrative = narrative
    report.edited_by_name = actor.get_username()
    report.version += 1
    report.save(update_fields=["narrative", "edited_by_name", "updated_at", "version"])
    return report


@transaction.atomic
def report_publish(*, audit: Audit, actor: User) -> AuditReport:
    """Freeze the report as it reads now. Raises ReportError if already published or unanswered."""
    report = AuditReport.objects.select_for_update().get(pk=report_get(audit).pk)
    if report.is_published:
        raise ReportError("This report is already published")
    results = audit_results(audit)
    if results.cases == 0:
        raise ReportError("No case has been answered yet: there is nothing to publish")
    narrative, _ = report_narrative(audit, results)
    report.published_narrative = narrative
    report.published_at = timezone.now()
    report.published_by = actor
    report.published_by_name = actor.get_username()
    report.status = ReportStatus.PUBLISHED  # rendered as published (with its date) before freezing
    context = report_context(audit)
    context["report"] = report
    context["published_at"] = report.published_at
    report.published_html = render_to_string("reports/_report_body.html", context)
    report.save()
    audit_answers_freeze(audit=audit, on=report.published_at)  # what the report says can no longer change
    # The inspection is over: its inspectors may read (never change) the audit and its
    # children's records for CASEQUALITY_INSPECTOR_READ_DAYS more, then no longer open them.
    audit_inspector_access_end(
        audit=audit, on=timezone.localdate() + timedelta(days=settings.CASEQUALITY_INSPECTOR_READ_DAYS)
    )
    return report


# --- comparing two audits ----------------------------------------------------------------------


@dataclass
class ComparisonRow:
    id: str
    title: str
    first: Share
    second: Share
    change: float | None  # percentage points
    p_value: float | None
    larger_than_chance: bool
    is_theme: bool = False
    first_rating: str = ""  # a rated framework's standard: its rating in each audit (label)
    second_rating: str = ""


def audits_compare(first: Audit, second: Audit) -> list[ComparisonRow]:
    """Every theme and question of two audits of one framework, side by side.

    A change is larger than chance where Fisher's exact test gives p below the
    framework's `compare_alpha`. Raises ReportError for audits of different frameworks.
    """
    if first.framework != second.framework:
        raise ReportError(f"Audits of different frameworks cannot be compared ({first.framework}, {second.framework})")
    alpha = framework_get(first.framework).report.compare_alpha
    a, b = audit_results(first), audit_results(second)
    rows = []

    def row(id_, title, s1, s2, is_theme):
        if s1.n and s2.n:
            c = proportions_compare(s1.k, s1.n, s2.k, s2.n, alpha=alpha)
            rows.append(ComparisonRow(id_, title, s1, s2, 100 * c.change, c.p_value, c.larger_than_chance, is_theme))
        else:
            rows.append(ComparisonRow(id_, title, s1, s2, None, None, False, is_theme))

    labels = a.framework.rating.labels if a.framework.rating else {}
    for ta, tb in zip(a.themes, b.themes):
        row(ta.theme.id, ta.theme.title, ta.share, tb.share, True)
        if labels:
            rows[-1].first_rating = labels.get(ta.rating, "not rated") if ta.rating else "not rated"
            rows[-1].second_rating = labels.get(tb.rating, "not rated") if tb.rating else "not rated"
        for qa, qb in zip(ta.questions, tb.questions):
            row(qa.question.id, qa.question.text, qa.share, qb.share, False)
    return rows


def compare_body_html(first: Audit, second: Audit) -> str:
    rows = audits_compare(first, second)
    framework = framework_get(first.framework)
    overall = ""
    if framework.rating is not None:
        overall = (
            f"{first.title}: {_overall_rating_text(audit_results(first))} "
            f"{second.title}: {_overall_rating_text(audit_results(second))}"
        )
    return render_to_string(
        "reports/_compare_body.html",
        {
            "first": first,
            "second": second,
            "rows": rows,
            "framework": framework,
            "overall": overall,
            # the assumptions each audit's ratings rest on, as each froze them (decision 0054)
            "assumed": list(
                {
                    (a.id, a.text): a for audit in (first, second) for a in audit_framework(audit).rating_assumptions()
                }.values()
            ),
            "alpha_percent": round(100 * (1 - framework.report.compare_alpha)),
            "marked": sum(r.larger_than_chance for r in rows),
        },
    )


def compare_document_html(first: Audit, second: Audit) -> str:
    return render_to_string(
        "reports/report_document.html",
        {"title": f"{first.title} compared with {second.title}", "body": compare_body_html(first, second)},
    )


# --- The board's improvement plan ---------------------------------------------------


class PlanError(CasequalityError):
    """A change to the improvement plan is refused (a clear message for the user)."""


class StalePlanAction(PlanError):
    """The action was saved by someone else after the editor opened it: nothing is written.
    `current_version` is the version the editor is now told of, to save against once they
    have checked it."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


@dataclass(frozen=True)
class ActionInput:
    """An action's fields as an editor gives them (the form has checked each one)."""

    title: str
    due: date
    status: str = ActionStatus.NOT_STARTED
    detail: str = ""
    owner_staff: Staff | None = None  # of the action's service
    owner_role: str = ""
    rule: str = ""
    audit_framework: str = ""
    audit_question: str = ""
    kpi: str = ""


_ACTION_FIELDS = (
    "title",
    "detail",
    "owner_staff",
    "owner_role",
    "due",
    "status",
    "rule",
    "audit_framework",
    "audit_question",
    "kpi",
)
_FIELD_NAMES = {
    "title": "what will be done",
    "detail": "detail",
    "owner_staff": "owner",
    "owner_role": "owner",
    "due": "due date",
    "status": "status",
    "rule": "rule",
    "audit_framework": "audit question",
    "audit_question": "audit question",
    "kpi": "KPI",
}


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return "nothing"
    if name == "status":
        return ActionStatus(value).label
    if name == "due":
        return value.strftime("%-d %B %Y")
    if name == "owner_staff":
        return value.name
    return str(value)


def _check_action(service, data: ActionInput) -> None:
    if not data.title.strip():
        raise PlanError("Enter what the action is")
    if data.owner_staff is None and not data.owner_role.strip():
        raise PlanError("Choose who owns the action, or write the role that does")
    if data.owner_staff is not None and data.owner_staff.service_id != service.pk:
        raise PlanError("The owner must be a member of this service's staff")
    if data.status not in ActionStatus.values:
        raise PlanError(f"{data.status!r} is not a status of an action")
    if bool(data.audit_framework) != bool(data.audit_question):
        raise PlanError("An audit question needs both its framework and its question")
    if data.rule and data.rule not in rulebook().rules:
        raise PlanError(f"{data.rule} is not a rule of the rulebook")
    if data.audit_framework:
        try:
            framework = framework_get(data.audit_framework)
        except FrameworkError:
            raise PlanError(f"{data.audit_framework} is not an audit framework") from None
        if data.audit_question not in {q.id for q in framework.questions}:
            raise PlanError(f"{data.audit_question} is not a question of {framework.title}")


@transaction.atomic
def plan_action_create(*, service, data: ActionInput, actor: User) -> PlanAction:
    """A new action of the service's plan; its first update says who added it."""
    _check_action(service, data)
    action = PlanAction.objects.create(
        service=service,
        created_by=actor,
        created_by_name=str(actor),
        **{name: getattr(data, name) for name in _ACTION_FIELDS},
    )
    PlanUpdate.objects.create(
        action=action,
        on=timezone.localdate(),
        text="Action added to the plan.",
        status=action.status,
        author=actor,
        author_name=str(actor),
    )
    return action


@transaction.atomic
def plan_action_edit(*, action: PlanAction, data: ActionInput, actor: User, seen_version: int) -> PlanAction:
    """Change the action's fields. Refused with StalePlanAction when someone saved the
    action (or an update that set its status) after `seen_version`, the version the
    editor read: nothing is written and the message says who. The change is kept as an
    update naming each field's old and new value."""
    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    if seen_version != locked.version:
        last = locked.updates.order_by("-created_at", "-id").first()
        who = last.author_name if last else "Someone"
        raise StalePlanAction(
            f"{who} changed this action after you opened it, so your changes were not saved. "
            "Your changes are below: check the action's page, then save again.",
            current_version=locked.version,
        )
    _check_action(locked.service, data)
    changes = []
    status_changed = data.status != locked.status
    for name in _ACTION_FIELDS:
        old, new = getattr(locked, name), getattr(data, name)
        if name in ("title", "detail", "owner_role", "rule", "audit_framework", "audit_question", "kpi"):
            new = (new or "").strip()
        if old != new:
            changes.append(
                f"{_FIELD_NAMES[name]} from {_shown(name, old)} to {_shown(name, new)}"
                if name != "detail"
                else "detail rewritten"
            )
            setattr(locked, name, new)
    if not changes:
        return locked
    locked.version += 1
    locked.save()
    PlanUpdate.objects.create(
        action=locked,
        on=timezone.localdate(),
        text="Changed " + "; ".join(dict.fromkeys(changes)) + ".",
        status=locked.status if status_changed else "",
        author=actor,
        author_name=str(actor),
    )
    return locked


@transaction.atomic
def plan_update_add(*, action: PlanAction, on: date, text: str, actor: User, status: str = "") -> PlanUpdate:
    """An update on the action (what happened, dated); with a status, the action takes it
    (and its version moves on, so an editor who read the old status is told)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PlanError("Enter what happened")
    if on > timezone.localdate():
        raise PlanError("The date of an update cannot be in the future")
    if status and status not in ActionStatus.values:
        raise PlanError(f"{status!r} is not a status of an action")
    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    if status and status != locked.status:
        locked.status = status
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
    return PlanUpdate.objects.create(
        action=locked, on=on, text=text, status=status, author=actor, author_name=str(actor)
    )


def plan_comment_add(*, action: PlanAction, text: str, actor: User) -> BoardComment:
    """A board member's comment on the action."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PlanError("Enter your comment")
    return BoardComment.objects.create(action=action, text=text, author=actor, author_name=str(actor))
