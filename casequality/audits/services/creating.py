"""Creating an audit, drawing its sample, and the rulebook's suggestions for its cases."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.applicability import applies, cases_with_record
from casequality.audits.figures import framework_data_for
from casequality.audits.frameworks import Framework, FrameworkError, SamplingRules, audit_framework, frozen_copy
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.sampling import (
    CHILDREN_STRATA,
    VICTIM_STRATA,
    Sample,
    SamplingError,
    children_long_list_read,
    long_list_read,
    sample_draw,
    seed_new,
    victims_long_list_read,
)
from casequality.audits.services.errors import AuditError
from casequality.cases.models import Case, Service
from casequality.standards.models import Finding, Kind


def suggestions_compute(
    *,
    framework: Framework,
    cases: QuerySet[Case],
    populations: dict[int, set[str]] | None = None,
) -> dict[int, dict[str, dict]]:
    """What the record and the rulebook suggest for each question of each case.

    With `populations` (case id -> the samples it was drawn in, `children` and/or
    `victims`), a theme answered on another sample is suggested `n/a`: a victims' case
    does not answer the children's questions, nor a children's case the victims' ones.

    Per case id, per question id: `{"answer": "n/a"}` where none of the question's
    conditions holds; `{"answer": "no", "reasons": [...], "rules": [...]}` where an open
    finding of a rule the question names in `suggested_by` exists; `{"answer": "yes"}`
    where the question names rules and none of them fired. Questions with no rules and
    that apply get no suggestion: nothing in the rulebook speaks to them.
    """
    open_rules: dict[int, set[str]] = defaultdict(set)
    for case_id, rule in Finding.objects.filter(
        case__in=cases, resolved_on__isnull=True, kind=Kind.FINDING
    ).values_list("case_id", "rule"):
        open_rules[case_id].add(rule)
    result: dict[int, dict[str, dict]] = {}
    for case in cases_with_record(cases):
        per_question: dict[str, dict] = {}
        drawn_in = populations.get(case.id) if populations is not None else None
        for q in framework.questions:
            theme = framework.theme(q.theme_id)
            if (drawn_in is not None and theme.sample not in drawn_in) or not applies(q.applies_to, case):
                per_question[q.id] = {"answer": "n/a", "reasons": [], "rules": []}
                continue
            fired = [s for s in q.suggested_by if s.rule in open_rules[case.id]]
            if fired:
                reasons = list(dict.fromkeys(s.reason for s in fired if s.reason))
                per_question[q.id] = {"answer": "no", "reasons": reasons, "rules": sorted({s.rule for s in fired})}
            elif q.suggested_by:
                per_question[q.id] = {"answer": "yes", "reasons": [], "rules": []}
        result[case.id] = per_question
    return result


# --- creating and sampling -------------------------------------------------------------------


@transaction.atomic
def audit_create(
    *,
    service: Service,
    framework_id: str,
    title: str,
    actor: User | None = None,
    actor_name: str = "",
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    buffer: float = 0,
    max_per_case_manager: int = 6,
    as_of: date | None = None,
    source: str = "web",
) -> Audit:
    """A new audit of `service` against a framework. Raises AuditError if the framework is unknown."""
    try:
        frozen = framework_data_for(service, framework_id)  # with the figures the service set
    except FrameworkError as exc:
        raise AuditError(str(exc)) from None
    if not title.strip():
        raise AuditError("Enter a title for the audit")
    return Audit.objects.create(
        service=service,
        framework=framework_id,
        framework_frozen=frozen_copy(frozen),
        title=title.strip(),
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        sample_size=sample_size,
        seed=seed,
        buffer=buffer,
        max_per_case_manager=max_per_case_manager,
        as_of=as_of,
        source=source,
        created_by=actor,
        created_by_name=actor_name or (actor.get_username() if actor else "system"),
    )


def audit_cases_add(
    *,
    audit: Audit,
    picks: list[tuple[Case | int, str, bool]],
    populations: dict[int, set[str]] | None = None,
) -> list[AuditCase]:
    """Create the audit's cases (case or id, stratum, reserve) with the rulebook's suggestions."""
    framework = audit_framework(audit)
    case_ids = [c if isinstance(c, int) else c.id for c, _, _ in picks]
    suggestions = suggestions_compute(
        framework=framework, cases=Case.objects.filter(id__in=case_ids), populations=populations
    )
    return AuditCase.objects.bulk_create(
        [
            AuditCase(
                audit=audit,
                case_id=case_id,
                stratum=stratum,
                reserve=reserve,
                position=i,
                suggestions=suggestions.get(case_id, {}),
            )
            for i, (case_id, (_, stratum, reserve)) in enumerate(zip(case_ids, picks))
        ]
    )


@transaction.atomic
def audit_sample_draw(*, audit: Audit, actor: User | None = None, as_of: date | None = None) -> Sample:
    """Draw (or redraw) the audit's sample from the stored cases and keep its analysis.

    Uses the audit's size, buffer, cap and seed (a new seed is drawn and recorded if it
    has none). Raises AuditError once any answer is recorded, and SamplingError if the
    sample cannot be drawn.
    """
    if Answer.objects.filter(audit_case__audit=audit).exists():
        raise AuditError("Answers are recorded for this audit: its sample can no longer be redrawn")
    framework = audit_framework(audit)
    if framework.sampling is not None:
        return _framework_sample_draw(
            audit=audit, framework=framework, rules=framework.sampling, actor=actor, as_of=as_of
        )
    if not audit.sample_size:
        raise AuditError("Enter the number of cases to sample")
    audit.as_of = as_of or audit.as_of or timezone.localdate()
    if audit.seed is None:
        audit.seed = seed_new()
    sample = sample_draw(
        long_list_read(service=audit.service, as_of=audit.as_of),
        size=audit.sample_size,
        as_of=audit.as_of,
        seed=audit.seed,
        buffer=audit.buffer,
        max_per_case_manager=audit.max_per_case_manager,
    )
    audit.cases.all().delete()
    audit_cases_add(audit=audit, picks=[(p.case_id, p.stratum, p.reserve) for p in sample.cases])
    audit.sample_analysis = sample.analysis()
    audit.save(update_fields=["as_of", "seed", "sample_analysis"])
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        target=f"audit {audit.id}: sample drawn",
        payload={"seed": audit.seed, "cases": [p.case for p in sample.cases]},
        actor_name=None if actor else "casequality (audit sample)",
    )
    return sample


def _framework_sample_draw(
    *, audit: Audit, framework: Framework, rules: SamplingRules, actor: User | None, as_of: date | None
) -> Sample:
    """A framework's own samples (hmip-youth-2025): the children's sample, sized by the
    audit's size or else the framework's rule, and, where the framework has victims'
    questions and the record holds victims, the victims' sample sized by its rule. A case
    drawn in both is audited once and answers both; each case answers only the themes of
    the samples it was drawn in (the others are suggested n/a)."""
    audit.as_of = as_of or audit.as_of or timezone.localdate()
    if audit.seed is None:
        audit.seed = seed_new()
    children = sample_draw(
        children_long_list_read(service=audit.service, as_of=audit.as_of),
        size=audit.sample_size,
        as_of=audit.as_of,
        seed=audit.seed,
        buffer=audit.buffer,
        max_per_case_manager=audit.max_per_case_manager,
        strata=CHILDREN_STRATA,
        size_rule=rules.sizes.get("children"),
        framework=framework.id,
    )
    victims = None
    if "victims" in rules.sizes and framework.themes_for("victims"):
        long_list = victims_long_list_read(service=audit.service, as_of=audit.as_of)
        if long_list:
            try:
                victims = sample_draw(
                    long_list,
                    size=None,
                    as_of=audit.as_of,
                    seed=audit.seed,
                    buffer=audit.buffer,
                    max_per_case_manager=audit.max_per_case_manager,
                    strata=VICTIM_STRATA,
                    size_rule=rules.sizes["victims"],
                    framework=framework.id,
                    population="victims",
                )
            except SamplingError:
                victims = None  # no eligible victim: the victims' standard is not rated
    populations: dict[int, set[str]] = defaultdict(set)
    picks: list[tuple[Case | int, str, bool]] = []
    for p in children.cases:
        populations[p.case_id].add("children")
        picks.append((p.case_id, p.stratum, p.reserve))
    for p in victims.cases if victims else []:
        if p.case_id not in populations:
            picks.append((p.case_id, f"victims/{p.stratum}"[:40], p.reserve))
        populations[p.case_id].add("victims")
    audit.cases.all().delete()
    audit_cases_add(audit=audit, picks=picks, populations=dict(populations))
    audit.sample_size = children.size
    analysis = children.analysis()
    analysis["victims"] = victims.analysis() if victims else None
    audit.sample_analysis = analysis
    audit.save(update_fields=["as_of", "seed", "sample_analysis", "sample_size"])
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        target=f"audit {audit.id}: sample drawn",
        payload={
            "seed": audit.seed,
            "cases": [p.case for p in children.cases],
            "victims": [f"{p.case}/{p.victim}" for p in victims.cases] if victims else [],
        },
        actor_name=None if actor else "casequality (audit sample)",
    )
    return children
