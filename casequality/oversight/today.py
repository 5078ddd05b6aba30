"""Each person's actions across all their cases, in the order to do them (issue 23, decision 0041).

`today_for(user, on=day)` is what the Today page lists and what the daily digest sends:

- a case manager: the open actions on their cases that the rulebook gives a case manager
  (owner CM or CM,TM), and every assessment or plan a manager returned to them that they
  have not yet sent back for countersignature (`returned_by`, `returned_on`,
  `returned_reason`): that item is theirs to act on, not the manager's;
- a team manager: their own actions on their team's cases (owner TM or CM,TM, less the
  items returned and not yet sent back), then their team's overdue actions of the case
  managers (`mine` False);
- a QA lead: the managers' overdue actions across their services (`mine` False);
- anyone else: nothing (inspectors, the board and administrators keep their pages).

Scoped exactly as `cases_for_user`. Order: overdue first (longest overdue, then the child at
risk, then must before should), then due today or to do now, then this week (to Sunday),
then later; within those, soonest due, then the child at risk, then must before should.
A standard not met that has no due date is to be put right now ("today").

`child_name` and `returned_reason` are for pages only: mail leaves the service's systems and
carries `child_initials`, `case_ref`, `what` and a link, never a name or the record's free text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from django.db.models import F, QuerySet

from casequality.accounts.models import Role, User
from casequality.accounts.selectors import cases_for_user, user_caseload_staff_id, user_service_ids, user_team_id
from casequality.cases.models import Act, ActKind, Assessment, Case, Event, Plan, ReturnedItem, Staff, StaffRole
from casequality.cases.vocabulary import CUSTODIAL_ORDERS
from casequality.data import today as reads
from casequality.oversight.selectors import TM_OWNERS
from casequality.standards.models import Finding, Kind
from casequality.standards.rulebook import rulebook
from casequality.standards.selectors import HIGH_LEVELS, findings_actions, findings_by_priority

OVERDUE, TODAY, WEEK, LATER = "overdue", "today", "week", "later"
WHEN_ORDER = (OVERDUE, TODAY, WEEK, LATER)
CM_OWNERS = ("CM", "CM,TM")
# The rule that a returned item's countersignature is still to come (its finding is the
# manager's in the rulebook, the item the case manager's until they send it back).
COUNTERSIGN_RULE = "OVS-001"
RETURNED_RULE = "RETURNED"  # TodayItem.rule of a returned item without an open finding


@dataclass(frozen=True)
class TodayItem:
    key: str  # stable identity: "finding:<id>", or "returned:<case id>:<subject type>:<ref>"
    finding_id: int | None  # None: a returned item with no open finding
    case_id: int
    case_ref: str
    child_name: str  # for pages only, never for email
    child_initials: str  # for email
    what: str  # plain words: what to do
    detail: str  # plain words: which record and by when (the finding's message); pages only
    rule: str  # rule id, secondary text
    severity: str  # "must" | "should"
    subject_type: str  # assessment, plan, order, ... ("" for the case)
    subject: str  # the record's reference
    due: date | None
    when: str  # "overdue" | "today" | "week" | "later"
    days_overdue: int
    child_at_risk: bool
    mine: bool  # the user's own action (False: a team member's, shown to their manager)
    action_by: str  # who must act (full name)
    waiting_on: str  # who is waiting (plain words)
    returned_by: str | None  # full name of the manager who returned it
    returned_on: date | None
    returned_reason: str | None  # free text: pages only, never email
    opened_on: date

    @property
    def is_returned(self) -> bool:
        return self.returned_on is not None


@dataclass(frozen=True)
class Countersignature:
    """The countersignature that stands on an assessment or plan (the CMS's or an act's, the
    latest; cases.acts.effective_record chooses the same), with its signer's name."""

    case_id: int
    subject_type: str  # "assessment" | "plan"
    subject: str  # the item's reference
    item_name: str  # "start assessment of 29 November 2026"
    item_date: date
    by_ref: str
    by_name: str
    on: date
    outcome: str  # "approved" | "returned"
    comment: str
    asked_again_on: date | None  # the case manager's request for oversight on or after a return
    current: bool  # the case's latest assessment, or latest plan of its type
    item_id: int = 0  # the assessment's or plan's row
    act_id: int | None = None  # the countersignature act that stands (None: the CMS's record)

    @property
    def awaits_case_manager(self) -> bool:
        """Returned, and not yet sent back: the case manager's to act on."""
        return self.outcome == "returned" and self.asked_again_on is None and self.current


