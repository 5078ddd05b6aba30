"""The YJB's key performance indicators, counted from case records (interchange v2 dicts).

`compute_kpis` is pure: it reads the case dicts and the board meetings it is given and
nothing else (no database, no clock unless `as_of` is left out). Each figure carries the
children behind it (`case_refs`), what missing data makes it unreliable
(`data_quality`), its definition and the published document it follows (`source`).
Every reading the published texts left open is in docs/decisions/0017-kpi-readings.md.

Periods are inclusive: a date `d` is in the period when `start <= d <= end`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from casequality.cases.vocabulary import CUSTODIAL_ORDERS, STATUTORY_ORDERS, add_months

GUIDANCE = 'YJB, "Key performance indicators for youth justice services" (gov.uk guidance, revised text)'
GUIDANCE_2023 = 'YJB, "Key performance indicators for youth justice services" (gov.uk guidance, April 2023 text)'
QMI = 'YJB, "Quality and methodology information for new KPIs" (gov.uk, 12 June 2025)'
ASSUMED = "; measure assumed (the published text was not found): docs/decisions/0017-kpi-readings.md"
MOJ_REOFFENDING = 'MoJ, "Proven reoffending statistics" methodology (3-month cohort, 12-month follow-up)'
MOJ_FTE = "MoJ, first time entrants (PNC extract), as reported with the YJB's KPIs"

PARTNERS = ("local_authority_childrens_services", "police", "probation", "health", "education")
PARTNER_WORDS = {
    "local_authority_childrens_services": "Local authority children's services",
    "police": "Police",
    "probation": "Probation",
    "health": "Health",
    "education": "Education",
}
WIDER_SERVICES = {
    "early_help": "Early Help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection plan",
    "looked_after": "Looked after",
}
OOC_TYPES = {
    "community_resolution": "Community resolution",
    "outcome_22": "Outcome 22",
    "outcome_21": "Outcome 21",
    "outcome_23": "Outcome 23",
    "youth_caution": "Youth caution",
    "youth_conditional_caution": "Youth conditional caution",
    "other": "Other",
}
# Outcomes recorded on the PNC as a youth caution (first-time entrants, reoffending cohort).
CAUTIONS = frozenset({"youth_caution", "youth_conditional_caution"})
FORMAL_PLANS = {
    "ehcp": "Education, health and care plan",
    "idp": "Individual development plan (Wales)",
    "other_plan": "Other formal plan",
}


@dataclass(frozen=True)
class SubMeasure:
    id: str
    name: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    case_refs: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Kpi:
    """One indicator. `rate` is numerator / denominator (a share 0-1, or for reoffending
    frequency reoffences per reoffender: `unit` says which); None when it cannot be given."""

    id: str
    name: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    definition: str
    source: str
    data_quality: list[str]
    sub_measures: list[SubMeasure]
    case_refs: dict[str, list[str]]
    unit: str = "share"  # share | count | per_reoffender

    def as_dict(self) -> dict:
        return asdict(self)

    def __getitem__(self, key: str):
        """kpi["rate"] as well as kpi.rate: the contract shows a Kpi as a dict."""
        return getattr(self, key)


# --- reading a case dict -----------------------------------------------------------------
def _d(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _in(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def _rate(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 4)


def _refs(*groups: Iterable[str]) -> dict[str, list[str]]:
    names = ("numerator", "denominator")
    return {name: sorted(set(group)) for name, group in zip(names, groups)}


def _sub(id: str, name: str, numerator: list[str], denominator: list[str]) -> SubMeasure:
    return SubMeasure(
        id,
        name,
        len(numerator),
        len(denominator),
        _rate(len(numerator), len(denominator)),
        _refs(numerator, denominator),
    )


def _ref(case: dict) -> str:
    return str(case.get("id"))


def _list(case: dict, key: str) -> list[dict]:
    return case.get(key) or []


def _endings(case: dict, start: date, end: date) -> list[tuple[date, str]]:
    """(end date, id) of each order, and each out-of-court outcome with an intervention,
    that ended in the period."""
    found = [(_d(o.get("end")), o["id"]) for o in _list(case, "orders") if _in(_d(o.get("end")), start, end)]
    found += [
        (_d(oc.get("end")), oc["id"])
        for oc in _list(case, "out_of_court")
        if oc.get("intervention") and _in(_d(oc.get("end")), start, end)
    ]
    return sorted(found)


def _linked_ids(case: dict, ids: set[str]) -> set[str]:
    """The ids plus the order carrying an out-of-court outcome's programme, and back."""
    linked = set(ids)
    for oc in _list(case, "out_of_court"):
        if oc["id"] in ids and oc.get("order"):
            linked.add(oc["order"])
        if oc.get("order") in ids:
            linked.add(oc["id"])
    return linked


