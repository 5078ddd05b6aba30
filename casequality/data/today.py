"""The Today page's lists in plain SQL: one statement gives every list's length and the rows
of the pages asked for (decision 0056).

`oversight.today.today_for` builds a person's whole list with the ORM and Python (the
digest reads it); for a QA lead that is thousands of actions across the service, two
seconds of CPU a page. `today_lists` asks the database for the same lists, numbered in
the same order, and keeps only the rows of the pages shown (and each list's length), so a
QA lead's page costs the same whatever the size of the service. A case manager's and a team
manager's lists (their cases' actions: a team's at most) are read whole without the
numbering's windows, which cost PostgreSQL more to plan and run than the few rows do to
number in Python, in the same order. It is the plain read; `today_for`
is its twin: tests/oversight/test_today_reads.py proves that every page of every list, read
here, is `today_for`'s list for each role, on SQLite and PostgreSQL.

`returned_awaiting` is the assessments and plans a manager returned and the case manager
has not sent back (oversight.today.Countersignature.awaits_case_manager, worked out in
Python from `countersignatures_standing`), as SQL. It is not worked out on each page:
`returned_items_refresh` writes it to cases.ReturnedItem in the transaction of every import
and act (cases.services), and the statement above joins those rows (`returned_kept` reads
them; tests/oversight/test_returned_kept.py holds them equal to the record's, and the
plain write to its ORM twin, oversight.today.returned_items_refresh_orm).

Only Django's public API (a cursor). Imports no app: the model's tables are named here, the
rulebook's values (owners, custodial orders, risk levels) are given by the caller and written
into the text as constants (data.planned.constants), every other value is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connections

from casequality.data.planned import constant, constants, fetch_planned

# The lists, by role (oversight.today: WHEN_ORDER and the team's and the service's lists).
OVERDUE, TODAY, WEEK, LATER = "overdue", "today", "week", "later"
TEAM_OVERDUE, MANAGERS_OVERDUE = "team-overdue", "managers-overdue"
# The views of the lists (who sees which is oversight.today's, by role): one's own actions;
# one's own and one's team's overdue ones; the managers' overdue ones across services.
OWN, OWN_AND_TEAM, SERVICES = "own", "own and team", "services"
LISTS = {
    OWN: (OVERDUE, TODAY, WEEK, LATER),
    OWN_AND_TEAM: (OVERDUE, TODAY, WEEK, LATER, TEAM_OVERDUE),
    SERVICES: (MANAGERS_OVERDUE,),
}
SCOPES = {"case_manager": "c.case_manager_id", "team": "c.team_id", "services": "c.service_id"}

# The case's current assessment, or current plan of its type, returned by a manager (the
# case management system's record or Casequality's act, the later standing; an act wins a
# tie) and not asked about again since (a request for oversight, an act or the CMS's event,
# on or after the return), on a case in scope: `returned_awaiting`, and a part of the list.
_ACT_STANDING = (
    "(SELECT x.id FROM cases_act x WHERE x.case_id = i.case_id AND x.kind = 'countersignature' "
    "AND x.subject_type = i.kind AND x.subject_ref = i.ref AND NOT EXISTS (SELECT 1 FROM cases_act y "
    "WHERE y.corrects_id = x.id AND y.kind IN ('countersignature', 'oversight_request') AND y.subject_ref > '') "
    "ORDER BY x.date DESC, x.id DESC LIMIT 1)"
)
_ITEMS = (
    "SELECT '{kind}' AS kind, a.case_id, a.ref, a.id AS item_id, a.date AS item_date, a.{extra} AS item_extra, "
    "a.countersigned_date AS cms_on, a.countersigned_outcome AS cms_outcome, "
    "a.countersigned_comment AS cms_comment, COALESCE(NULLIF(s.name, ''), NULLIF(s.ref, ''), '') AS cms_by "
    "FROM {table} a {source} LEFT JOIN cases_staff s ON s.id = a.countersigned_by_id "
    "WHERE (a.countersigned_outcome = 'returned' OR EXISTS (SELECT 1 FROM cases_act r WHERE r.case_id = a.case_id "
    "AND r.kind = 'countersignature' AND r.subject_type = '{kind}' AND r.subject_ref = a.ref "
    "AND r.outcome = 'returned')) "
    "AND a.ref = (SELECT l.ref FROM {table} l WHERE l.case_id = a.case_id{same_type} "
    "ORDER BY l.date DESC, l.id DESC LIMIT 1)"
)
# Where the items are looked for: every item of the cases in scope.
_ALL_ITEMS = "JOIN scope c ON c.id = a.case_id"
# Always true (a finding's rule is never null), written so that PostgreSQL may read a
# manager's open actions from the two partial indexes of the queues (standards.Finding's
# finding_tm_queue, every rule but OVS-002, and finding_ovs002_queue) joined in one bitmap:
# a third of the rows the index on (service, owner, resolved_on, due) gives, which holds
# the findings no one can act on as well (decision 0056).
_IN_THE_QUEUES_INDEXES = "(f.rule <> 'OVS-002' OR f.rule = 'OVS-002')"


def _returned_sql(source: str) -> str:
    return (
        "items AS ("
        + _ITEMS.format(
            kind="assessment",
            extra="stage",
            table="cases_assessment",
            same_type="",
            source=source.format(kind="assessment"),
        )
        + " UNION ALL "
        + _ITEMS.format(
            kind="plan",
            extra="type",
            table="cases_plan",
            same_type=" AND l.type = a.type",
            source=source.format(kind="plan"),
        )
        + "), with_act AS (SELECT i.*, "
        + _ACT_STANDING
        + " AS act_id FROM items i), standing AS ("
        "SELECT w.kind, w.case_id, w.ref, w.item_id, w.item_date, w.item_extra, "
        "CASE WHEN x.id IS NOT NULL AND (w.cms_on IS NULL OR w.cms_outcome = '' OR x.date >= w.cms_on) "
        "THEN x.id END AS stood_act, "
        "CASE WHEN x.id IS NOT NULL AND (w.cms_on IS NULL OR w.cms_outcome = '' OR x.date >= w.cms_on) "
        "THEN x.date ELSE w.cms_on END AS r_on, "
        "CASE WHEN x.id IS NOT NULL AND (w.cms_on IS NULL OR w.cms_outcome = '' OR x.date >= w.cms_on) "
        "THEN x.outcome ELSE w.cms_outcome END AS outcome, "
        "CASE WHEN x.id IS NOT NULL AND (w.cms_on IS NULL OR w.cms_outcome = '' OR x.date >= w.cms_on) "
        "THEN COALESCE(NULLIF(b.name, ''), x.by_ref) ELSE w.cms_by END AS r_by, "
        "CASE WHEN x.id IS NOT NULL AND (w.cms_on IS NULL OR w.cms_outcome = '' OR x.date >= w.cms_on) "
        "THEN x.text ELSE w.cms_comment END AS r_comment "
        "FROM with_act w LEFT JOIN cases_act x ON x.id = w.act_id LEFT JOIN cases_staff b ON b.id = x.by_id), "
        "returned AS (SELECT t.* FROM standing t WHERE t.outcome = 'returned' AND t.r_on IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM cases_act q WHERE q.case_id = t.case_id AND q.kind = 'oversight_request' "
        "AND q.subject_type = t.kind AND q.subject_ref = t.ref AND q.date >= t.r_on AND NOT EXISTS ("
        "SELECT 1 FROM cases_act y WHERE y.corrects_id = q.id AND y.kind IN ('countersignature', 'oversight_request') "
        "AND y.subject_ref > '')) "
        "AND NOT EXISTS (SELECT 1 FROM cases_event e WHERE e.case_id = t.case_id AND e.type = 'oversight_request' "
        "AND e.extra ->> 'subject' = t.ref AND e.date >= t.r_on))"
    )


# The items kept as returned and awaiting the case manager (cases.ReturnedItem, written by
# returned_items_refresh below) of the cases in scope, with who returned each and why: the
# act's, or the case management system's record's. The same columns as `returned` above.
# MATERIALIZED (PostgreSQL 12+, SQLite 3.35+): planned on its own, not merged into the
# statement's joins, where its six joins made the planner's search most of its time.
_KEPT = (
    "returned AS MATERIALIZED (SELECT k.kind, k.case_id, k.ref, COALESCE(ia.date, ip.date) AS item_date, "
    "COALESCE(ia.stage, ip.type) AS item_extra, k.returned_on AS r_on, "
    "CASE WHEN k.act_id IS NOT NULL THEN COALESCE(NULLIF(b.name, ''), x.by_ref) "
    "ELSE COALESCE(NULLIF(s.name, ''), NULLIF(s.ref, ''), '') END AS r_by, "
    "CASE WHEN k.act_id IS NOT NULL THEN x.text ELSE COALESCE(ia.countersigned_comment, ip.countersigned_comment) "
    "END AS r_comment "
    "FROM cases_returneditem k JOIN cases_case c ON c.id = k.case_id AND {in_scope} "
    "LEFT JOIN cases_assessment ia ON k.kind = 'assessment' AND ia.id = k.item_id "
    "LEFT JOIN cases_plan ip ON k.kind = 'plan' AND ip.id = k.item_id "
    "LEFT JOIN cases_act x ON x.id = k.act_id LEFT JOIN cases_staff b ON b.id = x.by_id "
    "LEFT JOIN cases_staff s ON k.act_id IS NULL AND s.id = COALESCE(ia.countersigned_by_id, ip.countersigned_by_id))"
)


def _kept_sql(scope: str) -> str:
    return _KEPT.format(in_scope=f"{SCOPES[scope]} IN %(scope)s")


# When an action is due, as oversight.today._when says: 0 overdue, 1 today or to do now (a
# standard not met with no due date), 2 this week (to Sunday), 3 later.
_WHEN = (
    "CASE WHEN {f}.due IS NULL THEN (CASE WHEN {kind} = 'finding' THEN 1 ELSE 3 END) "
    "WHEN {f}.due < %(on)s THEN 0 WHEN {f}.due = %(on)s THEN 1 WHEN {f}.due <= %(sunday)s THEN 2 ELSE 3 END"
)
_WHEN_LIST = "CASE ({when}) WHEN 0 THEN 'overdue' WHEN 1 THEN 'today' WHEN 2 THEN 'week' ELSE 'later' END"
_OPEN = "f.resolved_on IS NULL AND f.actionable"
# A manager's action on an item returned and not yet sent back is the case manager's (the
# finding's case is in scope already: the kept rows alone say it).
_NOT_RETURNED = (
    "NOT (f.owner = 'TM' AND EXISTS (SELECT 1 FROM cases_returneditem r WHERE r.case_id = f.case_id "
    "AND r.kind = f.subject_type AND r.ref = f.subject))"
)
_COLUMNS = (
    "f.id AS finding_id, {case_id} AS case_id, {rule} AS rule, {severity} AS severity, {subject_type} AS subject_type, "
    "{subject} AS subject, f.due AS due, {opened_on} AS opened_on, {part} AS part, "
    "{when} AS w, {list} AS list, {r_on} AS r_on, {r_by} AS r_by, {r_comment} AS r_comment, "
    "{item_date} AS item_date, {item_extra} AS item_extra"
)
_FINDING_COLUMNS = dict(
    case_id="f.case_id",
    rule="f.rule",
    severity="f.severity",
    subject_type="f.subject_type",
    subject="f.subject",
    opened_on="f.opened_on",
    part="0",
    r_on="CAST(NULL AS DATE)",
    r_by="CAST(NULL AS TEXT)",
    r_comment="CAST(NULL AS TEXT)",
    item_date="CAST(NULL AS DATE)",
    item_extra="CAST(NULL AS TEXT)",
)
_RETURNED_COLUMNS = dict(
    case_id="r.case_id",
    rule="COALESCE(f.rule, %(returned_rule)s)",
    severity="COALESCE(f.severity, 'must')",
    subject_type="r.kind",
    subject="r.ref",
    opened_on="COALESCE(f.opened_on, r.r_on)",
    part="1",
    r_on="r.r_on",
    r_by="r.r_by",
    r_comment="r.r_comment",
    item_date="r.item_date",
    item_extra="r.item_extra",
)
# The returned item's own countersignature finding, where the rulebook has one open.
_RETURNED_FROM = (
    "FROM returned r JOIN cases_case c ON c.id = r.case_id AND c.closed_on IS NULL "
    "LEFT JOIN standards_finding f ON f.case_id = r.case_id AND f.subject_type = r.kind AND f.subject = r.ref "
    "AND f.rule = %(countersign_rule)s AND f.owner IN %(tm_owners)s AND " + _OPEN
)


def _findings_part(owners: str, list_sql: str | None, *, overdue_only: bool = False, not_returned: bool = False) -> str:
    when = _WHEN.format(f="f", kind="f.kind")
    columns = _COLUMNS.format(when=when, list=list_sql or _WHEN_LIST.format(when=when), **_FINDING_COLUMNS)
    where = f"{_OPEN} AND f.owner IN {owners} /*service*/"
    if owners == "%(tm_owners)s":
        where += " AND " + _IN_THE_QUEUES_INDEXES
    if overdue_only:
        where += " AND f.due < %(on)s"
    if not_returned:
        where += " AND " + _NOT_RETURNED
    return f"SELECT {columns} FROM standards_finding f JOIN scope c ON c.id = f.case_id WHERE {where}"


def _returned_part(list_sql: str | None, *, overdue_only: bool = False) -> str:
    when = _WHEN.format(f="f", kind="'finding'")
    columns = _COLUMNS.format(when=when, list=list_sql or _WHEN_LIST.format(when=when), **_RETURNED_COLUMNS)
    return f"SELECT {columns} {_RETURNED_FROM}" + (" WHERE f.due < %(on)s" if overdue_only else "")


# Each role's lists (oversight.today.today_for's module docstring says whose action is whose).
_PARTS = {
    OWN: [_findings_part("%(cm_owners)s", None), _returned_part(None)],
    OWN_AND_TEAM: [
        _findings_part("%(tm_owners)s", None, not_returned=True),
        _findings_part("('CM')", f"'{TEAM_OVERDUE}'", overdue_only=True),
        _returned_part(f"'{TEAM_OVERDUE}'", overdue_only=True),
    ],
    SERVICES: [_findings_part("%(tm_owners)s", f"'{MANAGERS_OVERDUE}'", overdue_only=True, not_returned=True)],
}

# The child at risk (data/reads.py, cases_at_risk), for the cases of the rows near a page
# (`_RISK`), or of every row read (`_OWN_ROWS`).
_RISK_OF = (
    "risk AS (SELECT c.id FROM cases_case c WHERE c.id IN (SELECT case_id FROM {rows}) AND (c.looked_after "
    "OR EXISTS (SELECT 1 FROM cases_order o WHERE o.case_id = c.id AND o.type IN %(custodial)s "
    'AND o.court_date <= %(on)s AND (o."end" IS NULL OR o."end" >= %(on)s)) '
    "OR EXISTS (SELECT 1 FROM cases_assessment a WHERE a.id = ("
    "SELECT l.id FROM cases_assessment l WHERE l.case_id = c.id AND l.date <= %(on)s "
    "ORDER BY l.date DESC, l.id DESC LIMIT 1) "
    "AND (a.rosh ->> 'level' IN %(levels)s OR a.vulnerability ->> 'level' IN %(levels)s))))"
)
_RISK = _RISK_OF.format(rows="near")
# The case's case manager and their manager, named on a row: a probe a row, where as joins
# the planner read the whole staff twice to hash it for a few dozen rows.
_NAMES = (
    "(SELECT s.name FROM cases_staff s WHERE s.id = c.case_manager_id), "
    "(SELECT t.name FROM cases_staff s JOIN cases_staff t ON t.id = s.manager_id WHERE s.id = c.case_manager_id)"
)
# A case manager's and a team manager's lists are their cases' actions (a team's at most: a
# few hundred), read whole by one statement without the numbering's windows (its planning and
# its sorts were most of the statement's cost), and numbered in Python (`_own_lists`) in
# sort_key's order. The columns are `_PAGE`'s rows' after their list's length and position.
_OWN_ROWS = (
    _RISK_OF.format(rows="listed")
    + " SELECT l.list, l.finding_id, l.case_id, c.ref, c.child_name, c.team_id, l.rule, l.severity, l.subject_type, "
    "l.subject, (SELECT m.message FROM standards_finding m WHERE m.id = l.finding_id), l.due, l.opened_on, l.part, "
    "l.w, CASE WHEN l.finding_id IS NOT NULL AND l.case_id IN (SELECT id FROM risk) THEN 1 ELSE 0 END, l.r_on, "
    "l.r_by, l.r_comment, l.item_date, l.item_extra, " + _NAMES + ", CAST(NULL AS TEXT) "
    "FROM listed l JOIN cases_case c ON c.id = l.case_id"
)


# oversight.today.sort_key: soonest due (the longest overdue first), then the child at risk,
# must before should, the oldest, then the case, the finding before a returned item, by id.
# The rows are counted by due date first (`upto`: the rows up to and including their due
# date's), so the child's risk is worked out only for the due dates that reach the pages
# asked for: a QA lead's first page of thousands of actions asks it of a few dozen cases.
_DUE = "w, CASE WHEN due IS NULL THEN 1 ELSE 0 END, due"
_AFTER_DUE = (
    "at_risk DESC, CASE WHEN severity = 'must' THEN 0 ELSE 1 END, opened_on, case_id, part, "
    "COALESCE(finding_id, 0), subject_type, subject"
)
_NUMBERED = (
    "counted AS (SELECT l.*, COUNT(*) OVER (PARTITION BY list) AS total, "
    "CAST(SUM(part) OVER (PARTITION BY list) AS INTEGER) AS returned, "
    f"COUNT(*) OVER (PARTITION BY list ORDER BY {_DUE}) AS upto, "
    f"COUNT(*) OVER (PARTITION BY list, {_DUE}) AS in_group FROM listed l), "
    "near AS (SELECT * FROM counted n WHERE {near}), "
    + _RISK
    + f", numbered AS (SELECT m.*, m.upto - m.in_group + ROW_NUMBER() OVER (PARTITION BY list, {_DUE} "
    f"ORDER BY {_AFTER_DUE}) AS n FROM "
    "(SELECT near.*, CASE WHEN near.finding_id IS NOT NULL AND near.case_id IN (SELECT id FROM risk) "
    "THEN 1 ELSE 0 END AS at_risk FROM near) m)"
)
_PAGE = (
    "SELECT n.list, n.total, n.n, n.finding_id, n.case_id, c.ref, c.child_name, c.team_id, n.rule, n.severity, "
    # The finding's message for the page's rows only (the rows counted and numbered go without).
    "n.subject_type, n.subject, (SELECT m.message FROM standards_finding m WHERE m.id = n.finding_id), "
    "n.due, n.opened_on, n.part, n.w, n.at_risk, n.r_on, n.r_by, "
    "n.r_comment, n.item_date, n.item_extra, " + _NAMES + ", {team_manager} "
    "FROM numbered n JOIN cases_case c ON c.id = n.case_id WHERE {windows} "
    # Each list's length, whether or not a row of it is on the pages asked for.
    "UNION ALL SELECT k.list, k.total, 0 - k.returned, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM (SELECT DISTINCT list, total, returned FROM counted) k"
)


# The QA lead's one list (SERVICES: the managers' overdue actions across the services) is
# counted without reading its rows: thousands of actions a service, of which a page shows
# 25. The actions are counted by due date from the queues' two partial indexes alone (an
# index-only scan: the due date is in both), less the team manager's actions on items
# returned and awaiting the case manager (`_NOT_RETURNED`: looked for from the few kept
# returned items, not from every action); the running count by due date then says which
# due dates reach the pages asked for, and only their actions are read and numbered as
# `_NUMBERED` numbers every list. Scoped by the finding's service, which is its case's
# (a case never changes service): every count and row of the same rows. On PostgreSQL the
# returned items' cases are probed as an array (`ANY(ARRAY(...))`) so that each is one
# index probe, where a join or IN made the planner read every manager's action to hash them;
# the probe reads the case's open team manager's actions from their own partial index
# (standards' `finding_tm_subject`), not every open finding of the case: 7,478 rows read for
# 362 hidden became about 740 on bench_web, the statement's backend CPU about 8.5 -> 5.8 ms.
_TM_OVERDUE = (
    "f.service_id IN %(scope)s AND f.resolved_on IS NULL AND f.actionable AND f.owner IN %(tm_owners)s "
    "AND f.due < %(on)s"
)
# The hidden actions' match to the kept items is written so that PostgreSQL hashes the few
# kept items once (a subplan under an OR is not made a join; `f.owner <> 'TM'` is never true
# beside `f.owner = 'TM'`), where the semi join probed their index once an action (546 probes
# on bench_web): the whole statement reads about 4,260 -> 2,650 buffers.
_SERVICES = (
    "hidden AS MATERIALIZED (SELECT f.id, f.due FROM standards_finding f WHERE f.case_id {returned_cases} "
    "AND " + _TM_OVERDUE + " AND f.owner = 'TM' AND (f.owner <> 'TM' OR (f.case_id, f.subject_type, f.subject) "
    "IN (SELECT r.case_id, r.kind, r.ref FROM cases_returneditem r))), "
    "dues AS (SELECT g.due, SUM(g.k) AS k FROM ("
    "SELECT f.due, COUNT(*) AS k FROM standards_finding f WHERE " + _TM_OVERDUE + " AND f.rule <> 'OVS-002' "
    "GROUP BY f.due UNION ALL "
    "SELECT f.due, COUNT(*) AS k FROM standards_finding f WHERE " + _TM_OVERDUE + " AND f.rule = 'OVS-002' "
    "GROUP BY f.due UNION ALL "
    "SELECT h.due, 0 - COUNT(*) AS k FROM hidden h GROUP BY h.due) g GROUP BY g.due), "
    "running AS (SELECT d.due, CAST(d.k AS INTEGER) AS in_group, "
    "CAST(SUM(d.k) OVER (ORDER BY d.due) AS INTEGER) AS upto FROM dues d WHERE d.k > 0), "
    "reached AS MATERIALIZED (SELECT n.due, n.in_group, n.upto FROM running n WHERE {near}), "
    "counted AS (SELECT {columns}, (SELECT COALESCE(SUM(t.in_group), 0) FROM running t) AS total, 0 AS returned, "
    "d.upto, d.in_group FROM standards_finding f JOIN reached d ON d.due = f.due "
    "WHERE " + _TM_OVERDUE + " AND f.id NOT IN (SELECT h.id FROM hidden h)), "
    "near AS (SELECT * FROM counted), " + _RISK + ", numbered AS ("
    f"SELECT m.*, m.upto - m.in_group + ROW_NUMBER() OVER (PARTITION BY list, {_DUE} ORDER BY {_AFTER_DUE}) AS n "
    "FROM (SELECT near.*, CASE WHEN near.case_id IN (SELECT id FROM risk) THEN 1 ELSE 0 END AS at_risk "
    "FROM near) m) "
)


def _services_sql(vendor: str, near: str, windows: str) -> str:
    when = _WHEN.format(f="f", kind="f.kind")
    columns = _COLUMNS.format(when=when, list=f"'{MANAGERS_OVERDUE}'", **_FINDING_COLUMNS)
    returned_cases = (
        "= ANY(ARRAY(SELECT r.case_id FROM cases_returneditem r))"
        if vendor == "postgresql"
        else "IN (SELECT r.case_id FROM cases_returneditem r)"
    )
    page = _PAGE.format(windows=windows, team_manager=_TEAM_MANAGER)
    head, _, _ = page.partition("UNION ALL SELECT k.list")
    length = (
        "UNION ALL SELECT %(list_managers-overdue)s, (SELECT COALESCE(SUM(t.in_group), 0) FROM running t), 0, NULL, "
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, NULL, NULL"
    )
    return (
        "WITH "
        + _SERVICES.format(
            returned_cases=returned_cases,
            near=near.replace("n.list = %(list_managers-overdue)s AND ", ""),
            columns=columns,
        )
        + head
        + length
    )


# The team's manager, named on the QA lead's rows only (oversight.today._item_of_row: who
# must act on a manager's action); the other lists' rows go without the lookup.
_TEAM_MANAGER = (
    "(SELECT s.name FROM cases_staff s WHERE s.team_id = c.team_id AND s.role = %(manager_role)s AND s.active "
    "ORDER BY s.name LIMIT 1)"
)


@dataclass(frozen=True)
class Row:
    """One action of a list, with what the page says of it (oversight.today builds its TodayItem)."""

    list: str
    position: int  # 1, 2, ... in the list's order
    finding_id: int | None
    case_id: int
    case_ref: str
    child_name: str
    team_id: int | None
    rule: str
    severity: str
    subject_type: str
    subject: str
    message: str | None
    due: date | None
    opened_on: date
    returned: bool
    when: int  # 0 overdue, 1 today, 2 this week, 3 later
    child_at_risk: bool
    returned_on: date | None
    returned_by: str | None
    returned_reason: str | None
    item_date: date | None
    item_extra: str | None  # the assessment's stage, or the plan's type
    case_manager: str | None
    team_manager_of_case_manager: str | None
    team_manager_of_team: str | None  # the QA lead's list only (None on the others)


@dataclass(frozen=True)
class Lists:
    counts: dict[str, int]  # every list's whole length
    returned: dict[str, int]  # how many of each whole list are items returned to the case manager
    rows: dict[str, list[Row]]  # the rows of the window asked for, in order


def _in(values: Sequence[Any]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")" if values else "(NULL)"


def _day(value: date, vendor: str) -> date | str:
    return value if value is None or vendor == "postgresql" else value.isoformat()


def _as_date(value: Any) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


# The rulebook's values, written into the statement's text (data.planned.constants: a
# generic plan then reads the partial indexes whose predicates name them).
_CONSTANTS = frozenset(
    {"cm_owners", "tm_owners", "countersign_rule", "returned_rule", "custodial", "levels", "manager_role"}
)


def _expand(sql: str, named: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named parameters (%(name)s, a tuple an IN list) as positional ones: the same SQL on
    SQLite and PostgreSQL, every value a parameter but the rulebook's (`_CONSTANTS`)."""
    params: list[Any] = []
    out = []
    rest = sql
    while "%(" in rest:
        before, _, after = rest.partition("%(")
        name, _, rest = after.partition(")s")
        value = named[name]
        if name in _CONSTANTS:
            out.append(before + (constants(value) if isinstance(value, tuple) else constant(value)))
        elif isinstance(value, tuple):
            out.append(before + _in(value))
            params.extend(value)
        else:
            out.append(before + "%s")
            params.append(value)
    out.append(rest)
    return "".join(out), params