def returned_items_refresh_orm(case_ids: Iterable[int]) -> None:
    """data.today.returned_items_refresh's ORM twin (tests/oversight/test_returned_kept.py
    holds them equal): cases.ReturnedItem written again for these cases, from
    countersignatures_standing."""
    ids = sorted(set(case_ids))
    ReturnedItem.objects.filter(case_id__in=ids).delete()
    ReturnedItem.objects.bulk_create(
        ReturnedItem(
            case_id=c.case_id, kind=c.subject_type, ref=c.subject, item_id=c.item_id, act_id=c.act_id, returned_on=c.on
        )
        for c in countersignatures_standing(ids, returned_only=True)
        if c.awaits_case_manager
    )


def returned_items(cases: QuerySet[Case]) -> list[tuple[int, str, str]]:
    """The assessments and plans of these cases returned by a manager and not yet sent back
    (Countersignature.awaits_case_manager): (case id, "assessment" or "plan", reference)."""
    return [
        (c.case_id, c.subject_type, c.subject)
        for c in countersignatures_standing(cases, returned_only=True)
        if c.awaits_case_manager
    ]


@cache
def child_initials(name: str) -> str:
    """ "Jordan Example" -> "JE"; "Mary-Jane O'Brien" -> "MJO" (each word's and part's first letter)."""
    letters = []
    for word in name.replace("-", " ").split():
        first = next((ch for ch in word if ch.isalpha()), "")
        letters.append(first.upper())
    return "".join(letters)


@lru_cache(maxsize=4096)
def day_words(day: date) -> str:
    """8 December 2026 (GOV.UK's date format). Kept for each day: a Today page writes a few
    dozen due dates, most of them again and again, and strftime's month name costs more."""
    return f"{day.day} {day:%B %Y}"


def _when(due: date | None, kind: str, on: date) -> tuple[str, int]:
    if due is None:
        return (TODAY, 0) if kind == Kind.FINDING else (LATER, 0)
    if due < on:
        return OVERDUE, (on - due).days
    if due == on:
        return TODAY, 0
    if due <= on + timedelta(days=6 - on.weekday()):  # to Sunday
        return WEEK, 0
    return LATER, 0


def when_words(item: TodayItem) -> str:
    """ "3 days overdue", "due today", "due 8 December 2026", "to do now"."""
    if item.when == OVERDUE:
        return f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''} overdue"
    if item.due is None:
        return "to do now" if item.when == TODAY else "no due date"
    if item.when == TODAY:
        return "due today"
    return f"due {day_words(item.due)}"


def sort_key(item: TodayItem) -> tuple:
    """The order to do them in; data/today.py's SQL numbers the rows in the same order."""
    return (
        WHEN_ORDER.index(item.when),
        -item.days_overdue,
        item.due or date.max,
        not item.child_at_risk,
        item.severity != "must",
        item.opened_on,
        item.case_id,
        item.is_returned,
        item.finding_id or 0,
        item.subject_type,
        item.subject,
    )


# --- countersignatures ---------------------------------------------------------------------------
def _item_name(kind: str, row: dict) -> str:
    if kind == "assessment":
        what = f"{row['stage'].replace('pre_sentence', 'pre-sentence').replace('_', ' ')} assessment"
    else:
        what = f"{row['type'].replace('_', ' ')} plan"
    return f"{what} of {day_words(row['date'])}"