def _end_circumstances(case: dict, endings: list[tuple[date, str]]) -> dict | None:
    """The last circumstances recorded at the end of one of the interventions that ended."""
    ids = _linked_ids(case, {ref for _, ref in endings})
    at_end = [c for c in _list(case, "circumstances") if c.get("point") == "end" and c.get("of") in ids]
    if not at_end:
        return None
    return max(at_end, key=lambda c: _d(c.get("date")) or date.min)


def _active_windows(case: dict) -> list[tuple[date | None, date | None]]:
    windows = [(_d(o.get("start")) or _d(o.get("court_date")), _d(o.get("end"))) for o in _list(case, "orders")]
    for oc in _list(case, "out_of_court"):
        begin = _d(oc.get("start")) or _d(oc.get("decision_date")) or _d(oc.get("referred"))
        finish = _d(oc.get("end")) if oc.get("intervention") else (_d(oc.get("decision_date")) or begin)
        windows.append((begin, finish))
    return windows


def _on_caseload(case: dict, start: date, end: date) -> bool:
    """An order or out-of-court outcome of the case was open on some day of the period."""
    return any(b is not None and b <= end and (f is None or f >= start) for b, f in _active_windows(case))


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _of(n: int, total: int, words: str) -> str:
    return f"{n} of {total} {words}"


# --- KPIs 1-5: the children whose programme or order ended -------------------------------
@dataclass
class _Ending:
    ref: str
    circumstances: dict | None


def _ending_children(cases: list[dict], start: date, end: date) -> list[_Ending]:
    children = []
    for case in cases:
        endings = _endings(case, start, end)
        if endings:
            children.append(_Ending(_ref(case), _end_circumstances(case, endings)))
    return children


def _part(child: _Ending, key: str) -> dict | None:
    return (child.circumstances or {}).get(key)


def _suitability_kpi(
    children: list[_Ending],
    *,
    id: str,
    name: str,
    key: str,
    words: str,
    definition: str,
    extra: list[SubMeasure] | None = None,
) -> Kpi:
    denominator = [c.ref for c in children]
    suitable = [c.ref for c in children if (_part(c, key) or {}).get("suitable") is True]
    unsuitable = [c.ref for c in children if (_part(c, key) or {}).get("suitable") is False]
    missing = [c.ref for c in children if (_part(c, key) or {}).get("suitable") is None]
    quality = []
    if missing:
        quality.append(
            _of(len(missing), len(denominator), f"children ending had no {words} recorded at the end")
            + " (counted as not suitable)"
        )
    subs = [
        _sub(f"{id}-suitable", f"In suitable {words}", suitable, denominator),
        _sub(f"{id}-unsuitable", f"In {words} that was not suitable", unsuitable, denominator),
        _sub(f"{id}-not-recorded", f"No {words} recorded at the end", missing, denominator),
        *(extra or []),
    ]
    return Kpi(
        id,
        name,
        len(suitable),
        len(denominator),
        _rate(len(suitable), len(denominator)),
        definition,
        GUIDANCE,
        quality,
        subs,
        _refs(suitable, denominator),
    )


def _kpi_accommodation(children: list[_Ending]) -> Kpi:
    return _suitability_kpi(
        children,
        id="kpi-1",
        name="Accommodation",
        key="accommodation",
        words="accommodation",
        definition="Children in suitable accommodation at the end of their intervention programme or order, "
        "as a proportion of children whose programme or order ended in the period.",
    )


