"""A light, typed view of one case record as it stood on an as-of date.

The rules read the interchange case dict (docs/case-format.md) through this snapshot,
parsed once per evaluation: dates become `date` objects, and records dated after the
as-of date are left out, so that a rule never has to think about the future. Each record
exists from its own date: an order from its `court_date`; an assessment, plan, report or
event from its `date`; a full RoSH assessment and a countersignature from their own
`date` (an assessment whose full RoSH assessment is dated later has none yet).

Today's record (casequality/2, docs/case-format.md) adds offences, out-of-court outcomes,
diversion assessments (PDAT), victims, circumstances and an assessment's `assetplus`; a
record without them (every version 1 record) has empty lists and no AssetPlus detail, so
the rules that read them say nothing about it. Each new record exists from its own day:
an offence from its `date`, an out-of-court outcome from its `referred`, a diversion
assessment and circumstances from their `date`, a victim from its `identified`. Within
them, what is dated after the as-of date has not happened yet (a panel, a decision, an
offer of contact, a completed AssetPlus stage, an exit plan...) and reads as not recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from casequality.cases.vocabulary import CUSTODIAL_ORDERS, STATUTORY_ORDERS, level_rank
from casequality.standards.text import count_words, name_tokens

_parse = date.fromisoformat

SECTIONS = (
    "living_arrangements",
    "family_relationships",
    "education_training_employment",
    "neighbourhood",
    "lifestyle",
    "substance_use",
    "physical_health",
    "emotional_mental_health",
    "perception_of_self_and_others",
    "thinking_and_behaviour",
    "attitudes_to_offending",
    "motivation_to_change",
)
FULL_ROSH_TEXTS = ("nature_of_harm", "who_at_risk", "victims", "imminence", "risk_factors", "protective_factors")


def _d(value: str | None) -> date | None:
    return _parse(value) if value else None


class Countersignature:
    __slots__ = ("by", "date", "outcome", "comment")

    def __init__(self, raw: dict[str, Any]):
        self.by: str | None = raw.get("by")
        self.date: date = _parse(raw["date"])
        self.outcome: str = raw.get("outcome") or ""
        self.comment: str = raw.get("comment") or ""


def _happened(value: str | None, as_of: date) -> date | None:
    """A date of something done: None if not recorded or not yet come on the as-of date."""
    day = _d(value)
    return day if day is not None and day <= as_of else None


def _countersignature(raw: dict[str, Any] | None, as_of: date) -> Countersignature | None:
    if not raw or not raw.get("date"):
        return None
    cs = Countersignature(raw)
    return cs if cs.date <= as_of else None


class Order:
    __slots__ = ("id", "type", "court_date", "start", "end", "custody_considered", "custody_release")

    def __init__(self, raw: dict[str, Any]):
        self.id: str = raw["id"]
        self.type: str = raw["type"]
        self.court_date: date = _parse(raw["court_date"])
        # An order without a start date is taken to start on its court date.
        self.start: date = _d(raw.get("start")) or self.court_date
        self.end: date | None = _d(raw.get("end"))
        self.custody_considered: bool = bool(raw.get("custody_considered"))
        self.custody_release: date | None = _d(raw.get("custody_release"))

    @property
    def statutory(self) -> bool:
        return self.type in STATUTORY_ORDERS

    @property
    def custodial(self) -> bool:
        return self.type in CUSTODIAL_ORDERS

    def open_on(self, day: date) -> bool:
        """Whether the order runs on `day`: started on or before it, not ended before it."""
        return self.start <= day and (self.end is None or self.end >= day)


class Report:
    __slots__ = (
        "id",
        "type",
        "order",
        "requested",
        "not_requested_reason",
        "yos_challenged",
        "date",
        "author",
        "text",
        "discussed_with_child",
        "discussed_with_parent",
    )

    def __init__(self, raw: dict[str, Any]):
        self.id: str = raw["id"]
        self.type: str = raw["type"]
        self.order: str | None = raw.get("order")
        self.requested: bool = bool(raw.get("requested"))
        self.not_requested_reason: str | None = raw.get("not_requested_reason")
        self.yos_challenged: bool | None = raw.get("yos_challenged")
        self.date: date | None = _d(raw.get("date"))
        self.author: str | None = raw.get("author")
        self.text: str | None = raw.get("text")
        self.discussed_with_child: bool = bool(raw.get("discussed_with_child"))
        self.discussed_with_parent: bool = bool(raw.get("discussed_with_parent"))


class Assessment:
    __slots__ = (
        "id",
        "date",
        "author",
        "stage",
        "instrument",
        "band",
        "scores",
        "static_score",
        "evidence",
        "screening",
        "full",
        "full_date",
        "rosh_level",
        "vul_level",
        "vul_evidence",
        "vul_other_agency",
        "diversity_barriers",
        "child_views",
        "parent_contributed",
        "countersigned",
        "assetplus",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.date: date = _parse(raw["date"])
        self.author: str | None = raw.get("author")
        self.stage: str = raw.get("stage") or ""
        self.instrument: str = raw.get("instrument") or ""
        lik = raw.get("likelihood") or {}
        self.band: str | None = lik.get("band")
        self.scores: dict[str, int] | None = lik.get("scores")
        self.static_score: int | None = lik.get("static_score")
        self.evidence: dict[str, str] = lik.get("evidence") or {}
        rosh = raw.get("rosh") or {}
        self.screening: dict[str, bool] = rosh.get("screening") or {}
        full = rosh.get("full")
        self.full_date: date | None = _d(full.get("date")) if full else None
        if full and self.full_date is not None and self.full_date > as_of:
            full, self.full_date = None, None
        self.full: dict[str, Any] | None = full
        self.rosh_level: str | None = rosh.get("level")
        vul = raw.get("vulnerability") or {}
        self.vul_level: str | None = vul.get("level")
        self.vul_evidence: str = vul.get("evidence") or ""
        self.vul_other_agency: bool = bool(vul.get("other_agency_information_used"))
        self.diversity_barriers: str = raw.get("diversity_barriers") or ""
        self.child_views: str | None = raw.get("child_views")
        self.parent_contributed: bool = bool(raw.get("parent_contributed"))
        self.countersigned = _countersignature(raw.get("countersigned"), as_of)
        ap = raw.get("assetplus")
        # AssetPlus detail (casequality/2): None on every version 1 record and on Asset ones.
        self.assetplus: AssetPlus | None = AssetPlus(ap, as_of) if ap else None

    @property
    def rosh_rank(self) -> int:
        return level_rank(self.rosh_level)

    @property
    def vul_rank(self) -> int:
        return level_rank(self.vul_level)


ASSETPLUS_STAGES = ("information_gathering", "explanations_conclusions", "pathways_planning")
ASSETPLUS_STAGE_WORDS = {
    "information_gathering": "information gathering",
    "explanations_conclusions": "explanations and conclusions",
    "pathways_planning": "pathways and planning",
    "self_assessment": "self-assessment",
}
ASSETPLUS_JUDGEMENTS = {
    "likelihood_of_reoffending": "likelihood of reoffending",
    "safety_wellbeing": "safety and wellbeing",
    "rosh": "risk of serious harm",
}


class AssetPlus:
    """An assessment's AssetPlus detail: its trigger, stages, rationales and the child's part.

    `completed[stage]` is the day the stage was completed, None while it is not (or not
    yet on the as-of date).
    """

    __slots__ = (
        "trigger",
        "significant_change",
        "completed",
        "by",
        "rationale",
        "desistance_factors",
        "intervention_level",
        "child_self_assessment",
        "parent_self_assessment",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.trigger: str = raw.get("trigger") or ""
        self.significant_change: str | None = raw.get("significant_change")
        stages = raw.get("stages") or {}
        self.completed: dict[str, date | None] = {}
        self.by: dict[str, str | None] = {}
        for name in (*ASSETPLUS_STAGES, "self_assessment"):
            stage = stages.get(name) or {}
            self.completed[name] = _happened(stage.get("completed"), as_of)
            self.by[name] = stage.get("by")
        self.rationale: dict[str, str] = raw.get("rationale") or {}
        self.desistance_factors: list[str] = [f for f in raw.get("desistance_factors") or () if f]
        self.intervention_level: str | None = raw.get("intervention_level")
        self.child_self_assessment: str | None = raw.get("child_self_assessment")
        self.parent_self_assessment: str | None = raw.get("parent_self_assessment")


class Plan:
    __slots__ = (
        "id",
        "date",
        "author",
        "type",
        "assessment",
        "objectives",
        "phases",
        "contingency",
        "agreed_with_child",
        "agreed_with_parent",
        "child_version",
        "countersigned",
        "review_by",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.date: date = _parse(raw["date"])
        self.author: str | None = raw.get("author")
        self.type: str = raw["type"]
        self.assessment: str | None = raw.get("assessment")
        self.objectives: list[dict[str, Any]] = raw.get("objectives") or []
        self.phases: list[str] = raw.get("phases") or []
        self.contingency: str | None = raw.get("contingency")
        self.agreed_with_child: bool = bool(raw.get("agreed_with_child"))
        self.agreed_with_parent: bool = bool(raw.get("agreed_with_parent"))
        self.child_version: str | None = raw.get("child_version")
        self.countersigned = _countersignature(raw.get("countersigned"), as_of)
        self.review_by: date | None = _d(raw.get("review_by"))

    def addresses(self, what: str) -> bool:
        """Whether any objective addresses `what` (a section, rosh, vulnerability, ...)."""
        return any(what in (o.get("addresses") or ()) for o in self.objectives)


class Event:
    __slots__ = ("id", "type", "date", "by", "detail", "raw")

    def __init__(self, raw: dict[str, Any]):
        self.id: str = raw["id"]
        self.type: str = raw["type"]
        self.date: date = _parse(raw["date"])
        self.by: str | None = raw.get("by")
        self.detail: str = raw.get("detail") or ""
        self.raw = raw

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


class Offence:
    __slots__ = ("id", "date", "description", "gravity", "serious_violence")

    def __init__(self, raw: dict[str, Any]):
        self.id: str = raw["id"]
        self.date: date = _parse(raw["date"])
        self.description: str = raw.get("description") or ""
        self.gravity: int | None = raw.get("gravity")
        self.serious_violence: bool = bool(raw.get("serious_violence"))


OUT_OF_COURT_WORDS = {
    "community_resolution": "community resolution",
    "outcome_22": "Outcome 22",
    "outcome_21": "Outcome 21",
    "outcome_23": "Outcome 23",
    "youth_caution": "youth caution",
    "youth_conditional_caution": "youth conditional caution",
    "other": "out-of-court outcome",
}


class OutOfCourt:
    """An out-of-court outcome: the referral, the panel and decision, and the programme."""

    __slots__ = (
        "id",
        "type",
        "offence",
        "referred",
        "panel_date",
        "decision_date",
        "order",
        "intervention",
        "start",
        "end",
        "completed",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.type: str = raw.get("type") or "other"
        self.offence: str | None = raw.get("offence")
        self.referred: date = _parse(raw["referred"])
        self.panel_date: date | None = _happened(raw.get("panel_date"), as_of)
        self.decision_date: date | None = _happened(raw.get("decision_date"), as_of)
        self.order: str | None = raw.get("order")
        self.intervention: bool = bool(raw.get("intervention"))
        self.start: date | None = _happened(raw.get("start"), as_of)
        # The programme's end as recorded (a planned end may lie after the as-of date).
        self.end: date | None = _d(raw.get("end"))
        self.completed: bool | None = raw.get("completed")

    @property
    def words(self) -> str:
        return OUT_OF_COURT_WORDS.get(self.type, OUT_OF_COURT_WORDS["other"])

    def ended_by(self, day: date) -> bool:
        return self.end is not None and self.end <= day


class DiversionAssessment:
    """A Prevention and Diversion Assessment Tool (PDAT) assessment."""

    __slots__ = (
        "id",
        "date",
        "author",
        "out_of_court",
        "child_plan",
        "professional_plan",
        "safety_wellbeing",
        "exit_plan",
        "exit_date",
        "countersigned",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.date: date = _parse(raw["date"])
        self.author: str | None = raw.get("author")
        self.out_of_court: str | None = raw.get("out_of_court")
        self.child_plan: dict[str, str] | None = raw.get("child_plan")
        self.professional_plan: str | None = raw.get("professional_plan")
        self.safety_wellbeing: str | None = raw.get("safety_wellbeing")
        exit_plan = raw.get("exit_plan")
        self.exit_date: date | None = _happened(exit_plan.get("date"), as_of) if exit_plan else None
        # An exit plan dated after the as-of date has not been written yet.
        self.exit_plan: dict[str, Any] | None = exit_plan if self.exit_date is not None else None
        self.countersigned = _countersignature(raw.get("countersigned"), as_of)


class Victim:
    """A victim (no name is held): contact, consent, views, restorative justice, safety plan."""

    __slots__ = (
        "id",
        "offence",
        "kind",
        "identified",
        "contact_offered",
        "consent",
        "consent_date",
        "views_sought",
        "views",
        "rj_offered",
        "rj_engaged",
        "rj_done",
        "rj_kind",
        "safety_plan_needed",
        "safety_plan",
        "worker",
    )

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.offence: str | None = raw.get("offence")
        self.kind: str = raw.get("kind") or "other"
        self.identified: date = _parse(raw["identified"])
        self.contact_offered: date | None = _happened(raw.get("contact_offered"), as_of)
        self.consent_date: date | None = _happened(raw.get("consent_date"), as_of)
        consent = raw.get("consent") or "not_asked"
        # Consent recorded with a later date had not been asked on the as-of date.
        if raw.get("consent_date") and self.consent_date is None:
            consent = "not_asked"
        self.consent: str = consent
        self.views_sought: date | None = _happened(raw.get("views_sought"), as_of)
        self.views: str | None = raw.get("views")
        self.rj_offered: date | None = _happened(raw.get("rj_offered"), as_of)
        self.rj_engaged: bool | None = raw.get("rj_engaged")
        self.rj_done: date | None = _happened(raw.get("rj_done"), as_of)
        self.rj_kind: str | None = raw.get("rj_kind")
        self.safety_plan_needed: bool = bool(raw.get("safety_plan_needed"))
        self.safety_plan: date | None = _happened(raw.get("safety_plan"), as_of)
        self.worker: str | None = raw.get("worker")


class SeriousIncident:
    """A serious incident the YJB is to be notified of (format 2.1): when the service knew,
    when it notified, when its review of the case was completed."""

    __slots__ = ("id", "category", "date", "aware", "offence", "notified", "review_completed", "review_learning")

    def __init__(self, raw: dict[str, Any], as_of: date):
        self.id: str = raw["id"]
        self.category: str = raw.get("category") or "other"
        self.date: date = _parse(raw["date"])
        self.aware: date = _parse(raw["aware"])
        self.offence: str | None = raw.get("offence")
        self.notified: date | None = _happened(raw.get("notified"), as_of)
        self.review_completed: date | None = _happened(raw.get("review_completed"), as_of)
        self.review_learning: str | None = raw.get("review_learning") if self.review_completed else None


class MappaEligibility:
    """The day a child met the MAPPA eligibility criteria of a category (format 2.1)."""

    __slots__ = ("id", "category", "start", "basis")

    def __init__(self, raw: dict[str, Any]):
        self.id: str = raw["id"]
        self.category: int = int(raw["category"])
        self.start: date = _parse(raw["from"])
        self.basis: str = raw.get("basis") or ""


class Circumstances:
    """What the KPIs read at the start or end of an order or programme (the rules keep it raw)."""

    __slots__ = ("date", "point", "of", "raw")

    def __init__(self, raw: dict[str, Any]):
        self.date: date = _parse(raw["date"])
        self.point: str = raw.get("point") or ""
        self.of: str | None = raw.get("of")
        self.raw = raw


def _dated[T](items: Iterable[T], as_of: date, key: Callable[[T], date]) -> list[T]:
    """The items that exist on the as-of date, sorted by their day (the record's order on a tie)."""
    return sorted((i for i in items if key(i) <= as_of), key=key)


class CaseSnapshot:
    """One case as it stood on `as_of`. Lists keep the record's order, sorted by date."""

    __slots__ = (
        "id",
        "as_of",
        "child_name",
        "looked_after",
        "social_worker",
        "diversity",
        "case_manager",
        "orders",
        "reports",
        "assessments",
        "plans",
        "events",
        "closed_on",
        "offences",
        "out_of_court",
        "diversion_assessments",
        "victims",
        "circumstances",
        "serious_incidents",
        "mappa_eligibility",
        "_by_id",
        "_tokens",
    )

    def __init__(self, doc: dict[str, Any], as_of: date):
        self.id: str = doc["id"]
        self.as_of = as_of
        child = doc.get("child") or {}
        self.child_name: str = child.get("name") or ""
        self.looked_after: bool = bool(child.get("looked_after"))
        self.social_worker: str | None = child.get("social_worker")
        self.diversity: dict[str, Any] = child.get("diversity") or {}
        self.case_manager: str | None = doc.get("case_manager")
        orders = [Order(o) for o in doc.get("orders") or ()]
        self.orders = [o for o in orders if o.court_date <= as_of]
        order_ids = {o.id for o in self.orders}
        reports = []
        for r in doc.get("reports") or ():
            rep = Report(r)
            # A report not requested has no date: it exists with its order.
            if (rep.date is None and (rep.order is None or rep.order in order_ids)) or (
                rep.date is not None and rep.date <= as_of
            ):
                reports.append(rep)
        self.reports = reports
        self.assessments = sorted(
            (a for a in (Assessment(a, as_of) for a in doc.get("assessments") or ()) if a.date <= as_of),
            key=lambda a: a.date,
        )
        self.plans = sorted(
            (p for p in (Plan(p, as_of) for p in doc.get("plans") or ()) if p.date <= as_of), key=lambda p: p.date
        )
        self.events = sorted(
            (e for e in (Event(e) for e in doc.get("events") or ()) if e.date <= as_of), key=lambda e: e.date
        )
        # Today's record (casequality/2); absent on a version 1 record: nothing recorded.
        self.offences = _dated((Offence(o) for o in doc.get("offences") or ()), as_of, lambda o: o.date)
        self.out_of_court = _dated(
            (OutOfCourt(o, as_of) for o in doc.get("out_of_court") or ()), as_of, lambda o: o.referred
        )
        self.diversion_assessments = _dated(
            (DiversionAssessment(d, as_of) for d in doc.get("diversion_assessments") or ()), as_of, lambda d: d.date
        )
        self.victims = _dated((Victim(v, as_of) for v in doc.get("victims") or ()), as_of, lambda v: v.identified)
        self.circumstances = _dated((Circumstances(c) for c in doc.get("circumstances") or ()), as_of, lambda c: c.date)
        # Format 2.1 (the YJB's side); absent before: nothing recorded.
        self.serious_incidents = _dated(
            (SeriousIncident(i, as_of) for i in doc.get("serious_incidents") or ()), as_of, lambda i: i.aware
        )
        self.mappa_eligibility = _dated(
            (MappaEligibility(m) for m in doc.get("mappa_eligibility") or ()), as_of, lambda m: m.start
        )
        closed = [e.date for e in self.events if e.type == "closed"]
        self.closed_on: date | None = min(closed) if closed else None
        self._by_id: dict[str, Assessment] | None = None
        self._tokens: dict[str, list[str]] = {}

    def tokens(self, text: str | None) -> list[str]:
        """A text's words (lower case), tokenised once per evaluation for every rule."""
        if not text:
            return []
        found = self._tokens.get(text)
        if found is None:
            found = self._tokens[text] = name_tokens(text)
        return found

    def word_count(self, text: str | None) -> int:
        """How many words a text has (numbers are not words)."""
        return count_words(self.tokens(text))

    @property
    def is_open(self) -> bool:
        """A case is open unless it has a `closed` event on or before the as-of date."""
        return self.closed_on is None

    def assessment(self, ref: str | None) -> Assessment | None:
        if ref is None:
            return None
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.assessments}
        return self._by_id.get(ref)

    def assessment_on(self, day: date) -> Assessment | None:
        """The latest assessment on or before `day` (the last in the record on a tie)."""
        found = None
        for a in self.assessments:
            if a.date > day:
                break
            found = a
        return found

    def plan_assessment(self, plan: Plan) -> Assessment | None:
        """A plan's assessment: the one it names, else the latest on or before its date."""
        return self.assessment(plan.assessment) if plan.assessment else self.assessment_on(plan.date)

    def events_of(self, *types: str) -> list[Event]:
        return [e for e in self.events if e.type in types]

    def statutory_orders(self) -> list[Order]:
        return [o for o in self.orders if o.type in STATUTORY_ORDERS]