def countersignatures_standing(cases: QuerySet[Case] | Iterable[int], *, returned_only: bool = False):
    """The countersignature that stands on each assessment and plan of these cases that has one.

    `returned_only`: only the cases with a return (a returned act, or the CMS's record says
    returned) are read: a few over a whole service. Three queries for one case with no
    return, four with one (the case page reads none of them again: countersignatures_of_items).
    """
    case_ids = cases.values("id") if isinstance(cases, QuerySet) else list(cases)
    if returned_only:
        case_ids = _cases_with_a_return(case_ids)
        if not case_ids:
            return []
    acts = list(
        Act.objects.filter(
            case_id__in=case_ids, kind__in=(ActKind.COUNTERSIGNATURE, ActKind.OVERSIGHT_REQUEST), subject_ref__gt=""
        )
        .order_by("id")
        .values("id", "case_id", "kind", "subject_type", "subject_ref", "by_ref", "date", "outcome", "text", "corrects")
        .annotate(by_name=F("by__name"))
    )
    rows = []
    for kind, model, extra in (("assessment", Assessment, "stage"), ("plan", Plan, "type")):
        for row in model.objects.filter(case_id__in=case_ids).values(
            "id",
            "case_id",
            "ref",
            "date",
            extra,
            "countersigned_by__ref",
            "countersigned_by__name",
            "countersigned_date",
            "countersigned_outcome",
            "countersigned_comment",
        ):
            rows.append((kind, row))
    return _standing(rows, acts, case_ids)


def countersignatures_of_items(assessments: Iterable[dict], plans: Iterable[dict]) -> list[Countersignature]:
    """countersignatures_standing for cases WITHOUT acts, from their assessments and plans as
    the caller already read them: every item of each case, as dicts with the keys
    countersignatures_standing reads (`data.reads.page_records` gives them). No query, but
    the CMS's requests for oversight when an item was returned. The case page passes its
    timeline's rows (decision 0062); tests/oversight/test_today.py proves it gives what
    countersignatures_standing gives."""
    rows = [("assessment", row) for row in assessments] + [("plan", row) for row in plans]
    rows.sort(key=lambda kind_row: (kind_row[0] != "assessment", kind_row[1]["id"]))  # as the model's order reads them
    return _standing(rows, [], sorted({row["case_id"] for _, row in rows}))


def _standing(rows: list[tuple[str, dict]], acts: list[dict], case_ids) -> list[Countersignature]:
    """The countersignatures that stand, from the items' rows ("assessment" or "plan", row)
    and their cases' countersigning and oversight-request acts (with `by_name`)."""
    corrected = {a["corrects"] for a in acts if a["corrects"]}
    acts = [a for a in acts if a["id"] not in corrected]
    by_subject: dict[tuple[int, str, str], list[dict]] = {}
    for act in acts:
        by_subject.setdefault((act["case_id"], act["subject_type"], act["subject_ref"]), []).append(act)
    out: list[Countersignature] = []
    current = _current_items(rows)
    requests = (
        _cms_requests(case_ids)
        if any(r["countersigned_outcome"] == "returned" for _, r in rows)
        or any(a["outcome"] == "returned" for a in acts)
        else {}
    )
    for kind, row in rows:
        key = (row["case_id"], kind, row["ref"])
        candidates = []
        if row["countersigned_date"] and row["countersigned_outcome"]:
            candidates.append(
                (
                    row["countersigned_date"],
                    0,
                    0,
                    row["countersigned_by__ref"] or "",
                    row["countersigned_by__name"] or row["countersigned_by__ref"] or "",
                    row["countersigned_outcome"],
                    row["countersigned_comment"],
                    None,
                )
            )
        subject_acts = by_subject.get(key, [])
        for n, act in enumerate(a for a in subject_acts if a["kind"] == ActKind.COUNTERSIGNATURE):
            candidates.append(
                (
                    act["date"],
                    1,
                    n,
                    act["by_ref"],
                    act["by_name"] or act["by_ref"],
                    act["outcome"],
                    act["text"],
                    act["id"],
                )
            )
        if not candidates:
            continue
        on, _, _, by_ref, by_name, outcome, comment, act_id = max(candidates, key=lambda c: c[:3])
        asked = None
        if outcome == "returned":
            asked_days = [a["date"] for a in subject_acts if a["kind"] == ActKind.OVERSIGHT_REQUEST and a["date"] >= on]
            asked_days += [d for d in requests.get(key, ()) if d >= on]
            asked = min(asked_days) if asked_days else None
        out.append(
            Countersignature(
                case_id=row["case_id"],
                subject_type=kind,
                subject=row["ref"],
                item_name=_item_name(kind, row),
                item_date=row["date"],
                by_ref=by_ref,
                by_name=by_name,
                on=on,
                outcome=outcome,
                comment=comment or "",
                asked_again_on=asked,
                current=key in current,
                item_id=row["id"],
                act_id=act_id,
            )
        )
    return sorted(out, key=lambda c: (c.case_id, -c.on.toordinal(), c.subject_type, c.subject))