def _kpi_ete(children: list[_Ending]) -> Kpi:
    denominator = [c.ref for c in children]
    extra = [
        _sub(
            f"kpi-2-{status.replace('_', '-')}",
            label,
            [c.ref for c in children if (_part(c, "ete") or {}).get("status") == status],
            denominator,
        )
        for status, label in (("full_time", "Full-time ETE"), ("part_time", "Part-time ETE"), ("none", "No ETE"))
    ]
    return _suitability_kpi(
        children,
        id="kpi-2",
        name="Education, training and employment",
        key="ete",
        words="ETE",
        definition="Children in suitable education, training or employment at the end of their intervention "
        "programme or order, as a proportion of children whose programme or order ended in the period.",
        extra=extra,
    )


def _kpi_send(children: list[_Ending]) -> Kpi:
    identified = [c for c in children if (_part(c, "send") or {}).get("need") == "identified"]
    denominator = [c.ref for c in identified]
    with_plan = [c.ref for c in identified if (_part(c, "send") or {}).get("plan") in FORMAL_PLANS]
    not_known = [c.ref for c in children if (_part(c, "send") or {}).get("need") in (None, "not_assessed")]
    quality = []
    if not_known:
        quality.append(
            _of(len(not_known), len(children), "children ending had no SEND/ALN need recorded, or were not assessed")
            + " (left out of the denominator)"
        )
    no_plan_recorded = [c.ref for c in identified if (_part(c, "send") or {}).get("plan") is None]
    if no_plan_recorded:
        quality.append(
            _of(len(no_plan_recorded), len(identified), "children with an identified need had no plan recorded")
            + " (counted as no plan)"
        )
    subs = [
        _sub(
            f"kpi-3-{plan.replace('_', '-')}",
            label,
            [c.ref for c in identified if (_part(c, "send") or {}).get("plan") == plan],
            denominator,
        )
        for plan, label in FORMAL_PLANS.items()
    ]
    suitable_ete_and_plan = [
        c.ref for c in identified if c.ref in with_plan and (_part(c, "ete") or {}).get("suitable") is True
    ]
    subs.append(
        _sub(
            "kpi-3-plan-and-suitable-ete",
            "A formal plan and in suitable ETE (the 2023 measure)",
            suitable_ete_and_plan,
            denominator,
        )
    )
    subs.append(
        _sub(
            "kpi-3-not-assessed",
            "Children ending with no SEND/ALN need recorded or not assessed",
            not_known,
            [c.ref for c in children],
        )
    )
    return Kpi(
        "kpi-3",
        "Special educational needs or disability (SEND) / additional learning needs (ALN)",
        len(with_plan),
        len(denominator),
        _rate(len(with_plan), len(denominator)),
        "Children with a formal plan in place (an EHCP, an IDP in Wales, or another formal plan) as a "
        "proportion of children with an identified SEND need (ALN in Wales), among children whose "
        "programme or order ended in the period.",
        GUIDANCE,
        quality,
        subs,
        _refs(with_plan, denominator),
    )


def _cascade_kpi(children: list[_Ending], *, id: str, name: str, key: str, words: str, definition: str) -> Kpi:
    denominator = [c.ref for c in children]
    screened = [c.ref for c in children if (_part(c, key) or {}).get("screened") is True]
    need = [c.ref for c in children if (_part(c, key) or {}).get("need") is True]
    offered = [c.ref for c in children if c.ref in need and (_part(c, key) or {}).get("offered") is True]
    attended = [c.ref for c in children if c.ref in offered and (_part(c, key) or {}).get("attended") is True]
    missing = [c.ref for c in children if _part(c, key) is None or (_part(c, key) or {}).get("need") is None]
    quality = []
    if missing:
        quality.append(
            _of(len(missing), len(denominator), f"children ending had no {words} need recorded at the end")
            + " (counted as no need)"
        )
    subs = [
        _sub(f"{id}-screened", "Screened", screened, denominator),
        _sub(f"{id}-need", "Screened or identified need", need, denominator),
        _sub(f"{id}-offered", "Of those with a need: intervention planned or offered", offered, need),
        _sub(f"{id}-attended", "Of those offered: attending", attended, offered),
    ]
    return Kpi(
        id,
        name,
        len(need),
        len(denominator),
        _rate(len(need), len(denominator)),
        definition,
        GUIDANCE,
        quality,
        subs,
        _refs(need, denominator),
    )


