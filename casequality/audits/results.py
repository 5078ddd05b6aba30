"""Adding an audit's answers up: per question and theme, moderation, suggestions, ratings.

Only the first auditor's answers count in the figures; a moderator's answers are
compared with them. A share is k of n where n counts the cases the question applies to
(`yes` or `no`) and k the `yes` answers; theme shares count case-questions.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import JSONField, OuterRef, Subquery

from casequality.audits.frameworks import Framework, Question, Theme, audit_framework
from casequality.audits.language import phrase
from casequality.audits.models import Answer, Audit, Settlement
from casequality.audits.ratings import OverallRating, StandardRating, overall_rating_detail, standard_rating_detail
from casequality.audits.statistics import Interval, Kappa, cohen_kappa, wilson_interval


@dataclass
class Share:
    k: int = 0
    n: int = 0
    confidence: float = 0.90

    @property
    def percent(self) -> float | None:
        return 100 * self.k / self.n if self.n else None

    @property
    def exact_percent(self) -> Fraction | None:
        return Fraction(100 * self.k, self.n) if self.n else None

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.k, self.n, self.confidence) if self.n else None

    @property
    def words(self) -> str | None:
        return phrase(self.k, self.n) if self.n else None

    def percent_text(self) -> str:
        return "-" if self.n == 0 else f"{round(self.percent)}%"

    def interval_text(self) -> str:
        i = self.interval
        return "-" if i is None else f"{round(100 * i.low)}% to {round(100 * i.high)}%"


@dataclass
class Disagreement:
    case_ref: str
    first: str
    second: str
    first_auditor: str
    second_auditor: str
    audit_case_id: int = 0
    question: str = ""
    settled: str | None = None  # the QA lead's final answer, once settled
    settled_by: str = ""
    settled_note: str = ""


@dataclass
class QuestionResult:
    question: Question
    share: Share
    not_applicable: int = 0
    unanswered: int = 0
    reasons: list[tuple[str, str, int]] = field(default_factory=list)  # key, words, count; commonest first
    # The rulebook's suggestions against the confirmed answers.
    suggested: int = 0  # answers with a suggestion
    suggestion_agreed: int = 0
    suggested_no: int = 0
    suggested_no_confirmed: int = 0
    # Moderation.
    moderation_pairs: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)
    kappa: Kappa | None = None


@dataclass
class ThemeResult:
    theme: Theme
    share: Share
    questions: list[QuestionResult]
    rating: str | None = None
    rating_basis: QuestionResult | None = None  # the lowest key question
    rating_detail: StandardRating | None = None  # distance to the neighbouring bands, interval


@dataclass
class RuleAgreement:
    rule: str
    question: str
    fired: int = 0
    confirmed: int = 0

    @property
    def share(self) -> Share:
        return Share(k=self.confirmed, n=self.fired)


@dataclass
class AuditResults:
    audit: Audit
    framework: Framework
    cases: int
    themes: list[ThemeResult]
    kappa: Kappa | None = None  # moderation over every question, as the two markers answered
    kappa_settled: Kappa | None = None  # the same once settled: a settled pair counts as agreed on its final answer
    settled: int = 0  # disagreements settled by the QA lead
    moderated_cases: int = 0
    suggestion_kappa: Kappa | None = None
    # Per rule of the rulebook: (question, rule) -> [answers where it suggested no, of
    # those confirmed no]: which rules predict an inspector's judgement.
    rules: list[RuleAgreement] = field(default_factory=list)
    # The overall rating from the case-rated standards; open (with the missing ones
    # named) while a judged standard's rating or a standard's cases are missing.
    overall: OverallRating | None = None

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for t in self.themes for q in t.questions]

    def question(self, question_id: str) -> QuestionResult:
        return next(q for q in self.questions if q.question.id == question_id)


@dataclass(frozen=True)
class _Settled:
    answer: str
    reasons: list[str]
    settled_by: str
    note: str


def _json_list(value) -> list[str]:
    """A JSON list as the database gave it back from a subquery (a string on some backends)."""
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def _kappa(first: list[str], second: list[str]) -> Kappa | None:
    return cohen_kappa(first, second) if first else None


def audit_results(audit: Audit) -> AuditResults:
    """Every figure of the audit, from its stored answers (one query)."""
    framework = audit_framework(audit)
    confidence = framework.report.confidence
    # Where the QA lead settled a disagreement, the settlement rides on each answer row
    # (subqueries), so the figures stay one query.
    settled = Settlement.objects.filter(audit_case=OuterRef("audit_case_id"), question=OuterRef("question"))
    rows = list(
        Answer.objects.filter(audit_case__audit=audit)
        .annotate(
            settled_answer=Subquery(settled.values("answer")[:1]),
            settled_reasons=Subquery(settled.values("reasons")[:1], output_field=JSONField()),
            settled_by=Subquery(settled.values("settled_by_name")[:1]),
            settled_note=Subquery(settled.values("note")[:1]),
        )
        .values(
            "audit_case_id",
            "audit_case__case__ref",
            "question",
            "answer",
            "reasons",
            "auditor",
            "is_moderation",
            "suggested_answer",
            "suggested_rules",
            "settled_answer",
            "settled_reasons",
            "settled_by",
            "settled_note",
        )
    )
    primary = {(r["audit_case_id"], r["question"]): r for r in rows if not r["is_moderation"]}
    moderation = [r for r in rows if r["is_moderation"]]
    # Where the QA lead settled a disagreement, the final answer is the audit's answer.
    settlements = {
        key: _Settled(
            r["settled_answer"], _json_list(r["settled_reasons"]), r["settled_by"] or "", r["settled_note"] or ""
        )
        for key, r in primary.items()
        if r["settled_answer"]
    }
    inspectors = {key: r["answer"] for key, r in primary.items()}
    for key, settlement in settlements.items():
        primary[key] = {**primary[key], "answer": settlement.answer, "reasons": settlement.reasons}
    answered_cases = {case_id for case_id, _ in primary}

    by_question: dict[str, QuestionResult] = {}
    for q in framework.questions:
        by_question[q.id] = QuestionResult(question=q, share=Share(confidence=confidence))
    reason_counts: dict[str, Counter] = defaultdict(Counter)
    by_rule: dict[tuple[str, str], RuleAgreement] = {}
    for (_case_id, qid), r in primary.items():
        result = by_question.get(qid)
        if result is None:
            continue  # a question since removed from the framework file
        if r["answer"] == "n/a":
            result.not_applicable += 1
        else:
            result.share.n += 1
            result.share.k += r["answer"] == "yes"
        if r["answer"] == "no":
            reason_counts[qid].update(r["reasons"])
        if r["suggested_answer"]:
            result.suggested += 1
            result.suggestion_agreed += r["suggested_answer"] == r["answer"]
            if r["suggested_answer"] == "no":
                result.suggested_no += 1
                result.suggested_no_confirmed += r["answer"] == "no"
                for rule in r["suggested_rules"] or []:
                    agreement = by_rule.setdefault((rule, qid), RuleAgreement(rule=rule, question=qid))
                    agreement.fired += 1
                    agreement.confirmed += r["answer"] == "no"
    for qid, result in by_question.items():
        result.unanswered = len(answered_cases) - result.share.n - result.not_applicable
        order = list(result.question.reasons)
        result.reasons = sorted(
            ((key, result.question.reasons.get(key, key), count) for key, count in reason_counts[qid].items()),
            key=lambda item: (-item[2], order.index(item[0]) if item[0] in order else len(order)),
        )

    pairs: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    all_first, all_second, settled_first, settled_second = [], [], [], []
    moderated_cases = set()
    n_settled = 0
    for m in moderation:
        key = (m["audit_case_id"], m["question"])
        p = primary.get(key)
        result = by_question.get(m["question"])
        if p is None or result is None:
            continue
        first = inspectors[key]  # agreement is the markers', whatever was settled since
        moderated_cases.add(m["audit_case_id"])
        pairs[m["question"]][0].append(first)
        pairs[m["question"]][1].append(m["answer"])
        all_first.append(first)
        all_second.append(m["answer"])
        result.moderation_pairs += 1
        settlement = settlements.get(key) if first != m["answer"] else None
        settled_first.append(settlement.answer if settlement else first)
        settled_second.append(settlement.answer if settlement else m["answer"])
        if first != m["answer"]:
            n_settled += settlement is not None
            result.disagreements.append(
                Disagreement(
                    m["audit_case__case__ref"],
                    first,
                    m["answer"],
                    p["auditor"],
                    m["auditor"],
                    audit_case_id=m["audit_case_id"],
                    question=m["question"],
                    settled=settlement.answer if settlement else None,
                    settled_by=settlement.settled_by if settlement else "",
                    settled_note=settlement.note if settlement else "",
                )
            )
    for qid, (first, second) in pairs.items():
        by_question[qid].kappa = _kappa(first, second)

    suggested = [(r["suggested_answer"], r["answer"]) for r in primary.values() if r["suggested_answer"]]
    themes = []
    for theme in framework.themes:
        qs = [by_question[q.id] for q in theme.questions]
        share = Share(k=sum(q.share.k for q in qs), n=sum(q.share.n for q in qs), confidence=confidence)
        result = ThemeResult(theme=theme, share=share, questions=qs)
        if framework.rating is not None:
            keys = [q for q in qs if q.question.key and q.share.n]
            detail = standard_rating_detail(
                [(q.question.id, q.share.k, q.share.n) for q in keys], framework.rating, confidence
            )
            result.rating_detail = detail
            result.rating = detail.rating if detail else None
            if detail:
                result.rating_basis = next(q for q in keys if q.question.id == detail.basis.question)
        themes.append(result)
    overall = None
    if framework.rating is not None and framework.rating.overall_standards:
        judged = {j.id: (audit.judged_ratings or {}).get(j.id) for j in framework.judged_standards if j.in_overall}
        overall = overall_rating_detail({**judged, **{t.theme.id: t.rating for t in themes}}, framework.rating)
    return AuditResults(
        audit=audit,
        framework=framework,
        cases=len(answered_cases),
        themes=themes,
        kappa=_kappa(all_first, all_second),
        moderated_cases=len(moderated_cases),
        kappa_settled=_kappa(settled_first, settled_second) if n_settled else None,
        settled=n_settled,
        suggestion_kappa=_kappa([s for s, _ in suggested], [a for _, a in suggested]),
        rules=sorted(by_rule.values(), key=lambda a: (a.rule, framework.question_ids().index(a.question))),
        overall=overall,
    )