def _cms_requests(case_ids) -> dict[tuple[int, str, str], list[date]]:
    """The CMS's own requests for oversight (events), by subject."""
    out: dict[tuple[int, str, str], list[date]] = {}
    for case_id, extra, day in Event.objects.filter(case_id__in=case_ids, type="oversight_request").values_list(
        "case_id", "extra", "date"
    ):
        subject = (extra or {}).get("subject")
        if subject:
            for kind in ("assessment", "plan"):
                out.setdefault((case_id, kind, subject), []).append(day)
    return out


def _cases_with_a_return(case_ids) -> list[int]:
    """Of these cases, those with a returned assessment or plan, by an act or in the CMS's record."""
    found = set(
        Act.objects.filter(case_id__in=case_ids, kind=ActKind.COUNTERSIGNATURE, outcome="returned").values_list(
            "case_id", flat=True
        )
    )
    for model in (Assessment, Plan):
        found |= set(
            model.objects.filter(case_id__in=case_ids, countersigned_outcome="returned").values_list(
                "case_id", flat=True
            )
        )
    return sorted(found)


def _current_items(rows: list[tuple[str, dict]]) -> set[tuple[int, str, str]]:
    """Of these items' cases (every item of each), the latest assessment and the latest plan of each type."""
    latest: dict[tuple, tuple] = {}
    for kind, row in rows:
        key = (row["case_id"], kind, row.get("type", ""))
        if key not in latest or (row["date"], row["id"]) > latest[key][:2]:
            latest[key] = (row["date"], row["id"], row["ref"])
    return {(key[0], key[1], value[2]) for key, value in latest.items()}