def _kpi_mental_health(children: list[_Ending]) -> Kpi:
    return _cascade_kpi(
        children,
        id="kpi-4",
        name="Mental health and emotional wellbeing",
        key="mental_health",
        words="mental health",
        definition="Children with a screened or identified need for an intervention to improve mental health or "
        "emotional wellbeing at the end of their order, as a proportion of children with an order "
        "ending in the period; of them, those with an intervention planned or offered; of those, "
        "those attending.",
    )


def _kpi_substance_misuse(children: list[_Ending]) -> Kpi:
    return _cascade_kpi(
        children,
        id="kpi-5",
        name="Substance misuse",
        key="substance_misuse",
        words="substance misuse",
        definition="Children with a screened or identified need for intervention or treatment to address substance "
        "misuse at the end of their order, as a proportion of children with an order ending in the "
        "period; of them, those with intervention or treatment planned or offered; of those, those "
        "attending.",
    )


# --- KPI 6: out-of-court disposals ---------------------------------------------------------
def _kpi_out_of_court(cases: list[dict], start: date, end: date) -> Kpi:
    ending: dict[str, list[dict]] = {}
    for case in cases:
        outcomes = [
            oc for oc in _list(case, "out_of_court") if oc.get("intervention") and _in(_d(oc.get("end")), start, end)
        ]
        if outcomes:
            ending[_ref(case)] = outcomes
    denominator = list(ending)
    completed = [ref for ref, outcomes in ending.items() if all(oc.get("completed") is True for oc in outcomes)]
    unknown = [ref for ref, outcomes in ending.items() if any(oc.get("completed") is None for oc in outcomes)]
    quality = []
    if unknown:
        quality.append(
            _of(
                len(unknown),
                len(denominator),
                "children whose out-of-court intervention ended had no completion recorded",
            )
            + " (counted as not completed)"
        )
    subs = []
    for kind, label in OOC_TYPES.items():
        of_kind = [ref for ref, outcomes in ending.items() if any(oc.get("type") == kind for oc in outcomes)]
        if of_kind:
            done = [
                ref
                for ref in of_kind
                if all(oc.get("completed") is True for oc in ending[ref] if oc.get("type") == kind)
            ]
            subs.append(_sub(f"kpi-6-{kind.replace('_', '-')}", f"{label}: intervention completed", done, of_kind))
    return Kpi(
        "kpi-6",
        "Out-of-court disposals",
        len(completed),
        len(denominator),
        _rate(len(completed), len(denominator)),
        "Children who completed their out-of-court disposal intervention, as a proportion of children "
        "whose out-of-court disposal intervention ended in the period.",
        GUIDANCE + ASSUMED,
        quality,
        subs,
        _refs(completed, denominator),
    )


# --- KPI 7: management board attendance ---------------------------------------------------
def _kpi_board(board_meetings: list[dict], start: date, end: date) -> Kpi:
    meetings = [m for m in board_meetings if _in(_d(m.get("date")), start, end)]
    attended = recorded = unknown = 0
    subs = []
    for partner in PARTNERS:
        values = [(m.get("attendance") or {}).get(partner) for m in meetings]
        yes = sum(1 for v in values if v is True)
        known = sum(1 for v in values if v is not None)
        attended, recorded, unknown = attended + yes, recorded + known, unknown + len(values) - known
        subs.append(
            SubMeasure(
                f"kpi-7-{partner.replace('_', '-')}",
                f"{PARTNER_WORDS[partner]}: meetings attended",
                yes,
                known,
                _rate(yes, known),
                {},
            )
        )
    quality = []
    if not meetings:
        quality.append("No management board meeting is recorded in the period.")
    if unknown:
        quality.append(
            _of(unknown, len(meetings) * len(PARTNERS), "partner places at board meetings had no attendance recorded")
            + " (left out)"
        )
    return Kpi(
        "kpi-7",
        "Management board attendance",
        attended,
        recorded,
        _rate(attended, recorded),
        "Attendance of the statutory partners (local authority children's services, police, probation, "
        "health) and education at the management board meetings held in the period: places attended as "
        "a proportion of places with attendance recorded; one sub-measure per partner.",
        GUIDANCE + ASSUMED,
        quality,
        subs,
        {"numerator": [], "denominator": []},
    )


