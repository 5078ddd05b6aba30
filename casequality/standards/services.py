"""Writes of the standards app: evaluating stored cases and keeping their findings.

A finding's identity is (case, rule, key) (docs/decisions/0003). Storing an evaluation
of some cases updates the open row of each identity that still fires (a task past its
due date becomes a finding in the same row), opens rows for new identities, and closes
the open rows that no longer fire with `resolved_on` = the as-of date, so the history
of each finding is kept. Cases are read and written in chunks: a few queries per chunk,
none per case or per finding.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import connections, transaction
from django.db.models import Count, F, Field, Min, Q, QuerySet
from django.utils import timezone

from casequality.cases.acts import ActState, act_states
from casequality.cases.models import Case, Service
from casequality.cases.selectors import case_documents
from casequality.data import reads
from casequality.standards.engine import Engine
from casequality.standards.models import (
    CaseRemovals,
    CaseUrgency,
    Finding,
    Kind,
    ParameterSetting,
    Resolution,
    RuleSetting,
    Severity,
)
from casequality.standards.rulebook import effective_parameters, rulebook
from casequality.standards.rules import Verdict
from casequality.standards.selectors import (
    StaffRoles,
    name_index_refresh,
    service_name_index,
    service_rule_settings,
    service_staff_roles,
)
from casequality.standards.text import reading_grade

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

    from casequality.accounts.models import User

logger = logging.getLogger(__name__)

CHUNK = 500
_RECORD_SUBJECTS = {
    "order": "orders",
    "report": "reports",
    "assessment": "assessments",
    "plan": "plans",
    "event": "events",
    # Today's record (casequality/2): the subjects of the APL, PDAT, OOC and VIC rules.
    "outcome": "out_of_court",
    "diversion": "diversion_assessments",
    "victim": "victims",
    # Format 2.1: the subjects of the SPP rules.
    "incident": "serious_incidents",
    "mappa": "mappa_eligibility",
}

_WITHDRAWABLE = {*_RECORD_SUBJECTS, "item"}


def record_subjects(document: dict[str, Any]) -> set[tuple[str, str]]:
    """The (subject type, ref) pairs a case record holds, its acts' merged events included."""
    pairs = {(kind, record["id"]) for kind, key in _RECORD_SUBJECTS.items() for record in document.get(key) or ()}
    # An act merged into the record is an event of it; one about a withdrawn subject is not.
    pairs.update(("event", ref) for ref, state in act_states(document).items() if state is ActState.COUNTS)
    # OVS-004 names an assessment or plan as an "item", by its ref alone.
    pairs.update(("item", ref) for kind, ref in list(pairs) if kind in ("assessment", "plan"))
    return pairs


_UPDATED_FIELDS = (
    "kind",
    "severity",
    "owner",
    "subject",
    "subject_type",
    "message",
    "evidence",
    "due",
    "actionable",
    "met_on",
)


@dataclass
class EvaluationSummary:
    """What an evaluation stored: counts overall and per rule."""

    as_of: date
    cases: int = 0
    opened: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    closed: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)  # open findings per rule after the evaluation
    tasks: Counter[str] = field(default_factory=Counter)  # open tasks per rule after the evaluation

    def add(self, other: EvaluationSummary) -> None:
        self.cases += other.cases
        for name in ("opened", "updated", "unchanged", "closed", "findings", "tasks"):
            getattr(self, name).update(getattr(other, name))


# Up to this many cases, an evaluation reads the roles of the staff they name, not the
# whole service's staff (thousands at 100,000 cases).
FEW_CASES = 200


def service_engine(*, service: Service, as_of: date, fresh_names: bool = False, few: bool = False) -> Engine:
    """An engine with the service's settings, staff and children's names (`few`: the staff
    the cases name, read as needed)."""
    overrides, disabled = service_rule_settings(service=service)
    # StaffRoles reads roles as the rules ask: it answers get() as the dict would, the one
    # method the rules call on Context.staff_roles (typed a dict in standards/rules).
    staff_roles = cast(dict[str, str], StaffRoles(service)) if few else service_staff_roles(service=service)
    return Engine(
        as_of=as_of,
        overrides=overrides,
        disabled=disabled,
        names=service_name_index(service=service, fresh=fresh_names),
        staff_roles=staff_roles,
    )


def _countersigners(documents: Iterable[tuple[Case, dict[str, Any]]]) -> Iterable[str | None]:
    """The staff ids that countersigned something in these records (what can_countersign asks)."""
    for _case, document in documents:
        for key in ("assessments", "plans"):
            for record in document.get(key) or ():
                yield (record.get("countersigned") or {}).get("by")
        for act in document.get("acts") or ():
            yield act.get("by")


