"""The draft narrative of a report, written from the answers in the inspectorate's words.

Every text here is a draft a QA lead may edit before publication. Keys: `context`,
`summary`, `q-<question id>` (one paragraph per question), `operational_management`,
`strengths` and `improvements` (one item per line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils import timezone

from casequality.audits.results import AuditResults, QuestionResult, Share
from casequality.cases.vocabulary import months_before


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _date(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else ""


def in_cases(words: str) -> str:
    """'just over half' -> 'in just over half of the cases'; 'none' -> 'in none of the cases'."""
    return f"in {words} of the cases"


def share_figure(share: Share) -> str:
    return f"{share.k} of {share.n}, {share.percent_text()}"


def question_paragraph(q: QuestionResult) -> str:
    """One question's paragraph: its share in words, then the commonest reasons for `no`."""
    question = q.question
    if q.share.n == 0:
        return f"No case in the sample called for this: {question.text[0].lower()}{question.text[1:]}"
    words = q.share.words
    text = f"Overall, {words} of the {question.subject} {question.predicate} ({share_figure(q.share)})."
    if q.reasons:
        top = [f"{words_} ({count})" for _, words_, count in q.reasons[:3]]
        text += f" Where the work fell short, the commonest reason{'s were' if len(top) > 1 else ' was'}: {_join(top)}."
    return text


def _sentence_item(q: QuestionResult) -> str:
    subject = q.question.subject[0].upper() + q.question.subject[1:]
    return f"{subject}: {q.share.words} {q.question.predicate} ({q.share.percent_text()})."


def _percent(share: Share) -> Fraction:
    """The exact percentage of a share that has answers (the callers keep to those)."""
    return Fraction(100 * share.k, share.n)


def strengths(results: AuditResults) -> list[str]:
    """Questions at or above the framework's strength threshold, strongest first."""
    bar = results.framework.report.strength_at_least
    chosen = [q for q in results.questions if q.share.n and _percent(q.share) >= bar]
    chosen.sort(key=lambda q: (-_percent(q.share), -q.share.n))
    return [_sentence_item(q) for q in chosen]


def improvements(results: AuditResults) -> list[str]:
    """Questions below the framework's improvement threshold, weakest first."""
    bar = results.framework.report.improvement_below
    chosen = [q for q in results.questions if q.share.n and _percent(q.share) < bar]
    chosen.sort(key=lambda q: (_percent(q.share), -q.share.n))
    return [_sentence_item(q) for q in chosen]


def context_paragraph(results: AuditResults) -> str:
    audit = results.audit
    service = audit.service.name
    fieldwork = ""
    if audit.fieldwork_start and audit.fieldwork_end:
        fieldwork = f", conducted from {_date(audit.fieldwork_start)} to {_date(audit.fieldwork_end)}"
    text = (
        f"This report outlines the findings of the {audit.title}{fieldwork}, against the framework "
        f"\u201c{results.framework.title}\u201d ({results.framework.id}). Good quality assessment and planning at the "
        "start of a sentence is critical to increasing the likelihood of positive outcomes. The purpose of the "
        "audit is to assess the quality and effectiveness of casework with children and young people who have "
        f"offended, at the start of a sample of {results.cases} recent cases supervised by {service}."
    )
    analysis = audit.sample_analysis or {}
    if analysis.get("strata"):
        long_list = sum(s["long_list"] for s in analysis["strata"])
        window = analysis.get("window", {})
        strata_words = (
            "the work (custody and resettlement, court in the community, out-of-court), sex and risk of serious harm"
            if analysis.get("framework")
            else "sex, custodial or community sentence and risk of serious harm"
        )
        started = "disposals" if analysis.get("framework") else "orders"
        text += (
            f" The cases were drawn at random, in proportion to {strata_words}, "
            f"from the {long_list} eligible cases whose {started} started between "
            f"{_date(date.fromisoformat(window['earliest'])) if window else ''} and "
            f"{_date(date.fromisoformat(window['latest'])) if window else ''}"
            f"; {len(analysis.get('excluded', []))} were excluded (sex not recorded, order not yet started, or the "
            f"same child twice)."
        )
        victims = analysis.get("victims")
        if victims:
            text += (
                f" A separate sample of {victims['size']} victims' case{'s' if victims['size'] != 1 else ''} was drawn "
                f"from the victims the service learned of in the same period, in proportion to the kind of victim and "
                f"whether they consented to contact."
            )
    text += (
        " Each figure is the share of the cases to which the question applied; the table of figures gives each "
        f"with its {round(100 * results.framework.report.confidence)}% confidence interval."
    )
    return text


def summary_paragraph(results: AuditResults) -> str:
    parts = []
    for t in results.themes:
        if t.share.n == 0:
            continue
        labels = results.framework.rating.labels if results.framework.rating else {}
        rated = f", rated {labels[t.rating]}" if t.rating else ""
        parts.append(f"{t.theme.title.lower()}, {t.share.words} ({t.share.percent_text()}{rated})")
    if not parts:
        return "No answers have been recorded yet."
    text = (
        f"We looked at {results.cases} case{'s' if results.cases != 1 else ''}. Across the themes of the audit, "
        f"the share of work that was good enough was: {_join(parts)}."
    )
    themed = [t for t in results.themes if t.share.n]
    if len(themed) > 1:
        best = max(themed, key=lambda t: _percent(t.share))
        worst = min(themed, key=lambda t: _percent(t.share))
        if best is not worst:
            text += (
                f" The strongest area of work was {best.theme.title.lower()}; the weakest was "
                f"{worst.theme.title.lower()}."
            )
    return text