# --- KPI 8: wider services ----------------------------------------------------------------
def _latest_circumstances(case: dict, end: date) -> dict | None:
    known = [c for c in _list(case, "circumstances") if (_d(c.get("date")) or date.max) <= end]
    return max(known, key=lambda c: _d(c.get("date"))) if known else None


def _kpi_wider_services(cases: list[dict], start: date, end: date) -> Kpi:
    caseload = [case for case in cases if _on_caseload(case, start, end)]
    denominator = [_ref(c) for c in caseload]
    services: dict[str, list[str] | None] = {}
    for case in caseload:
        latest = _latest_circumstances(case, end)
        services[_ref(case)] = None if latest is None else latest.get("wider_services")
    numerator = [ref for ref, kinds in services.items() if kinds]
    missing = [ref for ref, kinds in services.items() if kinds is None]
    quality = []
    if missing:
        quality.append(
            _of(len(missing), len(denominator), "children on the caseload had no wider services recorded")
            + " (counted as none)"
        )
    subs = [
        _sub(
            f"kpi-8-{kind.replace('_', '-')}",
            label,
            [ref for ref, kinds in services.items() if kinds and kind in kinds],
            denominator,
        )
        for kind, label in WIDER_SERVICES.items()
    ]
    return Kpi(
        "kpi-8",
        "Wider services",
        len(numerator),
        len(denominator),
        _rate(len(numerator), len(denominator)),
        "Children on the caseload in the period who are also supported by wider services (an Early Help "
        "plan, child in need, a child protection plan, or looked after), as a proportion of the caseload; "
        "one sub-measure per service. Read from the last circumstances recorded by the period's end.",
        GUIDANCE + ASSUMED,
        quality,
        subs,
        _refs(numerator, denominator),
    )


# --- KPI 9: serious violence --------------------------------------------------------------
def _kpi_serious_violence(cases: list[dict], start: date, end: date) -> Kpi:
    caseload = [case for case in cases if _on_caseload(case, start, end)]
    denominator = [_ref(c) for c in caseload]
    numerator, unknown, offences = [], [], 0
    for case in caseload:
        in_period = [o for o in _list(case, "offences") if _in(_d(o.get("date")), start, end)]
        serious = [o for o in in_period if o.get("serious_violence") is True]
        offences += len(serious)
        if serious:
            numerator.append(_ref(case))
        if any(o.get("serious_violence") is None for o in in_period):
            unknown.append(_ref(case))
    quality = []
    if unknown:
        quality.append(
            _of(
                len(unknown),
                len(denominator),
                "children on the caseload had an offence in the period not classified as serious violence or not",
            )
            + " (counted as not)"
        )
    gravity5 = [
        _ref(case)
        for case in caseload
        if any(
            o.get("serious_violence") is True and (o.get("gravity") or 0) >= 5
            for o in _list(case, "offences")
            if _in(_d(o.get("date")), start, end)
        )
    ]
    subs = [
        SubMeasure(
            "kpi-9-offences",
            "Serious violence offences in the period (offences, not children)",
            offences,
            None,
            None,
            {},
        ),
        _sub(
            "kpi-9-gravity-5", "Of the caseload: a serious violence offence of gravity 5 or more", gravity5, denominator
        ),
    ]
    return Kpi(
        "kpi-9",
        "Serious violence",
        len(numerator),
        len(denominator),
        _rate(len(numerator), len(denominator)),
        "Children on the caseload in the period with a proven offence dated in the period that the case "
        "management system classifies as serious violence, as a proportion of the caseload.",
        GUIDANCE + ASSUMED,
        quality,
        subs,
        _refs(numerator, denominator),
    )