def findings_store(
    *,
    service: Service,
    as_of: date,
    engine: Engine,
    results: list[tuple[int, list[Verdict]]],
    subjects: dict[int, set[tuple[str, str]]] | None = None,
) -> EvaluationSummary:
    """Store the verdicts of these cases (case pk, verdicts), replacing what they had open.

    Every open row of these cases is either kept (updated if its content changed),
    or closed; new identities get new rows. A row closes as `resolved` when the rule no
    longer fires, or as `withdrawn` when its subject (an order, report, assessment, plan
    or event) is no longer in the case's record: `subjects` gives, per case pk, the
    (subject type, ref) pairs the record holds. Returns what changed.
    """
    summary = EvaluationSummary(as_of=as_of, cases=len(results))
    case_pks = [pk for pk, _ in results]
    # Plain tuples, not model instances: a sweep reads every open row. The evidence is
    # not compared: it is rewritten whenever what the message says changes.
    rows = reads.open_findings(case_pks)
    open_rows = {
        (case_id, rule, key): (pk, kind, subject, subject_type, message, due, actionable, met_on)
        for pk, case_id, rule, key, kind, subject, subject_type, message, due, actionable, met_on, _seen in rows
    }
    # Rows already marked seen today (a case re-evaluated again the day of its sweep) are
    # not written again.
    unseen = any(seen != as_of for *_, seen in rows)
    to_create: list[tuple[Any, ...]] = []
    to_update: list[Finding] = []
    changed: set[int] = set()  # the cases whose open findings change (their urgency with them)
    seen: set[tuple[int, str, str]] = set()
    meta = engine.meta
    for case_pk, verdicts in results:
        for v in verdicts:
            identity = (case_pk, v.rule, v.key)
            if identity in seen:
                continue  # a rule gives one verdict per key; the first stands
            seen.add(identity)
            m = meta[v.rule]
            (summary.tasks if v.kind == "task" else summary.findings)[v.rule] += 1
            row = open_rows.get(identity)
            if row is None:
                # A new row as plain values, in _INSERTED's order (a model instance a row
                # cost more than the rule that raised it).
                to_create.append(
                    (
                        service.pk,
                        case_pk,
                        v.rule,
                        v.key,
                        v.kind,
                        m.severity,
                        m.owner,
                        v.subject,
                        v.subject_type,
                        v.message,
                        v.evidence,
                        v.due,
                        v.actionable,
                        v.done,
                        as_of,
                        as_of,
                        None,
                        "",
                    )
                )
                summary.opened[v.rule] += 1
                changed.add(case_pk)
            elif row[1:] != (v.kind, v.subject, v.subject_type, v.message, v.due, v.actionable, v.done):
                to_update.append(
                    Finding(
                        pk=row[0],
                        kind=v.kind,
                        severity=m.severity,
                        owner=m.owner,
                        subject=v.subject,
                        subject_type=v.subject_type,
                        message=v.message,
                        evidence=v.evidence,
                        due=v.due,
                        actionable=v.actionable,
                        met_on=v.done,
                    )
                )
                summary.updated[v.rule] += 1
                changed.add(case_pk)
            else:
                summary.unchanged[v.rule] += 1
    gone: list[int] = []
    withdrawn: list[int] = []
    for identity, row in open_rows.items():
        if identity not in seen:
            present = subjects.get(identity[0]) if subjects is not None else None
            vanished = present is not None and row[3] in _WITHDRAWABLE and (row[3], row[2]) not in present
            (withdrawn if vanished else gone).append(row[0])
            changed.add(identity[0])
    for identity, _row in open_rows.items():
        if identity not in seen:
            summary.closed[identity[1]] += 1
    if not (gone or withdrawn or to_update or to_create or unseen):
        return summary  # nothing to write: no transaction
    with transaction.atomic():
        if gone:
            Finding.objects.filter(pk__in=gone).update(resolved_on=as_of, resolution=Resolution.RESOLVED)
        if withdrawn:
            Finding.objects.filter(pk__in=withdrawn).update(resolved_on=as_of, resolution=Resolution.WITHDRAWN)
        if to_update:
            Finding.objects.bulk_update(to_update, _UPDATED_FIELDS, batch_size=500)
        if unseen:
            Finding.objects.filter(case_id__in=case_pks, resolved_on__isnull=True).update(last_seen_on=as_of)
        if to_create:
            _findings_insert(to_create)
        if changed:
            case_urgency_refresh(case_ids=changed)
    return summary


