"""A self-assessment's report in the layout of the body it answers to (decision 0055): the
YJB's National Standards self-assessment of 2019/20 (results; per standard a strategic and an
operational self-assessment; bandings; improvement and oversight; improvement tracking).

The operational part is counted from the case sample (audit_results), with the rulebook's
suggestions beside the confirmed answers as its evidence; the strategic part, its banding
and the actions are the service's own (StandardSelfAssessment). Counts only: no case and no
child is named, so the management board may read it once published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casequality.audits.frameworks import (
    Assumption,
    Framework,
    SelfAssessmentLayout,
    SelfAssessmentStandard,
    audit_framework,
)
from casequality.audits.models import Audit, StandardSelfAssessment
from casequality.audits.results import AuditResults, QuestionResult, Share, ThemeResult, audit_results
from casequality.audits.selectors import previous_self_assessment


@dataclass
class OperationalQuestion:
    result: QuestionResult
    rules: list[str]  # the rules whose findings pre-fill the answer (the evidence from the record)
    assumed: Assumption | None = None


@dataclass
class TrackedStandard:
    """The same standard in the service's last published self-assessment."""

    share: Share
    band: str | None
    entry: StandardSelfAssessment | None


@dataclass
class StandardPart:
    layout: SelfAssessmentStandard
    theme: ThemeResult
    band: str | None  # the operational banding, counted
    entry: StandardSelfAssessment | None  # the service's strategic part and actions
    questions: list[OperationalQuestion]
    previous: TrackedStandard | None = None

    @property
    def id(self) -> str:
        return self.layout.id

    @property
    def change(self) -> float | None:
        """Percentage points since the last self-assessment."""
        if self.previous is None or self.previous.share.percent is None or self.theme.share.percent is None:
            return None
        return round(self.theme.share.percent - self.previous.share.percent, 1)


@dataclass
class SelfAssessmentReport:
    audit: Audit
    framework: Framework
    layout: SelfAssessmentLayout
    results: AuditResults
    standards: list[StandardPart]
    previous: Audit | None
    assumed: dict[str, list[Assumption]] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return self.audit.answers_frozen_at is not None

    @property
    def written(self) -> int:
        """The standards whose strategic self-assessment the service has written."""
        return sum(1 for s in self.standards if s.entry is not None and s.entry.strategic)


def _entries(audit: Audit) -> dict[str, StandardSelfAssessment]:
    return {e.standard: e for e in StandardSelfAssessment.objects.filter(audit=audit)}


def self_assessment_report(audit: Audit) -> SelfAssessmentReport | None:
    """The report of a self-assessment in its framework's own layout; None where the audit's
    framework (as frozen on the audit) has none."""
    framework = audit_framework(audit)
    layout = framework.self_assessment
    if layout is None:
        return None
    results = audit_results(audit)
    entries = _entries(audit)
    previous = previous_self_assessment(audit)
    tracked: dict[str, TrackedStandard] = {}
    if previous is not None:
        before = audit_results(previous)
        before_layout = audit_framework(previous).self_assessment or layout
        before_entries = _entries(previous)
        for theme in before.themes:
            tracked[theme.theme.id] = TrackedStandard(
                share=theme.share,
                band=before_layout.band(theme.share.exact_percent),
                entry=before_entries.get(theme.theme.id),
            )
    themes = {t.theme.id: t for t in results.themes}
    standards = []
    for standard in layout.standards:
        theme = themes[standard.id]
        standards.append(
            StandardPart(
                layout=standard,
                theme=theme,
                band=layout.band(theme.share.exact_percent),
                entry=entries.get(standard.id),
                questions=[
                    OperationalQuestion(
                        result=q,
                        rules=list(dict.fromkeys(s.rule for s in q.question.suggested_by)),
                        assumed=framework.assumption(q.question.assumed),
                    )
                    for q in theme.questions
                ],
                previous=tracked.get(standard.id),
            )
        )
    return SelfAssessmentReport(
        audit=audit,
        framework=framework,
        layout=layout,
        results=results,
        standards=standards,
        previous=previous,
        assumed={part: framework.self_assessment_assumptions(part) for part in ("bands", "strategic", "tracking")}
        | {"questions": framework.question_assumptions()},
    )