# --- KPI 10: victims ----------------------------------------------------------------------
def _kpi_victims(cases: list[dict], start: date, end: date) -> Kpi:
    """Counts victims, not children; case_refs name the children's cases the victims belong to."""
    identified, offered, consented, views, rj_offered, engaged, done, unknown = ([] for _ in range(8))
    plan_needed, plan_made = [], []
    for case in cases:
        for v in _list(case, "victims"):
            key = f"{_ref(case)}/{v.get('id')}"
            if _in(_d(v.get("identified")), start, end):
                identified.append(key)
                if v.get("contact_offered"):
                    offered.append(key)
            consent_day = _d(v.get("consent_date")) or _d(v.get("identified"))
            if v.get("consent") == "given" and _in(consent_day, start, end):
                consented.append(key)
                if v.get("views_sought"):
                    views.append(key)
                if v.get("rj_offered"):
                    rj_offered.append(key)
                if v.get("rj_engaged") is True:
                    engaged.append(key)
                elif v.get("rj_engaged") is None:
                    unknown.append(key)
                if v.get("rj_done"):
                    done.append(key)
                if v.get("safety_plan_needed"):
                    plan_needed.append(key)
                    if v.get("safety_plan"):
                        plan_made.append(key)
    quality = []
    if unknown:
        quality.append(
            _of(len(unknown), len(consented), "victims who consented to contact had no RJ engagement recorded")
            + " (counted as not engaged)"
        )

    def cases_of(keys: list[str]) -> list[str]:
        return [k.rsplit("/", 1)[0] for k in keys]

    def vsub(id: str, name: str, num: list[str], den: list[str]) -> SubMeasure:
        return SubMeasure(id, name, len(num), len(den), _rate(len(num), len(den)), _refs(cases_of(num), cases_of(den)))

    subs = [
        vsub(
            "kpi-10-contact-offered", "Victims identified in the period who were offered contact", offered, identified
        ),
        vsub("kpi-10-views-sought", "Of victims consenting: views sought", views, consented),
        vsub("kpi-10-rj-offered", "Of victims consenting: restorative justice offered", rj_offered, consented),
        vsub("kpi-10-rj-done", "Of victims consenting: restorative justice took place", done, consented),
        vsub("kpi-10-safety-plan", "Of victims needing one: a safety plan made", plan_made, plan_needed),
    ]
    return Kpi(
        "kpi-10",
        "Victims",
        len(engaged),
        len(consented),
        _rate(len(engaged), len(consented)),
        "Victims engaged in restorative justice opportunities, as a proportion of victims who consented "
        "to be contacted (consent given in the period). Counts victims, not children.",
        QMI,
        quality,
        subs,
        _refs(cases_of(engaged), cases_of(consented)),
    )


# --- national indicators ------------------------------------------------------------------
def _formal_outcomes(case: dict) -> list[tuple[date, str]]:
    """(date, id) of each youth caution, conditional caution or court sentence of the case."""
    found = []
    for oc in _list(case, "out_of_court"):
        day = _d(oc.get("decision_date"))
        if oc.get("type") in CAUTIONS and day:
            found.append((day, oc["id"]))
    for o in _list(case, "orders"):
        day = _d(o.get("court_date")) or _d(o.get("start"))
        if (o.get("type") in STATUTORY_ORDERS or o.get("type") in CAUTIONS) and day:
            found.append((day, o["id"]))
    return sorted(found)