_INSERTED = [
    f
    for f in Finding._meta.get_fields()
    if isinstance(f, Field) and f.concrete and not f.many_to_many and not f.primary_key
]
# The order of a new row's values in findings_store (a test checks it against the model).
_INSERTED_NAMES = (
    "service_id",
    "case_id",
    "rule",
    "key",
    "kind",
    "severity",
    "owner",
    "subject",
    "subject_type",
    "message",
    "evidence",
    "due",
    "actionable",
    "met_on",
    "opened_on",
    "last_seen_on",
    "resolved_on",
    "resolution",
)
_EVIDENCE = _INSERTED_NAMES.index("evidence")


def _findings_insert(rows: list[tuple[Any, ...]]) -> None:
    """New findings (rows of values in _INSERTED_NAMES's order): COPY on PostgreSQL, one
    stream, each value written as psycopg adapts it and the evidence as JSON text (a model
    instance and Django's preparation of every value cost more than evaluating the case);
    bulk_create elsewhere."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        Finding.objects.bulk_create([Finding(**dict(zip(_INSERTED_NAMES, row))) for row in rows], batch_size=1000)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _INSERTED if f.column is not None)  # concrete: all have one
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(Finding._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                values[_EVIDENCE] = json.dumps(values[_EVIDENCE])  # JSONField's own encoding (no encoder)
                copy.write_row(values)


def _urgencies(findings: QuerySet[Finding]) -> Iterable[Mapping[str, Any]]:
    """Per case of `findings` with an open one: the due date of its next open actionable
    finding (None: none has one), and its open Musts, Shoulds and tasks. The ORM's
    subqueries of the caseload (web.caseload_order.SUBQUERY_FIELDS) are its twin."""
    return (
        findings.filter(resolved_on__isnull=True)
        .order_by()
        .values("case_id")
        .annotate(
            next_due=Min("due", filter=Q(actionable=True)),
            must=Count("id", filter=Q(kind=Kind.FINDING, severity=Severity.MUST)),
            should=Count("id", filter=Q(kind=Kind.FINDING, severity=Severity.SHOULD)),
            tasks=Count("id", filter=Q(kind=Kind.TASK)),
        )
    )


URGENCY_BATCH = 1000
_URGENCY_FIELDS = ["next_due", "must", "should", "tasks"]

# Each case named (cases since deleted are not) with what its open findings say: a case
# without one gets a row of zeros. One statement, the same on SQLite and PostgreSQL (a
# CASE in each aggregate rather than FILTER, an upsert); case_urgency_refresh_orm is its twin.
_URGENCY_UPSERT = (
    f"INSERT INTO {CaseUrgency._meta.db_table} (case_id, service_id, ref, next_due, must, should, tasks) "
    "SELECT c.id, c.service_id, c.ref, MIN(CASE WHEN f.actionable THEN f.due END), "
    "COUNT(CASE WHEN f.kind = %s AND f.severity = %s THEN 1 END), "
    "COUNT(CASE WHEN f.kind = %s AND f.severity = %s THEN 1 END), "
    "COUNT(CASE WHEN f.kind = %s THEN 1 END) "
    f"FROM {Case._meta.db_table} c LEFT JOIN {Finding._meta.db_table} f "
    "ON f.case_id = c.id AND f.resolved_on IS NULL "
    "WHERE c.id IN ({ids}) GROUP BY c.id, c.service_id, c.ref "
    "ON CONFLICT (case_id) DO UPDATE SET next_due = excluded.next_due, must = excluded.must, "
    "should = excluded.should, tasks = excluded.tasks"
)
_URGENCY_KINDS = [k.value for k in (Kind.FINDING, Severity.MUST, Kind.FINDING, Severity.SHOULD, Kind.TASK)]


def case_urgency_refresh(*, case_ids: Iterable[int]) -> None:
    """Recompute the kept urgency (CaseUrgency) of these cases from their open findings:
    one statement a batch (a case's re-evaluation ran two of the ORM's at 12 % of its CPU).
    Call it in the transaction that changed their findings, so that no reader sees the one
    without the other (decision 0060). A case with no open finding keeps a row of zeros."""
    ids = sorted(set(case_ids))
    with connections["default"].cursor() as cursor:
        for start in range(0, len(ids), URGENCY_BATCH):
            part = ids[start : start + URGENCY_BATCH]
            sql = _URGENCY_UPSERT.replace("{ids}", ", ".join(["%s"] * len(part)))
            cursor.execute(sql, [*_URGENCY_KINDS, *part])


def case_urgency_refresh_orm(*, case_ids: Iterable[int]) -> None:
    """case_urgency_refresh's twin by the ORM: an aggregate and an upsert a batch
    (tests/standards/test_case_urgency.py holds the two equal)."""
    cases = sorted(Case.objects.filter(pk__in=set(case_ids)).values_list("pk", "service_id", "ref"))
    with transaction.atomic(savepoint=False):
        for start in range(0, len(cases), URGENCY_BATCH):
            part = cases[start : start + URGENCY_BATCH]
            found = {
                row["case_id"]: row for row in _urgencies(Finding.objects.filter(case_id__in=[c[0] for c in part]))
            }
            rows = [
                CaseUrgency(
                    case_id=pk, service_id=service, ref=ref, **{name: found[pk][name] for name in _URGENCY_FIELDS}
                )
                if pk in found
                else CaseUrgency(case_id=pk, service_id=service, ref=ref)
                for pk, service, ref in part
            ]
            CaseUrgency.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["case"], update_fields=_URGENCY_FIELDS
            )


def case_urgency_start(*, case_ids: Iterable[int]) -> None:
    """A row of zeros (no open finding yet) for each of these cases that has no kept
    urgency: the import's new cases, in the transaction that writes them (on_case_recorded),
    so that every case has its row and a service's caseload in urgency order is one
    index's walk (decision 0060). A case that has its row keeps it as it is."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), URGENCY_BATCH):
        new = Case.objects.filter(pk__in=ids[start : start + URGENCY_BATCH], urgency__isnull=True)
        CaseUrgency.objects.bulk_create(
            [
                CaseUrgency(case_id=pk, service_id=service, ref=ref)
                for pk, service, ref in new.values_list("pk", "service_id", "ref")
            ],
            ignore_conflicts=True,
        )