def _scope_sql(scope: str, values: Sequence[int]) -> tuple[str, dict[str, Any]]:
    column = SCOPES[scope]
    return f"scope AS (SELECT c.id FROM cases_case c WHERE {column} IN %(scope)s)", {"scope": tuple(values)}


def today_lists(
    *,
    view: str,
    scope: str,
    scope_values: Sequence[int],
    on: date,
    windows: dict[str, tuple[int, int]],
    cm_owners: Sequence[str],
    tm_owners: Sequence[str],
    countersign_rule: str,
    returned_rule: str,
    custodial: Sequence[str],
    high_levels: Sequence[str],
    manager_role: str,
    using: str = "default",
) -> Lists:
    """Each of the view's lists (LISTS) for the cases of `scope` (a case manager's staff id,
    a team's id or services' ids: accounts.selectors.cases_for_user's scope): its whole
    length, and its rows numbered [start, stop) for each `windows[list] = (start, stop)`
    (0-based). One statement."""
    lists = LISTS[view]
    if not scope_values:
        return Lists(
            counts=dict.fromkeys(lists, 0), returned=dict.fromkeys(lists, 0), rows={name: [] for name in lists}
        )
    vendor = connections[using].vendor
    scope_cte, named = _scope_sql(scope, scope_values)
    near_sql, window_sql = [], []
    for name in lists:
        start, stop = windows.get(name, (0, 0))
        named.update({f"list_{name}": name, f"start_{name}": int(start), f"stop_{name}": int(stop)})
        is_list, start_sql, stop_sql = f"n.list = %(list_{name})s", f"%(start_{name})s", f"%(stop_{name})s"
        # A due date's rows reach the window: they start before its end and end after its start.
        near_sql.append(f"({is_list} AND n.upto - n.in_group < {stop_sql} AND n.upto > {start_sql})")
        window_sql.append(f"({is_list} AND n.n > {start_sql} AND n.n <= {stop_sql})")
    sunday = on + timedelta(days=6 - on.weekday())
    named.update(
        on=_day(on, vendor),
        sunday=_day(sunday, vendor),
        cm_owners=tuple(cm_owners),
        tm_owners=tuple(tm_owners),
        countersign_rule=countersign_rule,
        returned_rule=returned_rule,
        custodial=tuple(custodial),
        levels=tuple(high_levels),
        manager_role=manager_role,
    )
    if view == SERVICES:  # counted by due date, only the pages' rows read (_SERVICES)
        sql = _services_sql(vendor, " OR ".join(near_sql), " OR ".join(window_sql))
        text, params = _expand(sql, named)
        return _lists(lists, windows, fetch_planned(text, params, using))
    parts = " UNION ALL ".join(_PARTS[view])
    kept = f"{_kept_sql(scope)}, " if "FROM returned " in parts else ""  # the returned items listed
    listed = f"WITH {scope_cte}, {kept}listed AS ({parts}), "
    # A finding's service is its case's: over services, the index on the findings' service serves.
    service = "AND f.service_id IN %(scope)s" if scope == "services" else ""
    if scope != "services":  # a case manager's or a team's: every row read, numbered here
        # Planned once a connection (decision 0068): its planning was 1.2 ms of its 3.
        sql = (listed + _OWN_ROWS).replace("/*service*/", service)
        text, params = _expand(sql, named)
        return _own_lists(lists, windows, fetch_planned(text, params, using))
    sql = (
        listed
        + _NUMBERED.format(near=" OR ".join(near_sql) or "1 = 0")
        + " "
        + _PAGE.format(windows=" OR ".join(window_sql) or "1 = 0", team_manager="CAST(NULL AS TEXT)")
    )
    return _lists(lists, windows, _fetch(using, *_expand(sql.replace("/*service*/", service), named)))