def _kpi_first_time_entrants(cases: list[dict], start: date, end: date) -> Kpi:
    entrants, unknown = [], []
    for case in cases:
        flagged = [
            oc
            for oc in _list(case, "out_of_court")
            if oc.get("first_time_entrant") is True and _in(_d(oc.get("decision_date")), start, end)
        ]
        flagged_not = any(
            oc.get("first_time_entrant") is False
            for oc in _list(case, "out_of_court")
            if _in(_d(oc.get("decision_date")), start, end)
        )
        outcomes = _formal_outcomes(case)
        first_in_period = bool(outcomes) and _in(outcomes[0][0], start, end)
        if flagged or (first_in_period and not flagged_not):
            entrants.append(_ref(case))
            if not flagged:
                unknown.append(_ref(case))
    quality = [
        "The YJB's rate is per 100,000 children aged 10 to 17 in the area, from the PNC: the record holds "
        "neither the population nor the PNC, so this is the service's own count, without a rate."
    ]
    if unknown:
        quality.append(
            f"{len(unknown)} of {len(entrants)} first-time entrants are counted because no earlier "
            "caution or sentence is recorded, not because the outcome was marked as a first entry."
        )
    return Kpi(
        "fte",
        "First-time entrants",
        len(entrants),
        None,
        None,
        "Children whose first youth caution, youth conditional caution or court sentence fell in the period "
        "(or whose out-of-court outcome in the period is marked as a first entry).",
        MOJ_FTE,
        quality,
        [],
        _refs(entrants, entrants),
        unit="count",
    )


def _cohort(cases: list[dict], start: date, end: date) -> dict[str, tuple[dict, date]]:
    """Each child with a caution, a non-custodial sentence or a release from custody in the
    period, with the first such date (the MoJ's index date)."""
    cohort: dict[str, tuple[dict, date]] = {}
    for case in cases:
        days = []
        for oc in _list(case, "out_of_court"):
            if oc.get("type") in CAUTIONS:
                days.append(_d(oc.get("decision_date")))
        for o in _list(case, "orders"):
            if o.get("type") in CUSTODIAL_ORDERS:
                days.append(_d(o.get("custody_release")))
            elif o.get("type") in STATUTORY_ORDERS or o.get("type") in CAUTIONS:
                days.append(_d(o.get("court_date")) or _d(o.get("start")))
        days = sorted(d for d in days if _in(d, start, end))
        if days:
            cohort[_ref(case)] = (case, days[0])
    return cohort


def _reoffending(cases: list[dict], start: date, end: date, as_of: date) -> tuple[Kpi, Kpi]:
    follow_up_end = add_months(end, 12)
    cohort = _cohort(cases, start, end)
    definition_b = (
        "Children with a caution, a non-custodial sentence or a release from custody in the period "
        "(the cohort) who have a proven offence within 12 months of that date, as a proportion of the "
        "cohort."
    )
    definition_f = "Proven reoffences within the 12-month follow-up, per child in the cohort who reoffended."
    if as_of < follow_up_end:
        note = f"Not given: a 12-month follow-up of this period runs to {_day(follow_up_end)}, after {_day(as_of)}."
        return (
            Kpi(
                "reoffending-binary",
                "Reoffending (binary)",
                None,
                len(cohort),
                None,
                definition_b,
                MOJ_REOFFENDING,
                [note],
                [],
                _refs([], cohort),
            ),
            Kpi(
                "reoffending-frequency",
                "Reoffending (frequency)",
                None,
                None,
                None,
                definition_f,
                MOJ_REOFFENDING,
                [note],
                [],
                _refs([], []),
                unit="per_reoffender",
            ),
        )
    reoffenders, reoffences = [], 0
    for ref, (case, index) in cohort.items():
        window_end = add_months(index, 12)
        later = [o for o in _list(case, "offences") if (d := _d(o.get("date"))) is not None and index < d <= window_end]
        if later:
            reoffenders.append(ref)
            reoffences += len(later)
    quality = ["The MoJ counts offences proven by the PNC; this counts the offences the record holds."]
    if as_of < add_months(follow_up_end, 6):
        quality.append(
            f"The MoJ waits 6 months after the follow-up for offences to be proven (to "
            f"{_day(add_months(follow_up_end, 6))}); offences proven later are missing."
        )
    binary = Kpi(
        "reoffending-binary",
        "Reoffending (binary)",
        len(reoffenders),
        len(cohort),
        _rate(len(reoffenders), len(cohort)),
        definition_b,
        MOJ_REOFFENDING,
        quality,
        [],
        _refs(reoffenders, cohort),
    )
    frequency = Kpi(
        "reoffending-frequency",
        "Reoffending (frequency)",
        reoffences,
        len(reoffenders),
        _rate(reoffences, len(reoffenders)),
        definition_f,
        MOJ_REOFFENDING,
        list(quality),
        [],
        _refs(reoffenders, reoffenders),
        unit="per_reoffender",
    )
    return binary, frequency