def on_case_recorded(sender: object, *, case_ids: Iterable[int] = (), **kwargs: object) -> None:
    """Receiver of cases.signals.case_record_changed (sent inside the transaction that
    wrote the cases: an import, a case put by the API, an act): their urgency's row."""
    case_urgency_start(case_ids=case_ids)


def service_cases_evaluate(
    *, service: Service, pks: list[int], engine: Engine, chunk: int = CHUNK, refresh_names: bool = False
) -> EvaluationSummary:
    """Evaluate and store these cases of `service` (pks) with `engine`, `chunk` at a time
    (a sweep's part, here or on a worker: tasks.sweep_part).

    Each chunk's records are read whole before anything is written: a read cursor left
    open across a write would hold an old snapshot, which SQLite refuses to turn into a
    write once another process (a second worker, the web) has committed.
    """
    summary = EvaluationSummary(as_of=engine.as_of)
    for start in range(0, len(pks), chunk):
        part = pks[start : start + chunk]
        documents = list(
            case_documents(Case.objects.filter(pk__in=part).order_by("pk"), batch_size=chunk, stream=False)
        )
        if refresh_names:
            name_index_refresh(index=engine.names, cases=[case for case, _ in documents])
        if isinstance(engine.staff_roles, StaffRoles):
            engine.staff_roles.load(_countersigners(documents))
        results = [(case.pk, engine.evaluate(document)) for case, document in documents]
        subjects = {case.pk: record_subjects(document) for case, document in documents}
        summary.add(
            findings_store(service=service, as_of=engine.as_of, engine=engine, results=results, subjects=subjects)
        )
    return summary


def cases_evaluate(*, case_ids: Iterable[int], as_of: date | None = None) -> EvaluationSummary:
    """Re-evaluate these cases (Case pks, any services) and store their findings.

    For one case or a few (a form, an API call) and for an import's cases alike: the
    cases are read in chunks with the same queries as the sweep.
    """
    as_of = as_of or timezone.localdate()
    ids = list(dict.fromkeys(case_ids))
    summary = EvaluationSummary(as_of=as_of)
    if not ids:
        return summary
    by_service: dict[int, list[int]] = {}
    for pk, service_id in reads.case_services(ids):
        by_service.setdefault(service_id, []).append(pk)
    for service in Service.objects.filter(pk__in=list(by_service)):
        pks = by_service[service.pk]
        engine = service_engine(service=service, as_of=as_of, few=len(pks) <= FEW_CASES)
        summary.add(service_cases_evaluate(service=service, pks=pks, engine=engine, refresh_names=True))
    return summary


_sweep_state: dict[str, Any] = {}  # service, engine and chunk of the sweep under way


def _sweep_part(pks: list[int]) -> EvaluationSummary:
    """Evaluate and store some of the service's cases (in a worker or in-process)."""
    return service_cases_evaluate(
        service=_sweep_state["service"], pks=pks, engine=_sweep_state["engine"], chunk=_sweep_state["chunk"]
    )