# --- the list ----------------------------------------------------------------------------------
def _team_managers(team_ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for team_id, name in (
        Staff.objects.filter(team_id__in=team_ids, role=StaffRole.TEAM_MANAGER, active=True)
        .order_by("name")
        .values_list("team_id", "name")
    ):
        out.setdefault(team_id, name)
    return out


def _findings(cases: QuerySet[Case], on: date, owners: tuple[str, ...], *, overdue_only: bool = False):
    findings = findings_actions(Finding.objects.filter(case_id__in=cases.values("id"))).filter(owner__in=owners)
    if overdue_only:
        findings = findings.filter(due__lt=on)
    return list(
        findings_by_priority(findings, today=on).select_related(
            "case", "case__case_manager", "case__case_manager__manager"
        )
    )


def today_for(user: User, *, on: date) -> list[TodayItem]:
    """The user's actions across every case they may see, in the order to do them (module docstring)."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    role = user.role
    if role not in (Role.CASE_MANAGER, Role.TEAM_MANAGER, Role.QA_LEAD):
        return []
    cases = cases_for_user(user)
    signatures = countersignatures_standing(cases, returned_only=True)
    returned = {(c.case_id, c.subject_type, c.subject): c for c in signatures if c.awaits_case_manager}
    me = user.staff.name if user.staff_id else (user.get_full_name() or user.get_username())
    if role == Role.CASE_MANAGER:
        # One read: the manager's countersignature findings too when an item was returned.
        every = _findings(cases, on, tuple({*CM_OWNERS, *TM_OWNERS}) if returned else CM_OWNERS)
        found = [f for f in every if f.owner in CM_OWNERS]
        tm_found = [f for f in every if f.owner in TM_OWNERS]
        items = [_finding_item(f, on, mine=True, action_by=me, waiting_on=_manager_words(f.case)) for f in found]
        items += _returned_items(returned, tm_found, on, cases, me=me, mine=True)
    else:
        tm_found = _findings(cases, on, TM_OWNERS, overdue_only=role == Role.QA_LEAD)
        items = []
        team_managers = _team_managers({f.case.team_id for f in tm_found if f.case.team_id})
        for f in tm_found:
            if (f.case_id, f.subject_type, f.subject) in returned and f.owner == "TM":
                continue  # the case manager's now: listed below, from the return
            if role == Role.TEAM_MANAGER:
                item = _finding_item(f, on, mine=True, action_by=me, waiting_on=_case_manager_words(f.case))
            else:
                action_by = team_managers.get(f.case.team_id, "The team manager")
                item = _finding_item(f, on, mine=False, action_by=action_by, waiting_on=_case_manager_words(f.case))
            items.append(item)
        if role == Role.TEAM_MANAGER:
            for f in _findings(cases, on, ("CM",), overdue_only=True):
                items.append(_finding_item(f, on, mine=False, action_by=_case_manager_name(f.case), waiting_on="You"))
            late = [i for i in _returned_items(returned, tm_found, on, cases, me="", mine=False) if i.when == OVERDUE]
            items += late
    return sorted(items, key=sort_key)


def _case_manager_name(case: Case) -> str:
    return case.case_manager.name if case.case_manager_id else "No case manager recorded"


def _case_manager_words(case: Case) -> str:
    return f"{case.case_manager.name} (case manager)" if case.case_manager_id else "The case manager"


def _manager_words(case: Case) -> str:
    manager = case.case_manager.manager if case.case_manager_id else None
    return f"{manager.name} (your team manager)" if manager is not None else "Your team manager"


def _finding_item(f: Finding, on: date, *, mine: bool, action_by: str, waiting_on: str) -> TodayItem:
    meta = rulebook().rules.get(f.rule)
    when, days = _when(f.due, f.kind, on)
    return TodayItem(
        key=f"finding:{f.pk}",
        finding_id=f.pk,
        case_id=f.case_id,
        case_ref=f.case.ref,
        child_name=f.case.child_name,
        child_initials=child_initials(f.case.child_name),
        what=(meta.remedy or meta.title) if meta else f.message,
        detail=f.message,
        rule=f.rule,
        severity=f.severity,
        subject_type=f.subject_type,
        subject=f.subject,
        due=f.due,
        when=when,
        days_overdue=days,
        child_at_risk=bool(getattr(f, "child_at_risk", False)),
        mine=mine,
        action_by=action_by,
        waiting_on=waiting_on,
        returned_by=None,
        returned_on=None,
        returned_reason=None,
        opened_on=f.opened_on,
    )


def _returned_items(returned, tm_found, on: date, cases: QuerySet[Case], *, me: str, mine: bool) -> list[TodayItem]:
    """Each returned item not yet sent back, as the case manager's action (its countersignature
    finding, where the rulebook has one open, gives the due date and the child's risk)."""
    if not returned:
        return []
    by_subject = {(f.case_id, f.subject_type, f.subject): f for f in tm_found if f.rule == COUNTERSIGN_RULE}
    case_rows = {
        c.pk: c
        for c in cases.filter(pk__in={k[0] for k in returned}, closed_on__isnull=True).select_related("case_manager")
    }
    items = []
    for key, signed in returned.items():
        case = case_rows.get(key[0])
        if case is None:
            continue
        f = by_subject.get(key)
        due = f.due if f else None
        when, days = _when(due, Kind.FINDING, on)
        items.append(
            TodayItem(
                key=f"returned:{key[0]}:{key[1]}:{key[2]}",
                finding_id=f.pk if f else None,
                case_id=case.pk,
                case_ref=case.ref,
                child_name=case.child_name,
                child_initials=child_initials(case.child_name),
                what=f"Make the changes asked for to the {signed.item_name}, then ask again for countersignature.",
                detail=f.message if f else f"The {signed.item_name} was returned, not countersigned.",
                rule=f.rule if f else RETURNED_RULE,
                severity=f.severity if f else "must",
                subject_type=signed.subject_type,
                subject=signed.subject,
                due=due,
                when=when,
                days_overdue=days,
                child_at_risk=bool(getattr(f, "child_at_risk", False)) if f else False,
                mine=mine,
                action_by=me or _case_manager_name(case),
                waiting_on=f"{signed.by_name}, who returned it",
                returned_by=signed.by_name,
                returned_on=signed.on,
                returned_reason=signed.comment,
                opened_on=f.opened_on if f else signed.on,
            )
        )
    return items


# --- one page of each list, by plain SQL (the Today page; decision 0056) -------------------------
PAGE_SIZE = 25
WHEN_NAMES = (OVERDUE, TODAY, WEEK, LATER)
TEAM_OVERDUE, MANAGERS_OVERDUE = reads.TEAM_OVERDUE, reads.MANAGERS_OVERDUE


@dataclass(frozen=True)
class TodayList:
    """One of a person's lists: its whole length, and the items of the page shown."""

    id: str  # "overdue", "today", "week", "later", "team-overdue", "managers-overdue"
    count: int  # the whole list's length
    page: int  # 1, 2, ...
    pages: int
    first: int  # the position of the page's first item in the list (1-based; 0 if empty)
    items: list[TodayItem]
    asked: int  # the page asked for (the last page is shown past it)
    returned: int  # how many of the whole list are items returned to the case manager


def _scope(user: User) -> tuple[str, list[int]]:
    """cases_for_user's scope (accounts/selectors.py) for the SQL: by case manager, team or services."""
    if user.role == Role.CASE_MANAGER:
        staff_id = user_caseload_staff_id(user)
        return "case_manager", [staff_id] if staff_id else []
    if user.role == Role.TEAM_MANAGER:
        team_id = user_team_id(user)
        return "team", [team_id] if team_id else []
    return "services", sorted(user_service_ids(user))


def today_lists(user: User, *, on: date, pages: dict[str, int] | None = None, per_page: int = PAGE_SIZE):
    """The user's lists as today_for has them (its twin: tests prove them equal), each read a
    page at a time: {list id: TodayList}, in the page's order. `pages` says which page of
    each list (1 unless said); a page past a list's end shows its last page."""
    if not (user and user.is_authenticated and user.is_active):
        return {}
    role = user.role
    if role not in (Role.CASE_MANAGER, Role.TEAM_MANAGER, Role.QA_LEAD):
        return {}
    pages = pages or {}
    view = {Role.CASE_MANAGER: reads.OWN, Role.TEAM_MANAGER: reads.OWN_AND_TEAM, Role.QA_LEAD: reads.SERVICES}[role]
    names = reads.LISTS[view]
    asked = {name: max(1, int(pages.get(name, 1))) for name in names}
    scope, values = _scope(user)

    def read(numbers: dict[str, int]) -> reads.Lists:
        return reads.today_lists(
            view=view,
            scope=scope,
            scope_values=values,
            on=on,
            windows={name: ((n - 1) * per_page, n * per_page) for name, n in numbers.items()},
            cm_owners=CM_OWNERS,
            tm_owners=TM_OWNERS,
            countersign_rule=COUNTERSIGN_RULE,
            returned_rule=RETURNED_RULE,
            custodial=CUSTODIAL_ORDERS,
            high_levels=HIGH_LEVELS,
            manager_role=StaffRole.TEAM_MANAGER,  # the team's manager, named when the team waits
        )

    # A page past the end is read as the millionth at most (its window stays a small number).
    found = read({name: min(n, 1_000_000) for name, n in asked.items()})
    last = {name: max(1, -(-found.counts[name] // per_page)) for name in names}
    shown = {name: min(asked[name], last[name]) for name in names}
    if shown != asked:  # a page past the end: its list's last page instead (a second read)
        found = read(shown)
    me = user.staff.name if user.staff_id else (user.get_full_name() or user.get_username())
    out = {}
    for name in names:
        items = [_item_of_row(row, role, on, me) for row in found.rows[name]]
        out[name] = TodayList(
            id=name,
            count=found.counts[name],
            page=shown[name],
            pages=last[name],
            first=found.rows[name][0].position if found.rows[name] else 0,
            items=items,
            asked=asked[name],
            returned=found.returned[name],
        )
    return out


def _item_of_row(row: reads.Row, role: str, on: date, me: str) -> TodayItem:
    """A row of data/today.py as today_for's TodayItem (the same words, whose action, who waits)."""
    mine = row.list in WHEN_NAMES
    cm_name = row.case_manager if row.case_manager is not None else "No case manager recorded"
    cm_words = f"{row.case_manager} (case manager)" if row.case_manager is not None else "The case manager"
    when, days = WHEN_ORDER[row.when], (on - row.due).days if row.when == 0 and row.due else 0
    if row.returned:
        item_row = {"date": row.item_date, "stage" if row.subject_type == "assessment" else "type": row.item_extra}
        item_name = _item_name(row.subject_type, item_row)
        what = f"Make the changes asked for to the {item_name}, then ask again for countersignature."
        detail = row.message if row.finding_id else f"The {item_name} was returned, not countersigned."
        action_by = (me if mine else "") or cm_name
        waiting_on = f"{row.returned_by}, who returned it"
    else:
        meta = rulebook().rules.get(row.rule)
        what = (meta.remedy or meta.title) if meta else (row.message or "")
        detail = row.message or ""
        if role == Role.CASE_MANAGER:
            action_by = me
            manager = row.team_manager_of_case_manager
            waiting_on = f"{manager} (your team manager)" if manager is not None else "Your team manager"
        elif role == Role.TEAM_MANAGER and mine:
            action_by, waiting_on = me, cm_words
        elif role == Role.TEAM_MANAGER:
            action_by, waiting_on = cm_name, "You"
        else:
            team_manager = row.team_manager_of_team if row.team_id else None
            action_by = team_manager if team_manager is not None else "The team manager"
            waiting_on = cm_words
    return TodayItem(
        key=(
            f"returned:{row.case_id}:{row.subject_type}:{row.subject}" if row.returned else f"finding:{row.finding_id}"
        ),
        finding_id=row.finding_id,
        case_id=row.case_id,
        case_ref=row.case_ref,
        child_name=row.child_name,
        child_initials=child_initials(row.child_name),
        what=what,
        detail=detail,
        rule=row.rule,
        severity=row.severity,
        subject_type=row.subject_type,
        subject=row.subject,
        due=row.due,
        when=when,
        days_overdue=days,
        child_at_risk=row.child_at_risk,
        mine=mine,
        action_by=action_by,
        waiting_on=waiting_on,
        returned_by=row.returned_by if row.returned else None,
        returned_on=row.returned_on if row.returned else None,
        returned_reason=(row.returned_reason or "") if row.returned else None,
        opened_on=row.opened_on,
    )