def _kpi_custody(cases: list[dict], start: date, end: date) -> Kpi:
    sentenced, custodial = [], []
    for case in cases:
        sentences = [
            o
            for o in _list(case, "orders")
            if o.get("type") in STATUTORY_ORDERS and _in(_d(o.get("court_date")) or _d(o.get("start")), start, end)
        ]
        if sentences:
            sentenced.append(_ref(case))
        if any(o.get("type") in CUSTODIAL_ORDERS for o in sentences):
            custodial.append(_ref(case))
    quality = [
        "The YJB's rate is per 1,000 children aged 10 to 17 in the area: the record holds no population, "
        "so this gives custodial sentences as a share of the court sentences in the period."
    ]
    return Kpi(
        "custody",
        "Use of custody",
        len(custodial),
        len(sentenced),
        _rate(len(custodial), len(sentenced)),
        "Children given a custodial sentence in the period, as a proportion of children given a court "
        "sentence in the period.",
        'YJB/MoJ national indicator "use of custody"' + ASSUMED,
        quality,
        [],
        _refs(custodial, sentenced),
    )


# --- all of them ----------------------------------------------------------------------------
def compute_kpis(
    cases: Iterable[dict], *, start: date, end: date, board_meetings: list[dict], as_of: date | None = None
) -> list[Kpi]:
    """The ten KPIs and the national indicators for the period `start`..`end` (inclusive).

    `as_of` is the day the figures are read (default today): reoffending is given only
    when the 12-month follow-up of the period has passed by then.
    """
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")
    cases = list(cases)
    children = _ending_children(cases, start, end)
    binary, frequency = _reoffending(cases, start, end, as_of or date.today())
    return [
        _kpi_accommodation(children),
        _kpi_ete(children),
        _kpi_send(children),
        _kpi_mental_health(children),
        _kpi_substance_misuse(children),
        _kpi_out_of_court(cases, start, end),
        _kpi_board(board_meetings, start, end),
        _kpi_wider_services(cases, start, end),
        _kpi_serious_violence(cases, start, end),
        _kpi_victims(cases, start, end),
        _kpi_first_time_entrants(cases, start, end),
        binary,
        frequency,
        _kpi_custody(cases, start, end),
    ]


# --- quarters (the YJB reports quarterly, by financial year: Q1 is April to June) ------------
@dataclass(frozen=True)
class Quarter:
    start: date
    end: date

    @property
    def key(self) -> str:
        """2026-04 for April to June 2026: what a page's ?quarter= carries."""
        return f"{self.start:%Y-%m}"

    @property
    def label(self) -> str:
        year = self.start.year if self.start.month >= 4 else self.start.year - 1
        number = (self.start.month - 4) % 12 // 3 + 1
        return f"{self.start:%B} to {self.end:%B %Y} (Q{number} {year}/{str(year + 1)[2:]})"


def quarter_of(day: date) -> Quarter:
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Quarter(first, add_months(first, 3).replace(day=1) - _ONE_DAY)


def quarter_from_key(key: str) -> Quarter | None:
    """The quarter a key like 2026-04 names; None for anything else."""
    try:
        first = date.fromisoformat(f"{key}-01")
    except (TypeError, ValueError):
        return None
    return quarter_of(first) if first.month in (1, 4, 7, 10) else None


def last_complete_quarter(today: date) -> Quarter:
    return quarter_of(quarter_of(today).start - _ONE_DAY)


def recent_quarters(today: date, count: int = 8) -> list[Quarter]:
    """The last `count` complete quarters, the latest first."""
    quarters = [last_complete_quarter(today)]
    while len(quarters) < count:
        quarters.append(quarter_of(quarters[-1].start - _ONE_DAY))
    return quarters


_ONE_DAY = timedelta(days=1)