def service_sweep(
    *,
    service: Service,
    as_of: date | None = None,
    chunk: int = CHUNK,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
) -> EvaluationSummary:
    """Evaluate every case of the service and store the findings (the nightly sweep).

    The cases are split into parts, each read, evaluated and stored a chunk at a time in
    short transactions; with `workers` > 1, parts run in that many forked
    processes (each with its own database connection) so that a sweep uses every core.
    `progress`, if given, is called with the number of cases done after each part.
    """
    as_of = as_of or timezone.localdate()
    engine = service_engine(service=service, as_of=as_of, fresh_names=True)
    reading_grade("Load the pronouncing dictionary once, before any worker starts.")
    pks = list(Case.objects.filter(service=service).order_by("pk").values_list("pk", flat=True))
    step = chunk * 4
    parts = [pks[i : i + step] for i in range(0, len(pks), step)]
    summary = EvaluationSummary(as_of=as_of)
    _sweep_state.update(service=service, engine=engine, chunk=chunk)
    try:
        # Forked workers cannot share an in-memory SQLite database (the test database).
        default = connections["default"]
        if default.vendor == "sqlite" and cast("SQLiteDatabaseWrapper", default).is_in_memory_db():
            workers = 1
        if workers <= 1 or len(parts) < 2:
            results = map(_sweep_part, parts)
            for part in results:
                summary.add(part)
                if progress is not None:
                    progress(summary.cases)
        else:
            import multiprocessing

            # Forked workers inherit the engine (settings, names, calendar); each opens its
            # own database connection, so the parent's must not be shared with them.
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(workers, initializer=connections.close_all) as pool:
                for part in pool.imap_unordered(_sweep_part, parts):
                    summary.add(part)
                    if progress is not None:
                        progress(summary.cases)
    finally:
        _sweep_state.clear()
    return summary


def on_case_deleted(sender: type[Case], *, instance: Case, origin: object = None, **kwargs: object) -> None:
    """Receiver of Case's post_delete: count the removal (in the deleting transaction), so
    that every process rebuilds the service's name index before it next uses it. Nothing
    when the whole service is being deleted."""
    if isinstance(origin, Service) or (getattr(origin, "model", None) is Service):
        return
    updated = CaseRemovals.objects.filter(service_id=instance.service_id).update(removed=F("removed") + 1)
    if not updated:
        with transaction.atomic():
            removals, created = CaseRemovals.objects.select_for_update().get_or_create(
                service_id=instance.service_id, defaults={"removed": 1}
            )
            if not created:
                CaseRemovals.objects.filter(pk=removals.pk).update(removed=F("removed") + 1)


def rule_setting_change(*, service: Service, rule: str, enabled: bool, reason: str, actor: User) -> RuleSetting:
    """Switch `rule` on or off for `service`, with the reason, and log who did it.

    Findings already stored change at the next sweep (or a case's next re-evaluation).
    """
    from casequality.accounts.models import AccessVerb
    from casequality.accounts.services import access_log_record

    with transaction.atomic():
        setting, _ = RuleSetting.objects.update_or_create(
            service=service,
            rule=rule,
            defaults={"enabled": enabled, "reason": reason, "changed_by": actor.get_username()},
        )
        access_log_record(
            actor=actor, verb=AccessVerb.CHANGE, target=f"rule {rule}", payload={"enabled": enabled, "reason": reason}
        )
    return setting


def parameter_setting_change(*, service: Service, name: str, value: Any, reason: str, actor: User) -> ParameterSetting:
    """Set this service's value of a rulebook parameter, and log who did it.

    Raises RulebookError if the value is not of the parameter's kind.
    """
    from casequality.accounts.models import AccessVerb
    from casequality.accounts.services import access_log_record

    effective_parameters({name: value})  # raises RulebookError on a bad value
    with transaction.atomic():
        setting, _ = ParameterSetting.objects.update_or_create(
            service=service,
            name=name,
            defaults={"value": value, "reason": reason, "changed_by": actor.get_username()},
        )
        access_log_record(
            actor=actor, verb=AccessVerb.CHANGE, target=f"parameter {name}", payload={"value": value, "reason": reason}
        )
        # A rule's severity a service chose applies to its open findings now, not at their
        # next change, and so to their cases' urgency (their open Musts and Shoulds).
        rules = [meta.id for meta in rulebook().rules.values() if meta.severity_parameter == name]
        if rules:
            changed = Finding.objects.filter(service=service, rule__in=rules, resolved_on__isnull=True)
            case_ids = set(changed.order_by().values_list("case_id", flat=True).distinct())
            changed.update(severity=value)
            case_urgency_refresh(case_ids=case_ids)
    return setting