def _own_key(r: Sequence[Any]) -> tuple[Any, ...]:
    """`_OWN_ROWS`'s row's place in its list: _NUMBERED's order (oversight.today.sort_key)."""
    due = _as_date(r[11])
    return (
        r[14],
        due is None,
        due or date.min,
        not r[15],
        r[7] != "must",
        _as_date(r[12]),
        r[2],
        r[13],
        r[1] or 0,
        r[8],
        r[9],
    )


def _fetch(using: str, text: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(text, params)
        fetched: list[tuple[Any, ...]] = cursor.fetchall()
    return fetched


def _own_lists(lists: Sequence[str], windows: dict[str, tuple[int, int]], fetched: list[tuple[Any, ...]]) -> Lists:
    """Every row of the lists (`_OWN_ROWS`), numbered in order; only the windows' rows kept."""
    every: dict[str, list[Sequence[Any]]] = {name: [] for name in lists}
    for r in fetched:
        every[r[0]].append(r)
    counts, returned = dict.fromkeys(lists, 0), dict.fromkeys(lists, 0)
    rows: dict[str, list[Row]] = {name: [] for name in lists}
    for name, found in every.items():
        counts[name] = len(found)
        returned[name] = sum(1 for r in found if r[13])
        start, stop = windows.get(name, (0, 0))
        if start >= len(found):
            continue
        found.sort(key=_own_key)
        rows[name] = [_row(name, position, r[1:]) for position, r in enumerate(found[start:stop], start + 1)]
    return Lists(counts=counts, returned=returned, rows=rows)


def _lists(lists: Sequence[str], windows: dict[str, tuple[int, int]], fetched: list[tuple[Any, ...]]) -> Lists:
    counts, returned = dict.fromkeys(lists, 0), dict.fromkeys(lists, 0)
    rows: dict[str, list[Row]] = {name: [] for name in lists}
    for r in fetched:
        name = r[0]
        counts[name] = int(r[1])
        start, stop = windows.get(name, (0, 0))
        if r[2] <= 0:  # the list's length, and (negated) how many of it are returned items
            returned[name] = -int(r[2])
            continue
        rows[name].append(_row(name, int(r[2]), r[3:]))
    return Lists(counts=counts, returned=returned, rows=rows)


def _row(name: str, position: int, r: Sequence[Any]) -> Row:
    """A row's columns after its list, its length and its position (`_PAGE`'s, `_OWN_ROWS`'s)."""
    return Row(
        list=name,
        position=position,
        finding_id=r[0],
        case_id=r[1],
        case_ref=r[2],
        child_name=r[3],
        team_id=r[4],
        rule=r[5],
        severity=r[6],
        subject_type=r[7],
        subject=r[8],
        message=r[9],
        due=_as_date(r[10]),
        opened_on=r[11] if isinstance(r[11], date) else date.fromisoformat(r[11]),
        returned=bool(r[12]),
        when=int(r[13]),
        child_at_risk=bool(r[14]),
        returned_on=_as_date(r[15]),
        returned_by=r[16],
        returned_reason=r[17],
        item_date=_as_date(r[18]),
        item_extra=r[19],
        case_manager=r[20],
        team_manager_of_case_manager=r[21],
        team_manager_of_team=r[22],
    )


def returned_awaiting(
    *, scope: str, scope_values: Sequence[int], using: str = "default"
) -> list[tuple[int, str, str, date | None, str, str]]:
    """(case id, "assessment" or "plan", reference, returned on, by whom, why) of each item
    returned and not yet sent back, of the cases in scope; sorted. Its twin:
    oversight.today.countersignatures_standing's `awaits_case_manager`."""
    if not scope_values:
        return []
    scope_cte, named = _scope_sql(scope, scope_values)
    text, params = _expand(
        f"WITH {scope_cte}, {_returned_sql(_ALL_ITEMS)} SELECT case_id, kind, ref, r_on, r_by, r_comment FROM returned "
        "ORDER BY case_id, kind, ref",
        named,
    )
    with connections[using].cursor() as cursor:
        cursor.execute(text, params)
        return [(r[0], r[1], r[2], _as_date(r[3]), r[4], r[5] or "") for r in cursor.fetchall()]


def returned_kept(
    *, scope: str, scope_values: Sequence[int], using: str = "default"
) -> list[tuple[int, str, str, date | None, str, str]]:
    """`returned_awaiting`'s rows as kept in cases.ReturnedItem (what the Today page reads):
    tests hold the two equal after every kind of change."""
    if not scope_values:
        return []
    text, params = _expand(
        f"WITH {_kept_sql(scope)} SELECT case_id, kind, ref, r_on, r_by, r_comment FROM returned "
        "ORDER BY case_id, kind, ref",
        {"scope": tuple(scope_values)},
    )
    with connections[using].cursor() as cursor:
        cursor.execute(text, params)
        return [(r[0], r[1], r[2], _as_date(r[3]), r[4], r[5] or "") for r in cursor.fetchall()]


REFRESH_BATCH = 1000


def returned_items_refresh(*, case_ids: Sequence[int] | set[int], using: str = "default") -> None:
    """Write cases.ReturnedItem again for these cases: their assessments and plans returned
    and not yet sent back (`returned_awaiting`), with the act that stands, if any. Called in
    the transaction that changes what it reads (cases.services: an import, an act); two
    plain statements a thousand cases. Its ORM twin: oversight.today.returned_items_refresh_orm."""
    ids = sorted(set(case_ids))
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), REFRESH_BATCH):
            named = {"scope": tuple(ids[start : start + REFRESH_BATCH])}
            text, params = _expand("DELETE FROM cases_returneditem WHERE case_id IN %(scope)s", named)
            cursor.execute(text, params)
            text, params = _expand(
                "WITH scope AS (SELECT c.id FROM cases_case c WHERE c.id IN %(scope)s), "
                + _returned_sql(_ALL_ITEMS)
                + " INSERT INTO cases_returneditem (case_id, kind, ref, item_id, act_id, returned_on) "
                "SELECT case_id, kind, ref, item_id, stood_act, r_on FROM returned",
                named,
            )
            cursor.execute(text, params)