@dataclass(frozen=True)
class OperationalData:
    audited_cases: int
    with_manager_entry: int
    needing_oversight: int
    countersigned: int
    self_audits: int
    self_audits_checked: int
    verdicts: int
    verdicts_agreed: int
    supervision_samples: int
    supervision_cases: int
    period_start: date
    period_end: date


def operational_data(results: AuditResults) -> OperationalData:
    """Managers' involvement: in the audited cases' records, and in self-audit and supervision.

    Self-audits and supervision samples are the service's, over the three months up to
    the end of fieldwork (or the sample's as-of date, or today).
    """
    from django.db.models import Count, Q

    from casequality.audits.applicability import cases_with_record, rosh_oversight_required
    from casequality.cases.models import Act, ActKind, Case
    from casequality.oversight.models import SelfAudit, SelfAuditAnswer, SupervisionSample, SupervisionSampleCase

    audit = results.audit
    cases = list(
        cases_with_record(Case.objects.filter(audit_cases__audit=audit, audit_cases__answers__isnull=False).distinct())
    )
    # Managers' work is in the CMS's record or in Casequality's own acts (cases.models.Act).
    acted = set(Act.objects.filter(case__in=cases).values_list("case_id", "kind").distinct())
    with_entry = sum(
        1
        for c in cases
        if (c.pk, ActKind.MANAGER_ENTRY) in acted or any(e.type == "manager_entry" for e in c.events.all())
    )
    needing = [c for c in cases if rosh_oversight_required(c)]
    countersigned = sum(
        1
        for c in needing
        if (c.pk, ActKind.COUNTERSIGNATURE) in acted
        or any(x.countersigned_by_id for x in [*c.assessments.all(), *c.plans.all()])
    )
    end = audit.fieldwork_end or audit.as_of or timezone.localdate()
    start = months_before(end, 3)
    self_audits = SelfAudit.objects.filter(
        case__service=audit.service, submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    counts = self_audits.aggregate(total=Count("id"), checked=Count("id", filter=Q(checked_at__isnull=False)))
    verdicts = SelfAuditAnswer.objects.filter(self_audit__in=self_audits).exclude(verdict="")
    samples = SupervisionSample.objects.filter(
        case_manager__service=audit.service, drawn_at__date__gte=start, drawn_at__date__lte=end
    )
    return OperationalData(
        audited_cases=len(cases),
        with_manager_entry=with_entry,
        needing_oversight=len(needing),
        countersigned=countersigned,
        self_audits=counts["total"],
        self_audits_checked=counts["checked"],
        verdicts=verdicts.count(),
        verdicts_agreed=verdicts.filter(verdict="agree").count(),
        supervision_samples=samples.count(),
        supervision_cases=SupervisionSampleCase.objects.filter(sample__in=samples).count(),
        period_start=start,
        period_end=end,
    )


def operational_paragraph(data: OperationalData) -> str:
    from casequality.audits.language import phrase

    parts = []
    if data.audited_cases:
        parts.append(
            f"Managers had made their own entry in the case record, as evidence of their active involvement, "
            f"{in_cases(phrase(data.with_manager_entry, data.audited_cases))} we looked at "
            f"({data.with_manager_entry} of {data.audited_cases})."
        )
    if data.needing_oversight:
        parts.append(
            f"Of the {data.needing_oversight} cases where the risk of harm to others called for management oversight, "
            f"{phrase(data.countersigned, data.needing_oversight)} had an assessment or plan countersigned by a "
            f"manager ({data.countersigned} of {data.needing_oversight})."
        )
    period = f"between {_date(data.period_start)} and {_date(data.period_end)}"
    if data.self_audits:
        text = (
            f"Case managers completed {data.self_audits} self-audit{'s' if data.self_audits != 1 else ''} {period}; "
            f"managers checked {phrase(data.self_audits_checked, data.self_audits)} of them "
            f"({data.self_audits_checked} of {data.self_audits})"
        )
        if data.verdicts:
            text += f", agreeing with {round(100 * data.verdicts_agreed / data.verdicts)}% of the answers they checked"
        parts.append(text + ".")
    else:
        parts.append(f"No self-audits were recorded {period}: the self-audit was not yet in use.")
    if data.supervision_samples:
        parts.append(
            f"Managers drew {data.supervision_samples} random sample{'s' if data.supervision_samples != 1 else ''} "
            f"of cases for supervision ({data.supervision_cases} cases) {period}."
        )
    else:
        parts.append(f"We found no evidence of random sampling of cases by managers {period}.")
    return " ".join(parts)


def narrative_draft(results: AuditResults) -> dict[str, str]:
    """Every section's generated text, by key."""
    draft = {
        "context": context_paragraph(results),
        "summary": summary_paragraph(results),
        "operational_management": operational_paragraph(operational_data(results)),
        "strengths": "\n".join(strengths(results)),
        "improvements": "\n".join(improvements(results)),
    }
    for q in results.questions:
        draft[q.question.html_id] = question_paragraph(q)
    return draft
