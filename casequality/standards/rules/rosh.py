"""Risk of serious harm to others (SQS ¶2.1-2.6): ROSH-001 to ROSH-006."""
from __future__ import annotations

from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, level_words, rule
from casequality.standards.snapshot import CaseSnapshot
from casequality.standards.text import mentions_word

MEDIUM = 1
_FULL_LABELS = {"nature_of_harm": "the nature of the harm", "who_at_risk": "who is at risk", "victims": "victims"}


@rule("ROSH-001")
def rosh_001(case: CaseSnapshot, ctx: Context):
    """A positive RoSH screening is followed by a full assessment (SQS ¶2.4, ¶2.5).

    Standard: where any screening indicator of an assessment is true (intuitive feelings
    included), a full RoSH assessment, on that assessment or a later one, is dated within
    `full_rosh_due_wd` working days of that assessment.
    Passes: screening "current offence" yes on 20 May 2013, full assessment on 29 May.
    Fails: the same screening with no full assessment by 4 June 2013 (10 working days,
    the spring bank holiday excluded): a task until then, a finding from 5 June.
    """
    for i, a in enumerate(case.assessments):
        indicators = [k for k, v in a.screening.items() if v]
        if not indicators:
            continue
        due = ctx.deadline(a.date, "full_rosh_due_wd")
        if any(b.full_date is not None and a.date <= b.full_date <= due for b in case.assessments[i:]):
            continue
        kind = ctx.kind(due)
        said = ", ".join(k.replace("_", " ") for k in indicators)
        message = (f"The RoSH screening of {fmt(a.date)} answered yes ({said}); no full RoSH assessment "
                   f"was completed by {fmt(due)}." if kind == FINDING else
                   f"The RoSH screening of {fmt(a.date)} answered yes ({said}); a full RoSH assessment "
                   f"is due by {fmt(due)}.")
        yield Verdict("ROSH-001", a.id, kind, a.id, "assessment", message,
                      {"indicators": indicators, "due": iso(due)}, due)


@rule("ROSH-002")
def rosh_002(case: CaseSnapshot, ctx: Context):
    """Medium or higher RoSH rests on a full assessment (SQS ¶2.4).

    Standard: an assessment that classifies RoSH as medium or above has a full RoSH
    assessment.
    Passes: RoSH medium with a full assessment recorded on it.
    Fails: RoSH medium on 31 May 2013 with no full assessment.
    """
    for a in case.assessments:
        if a.rosh_rank >= MEDIUM and a.full is None:
            yield Verdict(
                "ROSH-002", a.id, FINDING, a.id, "assessment",
                f"RoSH classified {level_words(a.rosh_level)} on {fmt(a.date)}; no full RoSH assessment recorded.",
                {"rosh_level": a.rosh_level},
            )


@rule("ROSH-003")
def rosh_003(case: CaseSnapshot, ctx: Context):
    """A full RoSH assessment says what, who and which victims (SQS ¶2.5).

    Standard: a full RoSH assessment states the nature of the harm, who is at risk and
    the known and potential victims, each in at least `evidence_min_words` words.
    Passes: three paragraphs, each of 20 words or more.
    Fails: victims: "Unknown."
    """
    minimum = int(ctx.params["evidence_min_words"])
    for a in case.assessments:
        if a.full is None:
            continue
        short = {}
        for key in ("nature_of_harm", "who_at_risk", "victims"):
            n = case.word_count(a.full.get(key))
            if n < minimum:
                short[key] = n
        if short:
            listed = ", ".join(f"{_FULL_LABELS[k]} ({n} word{'' if n == 1 else 's'})" for k, n in short.items())
            yield Verdict(
                "ROSH-003", a.id, FINDING, a.id, "assessment",
                f"The full RoSH assessment of {fmt(a.full_date or a.date)} says too little "
                f"(under {minimum} words) about: {listed}.",
                {"fields": short, "min_words": minimum},
            )


