"""Reads for the web pages: the caseload and one case's record, in few, constant queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from casequality.accounts.models import User
from casequality.accounts.roles import SCOPE_WITHIN_SERVICES
from casequality.accounts.selectors import case_get_for_user, case_visible_to, cases_for_user, user_service_ids
from casequality.cases.acts import SUBJECT_LISTS, ActState, act_states, effective_record
from casequality.cases.models import Case, Staff, Team
from casequality.cases.selectors import SubjectState, case_document
from casequality.data import reads
from casequality.data.queues import staff_name
from casequality.oversight.today import Countersignature, countersignatures_of_items, countersignatures_standing
from casequality.standards.models import Finding, Kind
from casequality.standards.selectors import findings_can_act, priority_after_risk_key
from casequality.web.dates import govuk_date


def caseload(
    user: User,
    *,
    rule: str = "",
    severity: str = "",
    case_manager_ids: list[int] | None = None,
    team_ids: list[int] | None = None,
) -> QuerySet[Case]:
    """The user's cases (filtered), ordered by reference: page these, then annotate the page
    with caseload_rows(). `severity` is "must", "should" or "task".

    Counting and paging run on the cases alone; the join with findings is only made for
    the page shown, so the page costs the same with 100 cases or 100,000.
    """
    cases = cases_for_user(user)
    if case_manager_ids is not None:
        cases = cases.filter(case_manager_id__in=case_manager_ids)
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    open_findings = Finding.objects.filter(case=OuterRef("pk"), resolved_on__isnull=True)
    if rule:
        cases = cases.filter(Exists(open_findings.filter(rule=rule)))
    if severity == "task":
        cases = cases.filter(Exists(open_findings.filter(kind=Kind.TASK)))
    elif severity:
        cases = cases.filter(Exists(open_findings.filter(kind=Kind.FINDING, severity=severity)))
    return cases.order_by("ref", "id")


@dataclass(frozen=True)
class CaseloadRow:
    """One case of a caseload page: what its row shows."""

    id: int
    ref: str
    child_name: str
    closed_on: date | None
    case_manager_name: str | None
    team_name: str | None
    open_must: int
    open_should: int
    open_tasks: int
    next_due: date | None


def caseload_rows(case_ids: list[int]) -> list[CaseloadRow]:
    """These cases (one page of the caseload) with their open findings by severity and next
    due task, in the order given."""
    by_id = {row["id"]: CaseloadRow(**row) for row in reads.caseload_rows(case_ids)}
    return [by_id[i] for i in case_ids if i in by_id]


def case_for_page(user: User, ref: str) -> Case:
    """accounts.selectors.case_get_for_user's case (Http404 if the user may not see it), read
    for the case page by one plain read (data.reads.page_cases, with its team and case
    manager): building and compiling the queryset was a sixth of the page's CPU.

    The roles whose cases all lie in their services (accounts.roles.SCOPE_WITHIN_SERVICES)
    read the cases of that reference in their services and keep those their scope holds
    (accounts.selectors.case_visible_to, the scope's one test); of two, their home
    service's first, as case_get_for_user. Any other role (an inspector) is case_get_for_user's.
    """
    if user.role not in SCOPE_WITHIN_SERVICES:
        return case_get_for_user(user, ref)
    cases = [
        case
        for case in (_case_of(row) for row in reads.page_cases(ref, user_service_ids(user)))
        if case_visible_to(user, case)
    ]
    if not cases:
        raise Http404("No such case")
    cases.sort(key=lambda c: (c.service_id != user.service_id, c.service_id))
    return cases[0]


_CASE_RELATIONS = {"team": Team, "case_manager": Staff}


def _case_of(row: dict) -> Case:
    """A case as the database gives it (Model.from_db), with its team and case manager, from
    a row of data.reads.page_cases (`team__name`: its team's name)."""
    columns: dict[str, dict] = {"": {}, **{relation: {} for relation in _CASE_RELATIONS}}
    for name, value in row.items():
        relation, _, column = name.rpartition("__")
        columns[relation][column] = value
    case = Case.from_db("default", list(columns[""]), list(columns[""].values()))
    for relation, model in _CASE_RELATIONS.items():
        if columns[relation]["id"] is not None:  # none when the case has none
            values = columns[relation]
            setattr(case, relation, model.from_db("default", list(values), list(values.values())))
    return case


@dataclass(frozen=True)
class TimelineEntry:
    date: date | None
    kind: str  # order, assessment, plan, report, event
    ref: str
    title: str
    detail: str
    obj: object


def case_timeline(case: Case, record: dict[str, list[dict]] | None = None) -> list[TimelineEntry]:
    """Orders, assessments, plans, reports, events and Casequality's acts, newest first.

    An assessment's or plan's countersignature is the one that stands (the CMS's or an
    act's); each act says whether the CMS's record has confirmed it or no longer holds
    its subject. Each entry's `obj` is the record as the page shows it: a dict of
    `data.reads.PAGE_RECORDS`'s columns (an act: the document's act). Six plain reads for a
    case without acts (most cases: the countersignatures are the CMS's, on the rows read
    here), a dozen queries with them. `record`: the case's PAGE_RECORDS and "acts" read
    already (data.reads.case_panel, as the case page reads them in one round trip).
    """
    # Plain reads beside their twins (data/reads.py, decision 0062): Django's building and
    # compiling of these five queries was half the timeline's time.
    if record is None:
        record = {key: reads.page_records(key, [case.pk]) for key in reads.PAGE_RECORDS} | {
            "acts": reads.acts([case.pk])
        }
    records = {key: record[key] for key in reads.PAGE_RECORDS}
    assessments, plans = records["assessments"], records["plans"]
    # The record as an interchange document only when the case has acts to merge into it
    # and judge against it (decision 0047): read twice, it was a quarter of the case page.
    document = case_document(case) if record["acts"] else None
    if document is not None:
        merged = effective_record(document)
        signed = {(kind, r["id"]): r.get("countersigned") for kind, key in SUBJECT_LISTS.items() for r in merged[key]}
        states = act_states(document)
    else:  # what effective_record gives without acts: the CMS's own countersignatures
        signed = {
            (kind, item["ref"]): _stored_countersignature(item)
            for kind, items in (("assessment", assessments), ("plan", plans))
            for item in items  # in the document's order (by id): a repeated ref's last
        }
        states = {}
    entries = chain(
        (
            TimelineEntry(
                o["court_date"],
                "order",
                o["ref"],
                f"Order: {o['type'].replace('_', ' ')}",
                f"Start {govuk_date(o['start'], '–')}, end {govuk_date(o['end'], '–')}",
                o,
            )
            for o in records["orders"]
        ),
        (
            TimelineEntry(
                a["date"],
                "assessment",
                a["ref"],
                f"Assessment ({a['stage'].replace('_', ' ')}, {a['instrument']})",
                _countersign_text(signed.get(("assessment", a["ref"]))),
                a,
            )
            for a in assessments
        ),
        (
            TimelineEntry(
                p["date"],
                "plan",
                p["ref"],
                f"Plan: {p['type'].replace('_', ' ')}",
                _countersign_text(signed.get(("plan", p["ref"]))),
                p,
            )
            for p in plans
        ),
        (
            TimelineEntry(
                r["date"],
                "report",
                r["ref"],
                f"Report: {r['type'].replace('_', ' ')}",
                "Requested" if r["requested"] else "Not requested",
                r,
            )
            for r in records["reports"]
        ),
        (
            # An event's row only: its page shows its date, type and detail (its model, its
            # JSON and its author were a quarter of the timeline's time, decision 0047).
            TimelineEntry(e["date"], "event", e["ref"], f"Event: {e['type'].replace('_', ' ')}", e["detail"], e)
            for e in records["events"]
        ),
        (
            TimelineEntry(
                date.fromisoformat(act["date"]),
                "act",
                act["id"],
                _act_title(act),
                _act_detail(act, states[act["id"]]),
                act,
            )
            for act in (document.get("acts", ()) if document is not None else ())
        ),
    )
    timeline = sorted(entries, key=lambda e: (e.date or date.min, e.kind, e.ref), reverse=True)
    for entry in timeline:  # the countersignature that stands, for the pages that show the item
        if entry.kind in ("assessment", "plan"):
            entry.obj["countersign_text"] = entry.detail
    return timeline


def case_countersignatures(case: Case, timeline: list[TimelineEntry]) -> list[Countersignature]:
    """Who countersigned or returned which assessment or plan of the case, and when
    (oversight.today.countersignatures_standing): for a case without acts (the timeline holds
    none), from the assessments and plans the timeline read, with no query of their own
    (decision 0062); with acts, read afresh with them."""
    if any(entry.kind == "act" for entry in timeline):
        return countersignatures_standing([case.pk])
    return countersignatures_of_items(
        [entry.obj for entry in timeline if entry.kind == "assessment"],
        [entry.obj for entry in timeline if entry.kind == "plan"],
    )


def _act_title(act: dict) -> str:
    if act["kind"] == "countersignature":
        done = "Countersigned" if act["outcome"] == "approved" else "Returned"
        return f"{done} in Casequality: {act['subject_type']} {act['subject']}"
    if act["kind"] == "oversight_request":
        return f"Oversight asked for in Casequality: {act['subject_type']} {act['subject']}"
    return "Manager entry in Casequality"


_ACT_STATES = {
    ActState.COUNTS: "",
    ActState.CONFIRMED: "Confirmed by the case management system. ",
    ActState.WITHDRAWN: "About a record the case management system has withdrawn. ",
    ActState.CORRECTED: "Corrected by a later entry. ",
}


def _act_detail(act: dict, state: ActState) -> str:
    return f"{_ACT_STATES[state]}By {act['recorded_by']}. {act.get('text') or ''}".strip()


def _stored_countersignature(item: dict) -> dict | None:
    """An assessment's or plan's countersignature as the CMS's record gives it (no outcome:
    none), as cases.selectors' interchange document has it."""
    if not item["countersigned_outcome"]:
        return None
    day = item["countersigned_date"]
    return {"date": day.isoformat() if day else None, "outcome": item["countersigned_outcome"]}


def _countersign_text(signed: dict | None) -> str:
    if signed is None:
        return "Not countersigned"
    day = date.fromisoformat(signed["date"])
    if signed["outcome"] == "approved":
        return f"Countersigned on {day:%-d %B %Y}"
    if signed["outcome"] == "returned":
        return f"Returned on {day:%-d %B %Y}"
    return "Not countersigned"


# --- one case's page: what a practitioner reads at a glance -------------------------------
# The timeline's kinds as its filter names them, in the order the filter lists them.
TIMELINE_KINDS = {
    "order": "Orders",
    "assessment": "Assessments",
    "plan": "Plans",
    "report": "Reports",
    "event": "Events",
    "act": "Done in Casequality",
}


@dataclass(frozen=True)
class CaseSummary:
    """What the top of the case page says: the order in force and the latest assessment's levels."""

    order: dict | None  # the timeline's records (data.reads.PAGE_RECORDS)
    assessment: dict | None

    @property
    def band(self) -> str:
        return (self.assessment["likelihood"] or {}).get("band", "") if self.assessment else ""

    @property
    def rosh_level(self) -> str:
        return (self.assessment["rosh"] or {}).get("level", "") if self.assessment else ""

    @property
    def vulnerability_level(self) -> str:
        return (self.assessment["vulnerability"] or {}).get("level", "") if self.assessment else ""


def case_summary(timeline: list[TimelineEntry], *, today: date) -> CaseSummary:
    """The order in force on `today` (else the latest one) and the latest assessment up to
    `today`, read from the case's timeline so the summary costs no query of its own."""
    orders = [e.obj for e in timeline if e.kind == "order"]  # newest first
    in_force = [o for o in orders if o["court_date"] <= today and (o["end"] is None or o["end"] >= today)]
    assessments = [e.obj for e in timeline if e.kind == "assessment" and e.date and e.date <= today]
    return CaseSummary(order=(in_force or orders or [None])[0], assessment=(assessments or [None])[0])


def case_current_plans(timeline: list[TimelineEntry]) -> list[dict]:
    """The latest plan of each type, newest first: the plans in use (older ones stay in the timeline)."""
    latest: dict[str, dict] = {}
    for entry in timeline:  # newest first
        if entry.kind == "plan":
            latest.setdefault(entry.obj["type"], entry.obj)
    return list(latest.values())


def assessment_sections(assessment: dict | None) -> list[tuple[str, int | None, str]]:
    """(section, score, evidence) for each section the assessment scores or gives evidence for,
    in the assessment's own order."""
    if assessment is None:
        return []
    likelihood = assessment["likelihood"] or {}
    scores, evidence = likelihood.get("scores") or {}, likelihood.get("evidence") or {}
    return [
        (section, scores.get(section), evidence.get(section, "")) for section in dict.fromkeys([*scores, *evidence])
    ]


def timeline_kinds(timeline: list[TimelineEntry]) -> list[tuple[str, str, int]]:
    """(kind, label, how many) for each kind the timeline holds: the choices of its filter."""
    counts: dict[str, int] = {}
    for entry in timeline:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    order = list(TIMELINE_KINDS)
    kinds = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [(kind, TIMELINE_KINDS.get(kind, kind.replace("_", " ").capitalize() + "s"), counts[kind]) for kind in kinds]


def timeline_of_kind(timeline: list[TimelineEntry], kind: str) -> list[TimelineEntry]:
    """The entries of one kind ("" or an unknown kind: all of them)."""
    if kind and any(entry.kind == kind for entry in timeline):
        return [entry for entry in timeline if entry.kind == kind]
    return timeline


@dataclass
class FindingRow:
    """A finding as a case's page shows it (data.reads.PAGE_FINDING_COLUMNS), with its notes
    (data.reads.NOTE_COLUMNS, oldest first) when it is an action."""

    id: int
    case_id: int
    rule: str
    kind: str
    severity: str
    owner: str
    subject: str
    subject_type: str
    message: str
    evidence: dict
    due: date | None
    actionable: bool
    opened_on: date
    resolved_on: date | None
    notes: list[dict] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class CaseFindings:
    """A case's verdicts split the way its page shows them."""

    actions: list[FindingRow]  # open and actionable, in priority order (PRIORITY_ORDER)
    history: list[FindingRow]  # open but no longer actionable: past shortfalls, kept as facts
    resolved: list[FindingRow]  # closed, newest first


def case_findings(case: Case, *, today: date, found: list[dict] | None = None) -> CaseFindings:
    """The case's actions (with their notes), its history and its resolved findings: two
    plain reads (data/reads.py, decision 0062), the notes' only when there are actions.

    Actions come in the queues' documented order; within one case the child's risk is the
    same on every line, so it is must before should, then the longest overdue (the order
    after the risk: the risk itself is not worked out for each line). `found`: the case's
    findings read already (data.reads.page_findings's rows).
    """
    if found is None:
        found = reads.page_findings([case.pk])
    findings = [FindingRow(**row) for row in found]  # newest raised first, by rule
    actions = sorted((f for f in findings if findings_can_act(f)), key=priority_after_risk_key)
    by_id = {f.id: f for f in actions}
    for note in reads.finding_notes(list(by_id)):
        by_id[note["finding_id"]].notes.append(note)
    past = [f for f in findings if not findings_can_act(f)]
    return CaseFindings(
        actions=actions,
        history=[f for f in past if f.resolved_on is None],
        resolved=sorted(
            (f for f in past if f.resolved_on is not None), key=lambda f: (f.resolved_on, f.id), reverse=True
        ),
    )


def standing_countersignature(case: Case, state: SubjectState) -> dict | None:
    """The countersignature that stands on an item (the CMS's or an act's), with its signer's
    name and its date as a date, for the countersign page. One plain read (data.queues.staff_name,
    beside its twin): the queryset's building cost more than the database's work."""
    signed = state.countersigned
    if signed is None:
        return None
    name = staff_name(case.service_id, signed["by"])
    return {**signed, "name": name if name is not None else signed["by"], "date": date.fromisoformat(signed["date"])}


# --- a case's out-of-court outcomes, PDAT assessments and victims (format 2) ---------------
# What a case manager needs beside a finding of OOC-, PDAT- or VIC-: the record it names,
# with its dates. The records are the case's JSON lists; dates come as dates and staff
# references as names.
_DATE_KEYS = frozenset(
    {
        "referred",
        "panel_date",
        "decision_date",
        "start",
        "end",
        "date",
        "identified",
        "contact_offered",
        "consent_date",
        "views_sought",
        "rj_offered",
        "rj_done",
        "safety_plan",
    }
)


def _with_dates(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if key in _DATE_KEYS and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, dict):
            value = _with_dates(value)
        out[key] = value
    return out


@dataclass(frozen=True)
class CaseDiversion:
    """A case's out-of-court outcomes (each with its offence and PDAT assessments) and victims."""

    outcomes: list[dict]
    unlinked_pdats: list[dict]  # prevention: PDATs for no outcome
    victims: list[dict]

    @property
    def pdat_count(self) -> int:
        return len(self.unlinked_pdats) + sum(len(o["pdats"]) for o in self.outcomes)


def case_diversion(case: Case) -> CaseDiversion:
    """The case's out-of-court outcomes with their PDATs, and its victims: one plain read (staff names)."""
    offences = {o.get("id"): o for o in case.offences or []}
    refs = {r.get("author") for r in case.diversion_assessments or []} | {v.get("worker") for v in case.victims or []}
    refs |= {(r.get("countersigned") or {}).get("by") for r in case.diversion_assessments or []}
    refs.discard(None)
    # A plain read (decision 0062); only text can name a staff member (a number would not
    # find its name by the lookups below either).
    names = dict(reads.staff_names(case.service_id, [ref for ref in refs if isinstance(ref, str)]))
    pdats = []
    for raw in case.diversion_assessments or []:
        pdat = _with_dates(raw)
        pdat["author_name"] = names.get(raw.get("author"), raw.get("author") or "")
        signed = raw.get("countersigned")
        pdat["countersigned_text"] = _countersign_text(signed) + (
            f" by {names.get(signed['by'], signed['by'])}" if signed and signed.get("outcome") else ""
        )
        pdats.append(pdat)
    outcomes = []
    for raw in case.out_of_court or []:
        outcome = _with_dates(raw)
        outcome["offence_record"] = offences.get(raw.get("offence"))
        outcome["pdats"] = [p for p in pdats if p.get("out_of_court") == raw.get("id")]
        outcomes.append(outcome)
    known = {o.get("id") for o in outcomes}
    victims = []
    for raw in case.victims or []:
        victim = _with_dates(raw)
        victim["offence_record"] = offences.get(raw.get("offence"))
        victim["worker_name"] = names.get(raw.get("worker"), raw.get("worker") or "")
        victims.append(victim)
    return CaseDiversion(
        outcomes=outcomes, unlinked_pdats=[p for p in pdats if p.get("out_of_court") not in known], victims=victims
    )