def _management_plan(case: CaseSnapshot, ctx: Context, rule_id: str, plan_type: str, rank: int, level: str | None,
                     a, param: str, addresses: str, what: str):
    due = ctx.deadline(a.date, param)
    plans = [p for p in case.plans if p.type == plan_type and a.date <= p.date <= due]
    if any((p.contingency or "").strip() and p.addresses(addresses) for p in plans):
        return None
    kind = ctx.kind(due)
    name = plan_type.replace("_", " ")
    if plans:
        last = plans[-1]
        gaps = []
        if not (last.contingency or "").strip():
            gaps.append("has no contingency")
        if not last.addresses(addresses):
            gaps.append(f"has no objective addressing {what}")
        problem = f"the {name} plan of {fmt(last.date)} {' and '.join(gaps)}"
    else:
        problem = f"there is no {name} plan"
    head = f"{what[0].upper()}{what[1:]} assessed {level_words(level)} on {fmt(a.date)}"
    message = (f"{head}; by {fmt(due)} {problem}." if kind == FINDING
               else f"{head}; a {name} plan is due by {fmt(due)} ({problem}).")
    return Verdict(rule_id, a.id, kind, a.id, "assessment", message,
                   {"level": level, "due": iso(due), "plans": [p.id for p in plans]}, due)


@rule("ROSH-004")
def rosh_004(case: CaseSnapshot, ctx: Context):
    """Medium or higher RoSH has a risk management plan (SQS ¶2.6).

    Standard: where RoSH is medium or above, a risk management plan is dated within
    `rmp_due_wd` working days of that assessment, with a contingency and an objective
    addressing rosh.
    Passes: RoSH high on 2 April 2013, a plan on 10 April with both.
    Fails: the same with no plan by 16 April 2013 (10 working days, Easter Monday
    excluded): a task until then, a finding from 17 April.
    """
    for a in case.assessments:
        if a.rosh_rank >= MEDIUM:
            v = _management_plan(case, ctx, "ROSH-004", "risk_management", a.rosh_rank, a.rosh_level, a,
                                 "rmp_due_wd", "rosh", "RoSH")
            if v:
                yield v


@rule("ROSH-005")
def rosh_005(case: CaseSnapshot, ctx: Context):
    """The risk management plan deals with victims (SQS ¶2.6).

    Standard: a risk management plan resting on an assessment whose full RoSH assessment
    names victims has an objective or a contingency containing the word "victim" (any
    case, any ending).
    Passes: contingency "If contact with the victim is attempted, inform the police."
    Fails: victims named in the full assessment and neither objectives nor contingency
    mention them.
    """
    for p in case.plans:
        if p.type != "risk_management":
            continue
        a = case.plan_assessment(p)
        if a is None or a.full is None or not (a.full.get("victims") or "").strip():
            continue
        if mentions_word(p.contingency, "victim") or any(mentions_word(o.get("text"), "victim") for o in p.objectives):
            continue
        yield Verdict(
            "ROSH-005", p.id, FINDING, p.id, "plan",
            f"The risk management plan of {fmt(p.date)} does not mention victims, although the full RoSH "
            f"assessment of {fmt(a.date)} names them.",
            {"assessment": a.id},
        )


@rule("ROSH-006")
def rosh_006(case: CaseSnapshot, ctx: Context):
    """A custodial sentence plan addresses RoSH (SQS ¶2.6).

    Standard: a custodial sentence plan whose assessment classifies RoSH as medium or
    above has an objective addressing rosh.
    Passes: RoSH high and an objective addressing rosh.
    Fails: RoSH high and objectives about education only.
    """
    for p in case.plans:
        if p.type != "custodial_sentence":
            continue
        a = case.plan_assessment(p)
        if a is None or a.rosh_rank < MEDIUM or p.addresses("rosh"):
            continue
        yield Verdict(
            "ROSH-006", p.id, FINDING, p.id, "plan",
            f"The custodial sentence plan of {fmt(p.date)} has no objective addressing RoSH, which the "
            f"assessment of {fmt(a.date)} classifies {level_words(a.rosh_level)}.",
            {"assessment": a.id, "rosh_level": a.rosh_level},
        )
