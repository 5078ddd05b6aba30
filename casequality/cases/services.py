"""Writes of the case record: importing the interchange format (case-format.md)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.db.models import ForeignObjectRel, signals
from django.utils import timezone
from tqdm import tqdm

from casequality.cases import interchange as ix
from casequality.cases.acts import subject_version
from casequality.cases.interchange import InterchangeError, Problem, parse_date
from casequality.cases.models import (
    Act,
    ActSubject,
    Assessment,
    Case,
    Event,
    Order,
    Plan,
    Report,
    Service,
    Staff,
    Team,
)
from casequality.cases.search_key import search_key
from casequality.cases.selectors import subject_state
from casequality.cases.signals import case_record_changed, case_records_accessed_send
from casequality.data.today import returned_items_refresh
from casequality.errors import CasequalityError

# Cases written per round of queries: large enough that the per-query cost is small
# next to the rows, small enough that a batch's objects take little memory.
IMPORT_BATCH = 500
STAFF_BATCH = 500

CASE_FIELDS = (
    "case_manager", "team", "child_name", "child_dob", "child_sex", "child_ethnicity",
    "looked_after", "social_worker", "diversity", *ix.V2_RECORD_LISTS, "closed_on", "search_key", "updated_at",
)  # fmt: skip


class _Insert:
    """Rows of one sub-record model, from tuples in `fields` order: COPY on PostgreSQL,
    executemany of a plain INSERT elsewhere (SQLite runs it in-process, fast).

    An import writes tens of rows per case; bulk_create builds a model instance and
    compiles every value of every row, which made it the slowest part of an import.
    The rows here are already checked, so they only need the backend's adaptation of
    dates and JSON. There are no save() methods or signals on sub-records to bypass.
    """

    def __init__(self, model: type[models.Model], fields: tuple[str, ...]):
        self.model = model
        self.fields: list[models.Field[Any, Any]] = []
        self.columns: list[str] = []
        for name in fields:
            model_field = model._meta.get_field(name)
            if not isinstance(model_field, models.Field) or model_field.column is None:
                raise ImproperlyConfigured(f"The import writes {model.__name__}.{name}, which is not a column")
            self.fields.append(model_field)
            self.columns.append(model_field.column)
        # A column added to the model but not here would get no value (Django's defaults
        # are applied by the ORM, not by this INSERT): fail at start-up, not mid-import.
        columns = {f.name for f in model._meta.get_fields() if f.concrete and not f.many_to_many and not f.primary_key}
        unwritten = columns - set(fields)
        if unwritten:
            raise ImproperlyConfigured(f"The import does not write {model.__name__}.{', '.join(sorted(unwritten))}")
        self.dates = [i for i, f in enumerate(self.fields) if isinstance(f, models.DateField)]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        connection = connections[router.db_for_write(self.model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        sql = (
            f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES "
            f"({', '.join(['%s'] * len(self.fields))})"
        )
        values: list[tuple[Any, ...]] | list[list[Any]] = rows
        if self.dates or self.json:
            adapt_date = connection.ops.adapt_datefield_value
            prepared: list[list[Any]] = []
            for row in rows:
                value = list(row)
                for i in self.dates:
                    value[i] = adapt_date(value[i])
                for i in self.json:
                    value[i] = self.fields[i].get_db_prep_save(value[i], connection)
                prepared.append(value)
            values = prepared
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: one stream for all rows, where executemany is a statement per row.
                table = quote(self.model._meta.db_table)
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for written in values:
                        copy.write_row(written)
            else:
                cursor.executemany(sql, values)


def _delete_sub_records(case_ids: list[int]) -> None:
    """Delete the orders, reports, assessments, plans and events of these cases.

    QuerySet.delete() loads every row it deletes when another model points at the
    sub-record (oversight's manager entry points at its event, SET_NULL): a re-import of
    thousands of cases spent most of its time there. Where every such pointer is
    SET_NULL (or DO_NOTHING) and nobody listens for deletions, the pointers are cleared
    with one UPDATE and the rows deleted with one DELETE; otherwise Django's delete()
    does what the other models ask.
    """
    for model in (Order, Report, Assessment, Plan, Event):
        records = model.objects.filter(case_id__in=case_ids)
        # The relations pointing at the model (Options.related_objects, in the documented API).
        pointing = (
            f
            for f in model._meta.get_fields(include_hidden=True)
            if isinstance(f, ForeignObjectRel)
            and f.auto_created
            and not f.concrete
            and (not f.hidden or f.many_to_many)
        )
        relations = [r for r in pointing if getattr(r, "on_delete", None) is not models.DO_NOTHING]
        simple = all(getattr(r, "on_delete", None) is models.SET_NULL for r in relations) and not (
            signals.pre_delete.has_listeners(model) or signals.post_delete.has_listeners(model)
        )
        if not simple:
            records.delete()
            continue
        for relation in relations:
            name = relation.field.name
            relation.related_model._base_manager.filter(**{f"{name}__in": records.values("pk")}).update(**{name: None})
        connection = connections[router.db_for_write(model)]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.get_field('case').column)} "
                f"IN ({', '.join(['%s'] * len(case_ids))})",
                case_ids,
            )


_COUNTERSIGNED = ("countersigned_by", "countersigned_date", "countersigned_outcome", "countersigned_comment")
_INSERTS = {
    "orders": _Insert(Order, (
        "case", "ref", "type", "court_date", "start", "end", "custody_considered", "custody_release",
    )),
    "reports": _Insert(Report, (
        "case", "ref", "type", "order_ref", "requested", "not_requested_reason", "yos_challenged", "date", "author",
        "text", "discussed_with_child", "discussed_with_parent",
    )),
    "assessments": _Insert(Assessment, (
        "case", "ref", "date", "author", *_COUNTERSIGNED, "stage", "instrument", "likelihood", "rosh", "vulnerability",
        "diversity_barriers", "child_views", "parent_contributed", "assetplus",
    )),
    "plans": _Insert(Plan, (
        "case", "ref", "date", "author", *_COUNTERSIGNED, "type", "assessment_ref", "objectives", "phases",
        "contingency", "agreed_with_child", "agreed_with_parent", "child_version", "review_by",
    )),
    "events": _Insert(Event, ("case", "ref", "type", "date", "by", "detail", "extra")),
}  # fmt: skip
_OBJECTIVES = ix.PLAN.fields["objectives"]
_ASSETPLUS = ix.ASSESSMENT.fields["assetplus"]
_V2_LISTS = {key: ix.CASE.fields[key] for key in ix.V2_RECORD_LISTS}
_BOARD_MEETINGS = ix.HEADER.fields["board_meetings"]


@dataclass
class ImportSummary:
    """What an import did. `str()` is the line the import command prints."""

    service: Service
    cases: int = 0
    created: int = 0
    replaced: int = 0
    staff: int = 0
    records: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ix.SUB_RECORD_LISTS, 0))
    case_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"imported {self.cases} cases, {self.staff} staff"


def interchange_import(
    source: ix.Source, *, actor_name: str = "casequality import", progress: bool = False
) -> ImportSummary:
    """Import an interchange file (a path or a binary file), all or nothing.

    Reads the file streaming, twice: once for its header (format, service, staff), once
    for its cases, checking and writing each batch of cases as it goes inside one
    transaction. Returns the ImportSummary. Raises InterchangeError with every problem
    in the file, in which case nothing was written.
    """
    source = ix.rereadable(source)
    header = ix.read_header(source)
    return _import(
        header=header,
        cases=ix.iter_cases(source),
        target=ix.source_name(source),
        actor_name=actor_name,
        progress=progress,
    )


def interchange_import_document(
    document: Any, *, actor_name: str = "casequality import", progress: bool = False, target: str = "document"
) -> ImportSummary:
    """Import an interchange document already parsed into Python (a dict), all or nothing.

    Returns the ImportSummary. Raises InterchangeError with every problem found, in
    which case nothing was written.
    """
    if not isinstance(document, dict):
        raise InterchangeError([Problem("$", f"the document is {ix.show(document)}, not a JSON object")])
    header = ix.header_of(document)
    cases = document.get("cases")
    return _import(
        header=header,
        cases=enumerate(cases if isinstance(cases, list) else []),
        target=target,
        actor_name=actor_name,
        progress=progress,
    )


def _import(
    *, header: ix.Header, cases: Iterable[tuple[int, Any]], target: str, actor_name: str, progress: bool
) -> ImportSummary:
    problems = ix.validate_header(header)
    staff_ids = ix.header_staff_ids(header)
    case_ids = ix.CaseIds()
    bar = tqdm(
        total=header.case_count or None, unit=" cases", file=sys.stderr,
        disable=not (progress and sys.stderr.isatty()), desc="import",
    )  # fmt: skip
    with bar, transaction.atomic():
        # Cases are written while they are checked, so a valid file is read once; the
        # first problem stops the writing and the transaction is rolled back at the end.
        writer = None if problems else _Writer(header)
        try:
            for index, case in cases:
                case_problems = ix.validate_case(case, index, staff_ids=staff_ids, fmt=header.get("format"))
                case_problems += case_ids.check(case, index)
                if case_problems:
                    problems += case_problems
                    writer = None
                elif writer is not None:
                    writer.add(case, index)
                bar.update()
        except InterchangeError as error:  # the file stops being JSON part-way
            raise InterchangeError(problems + error.problems) from None
        if problems or writer is None:
            raise InterchangeError(problems)
        summary = writer.finish()
        if writer.problems:  # acts that contradict the ones Casequality holds: nothing is kept
            raise InterchangeError(writer.problems)
        case_records_accessed_send(
            sender=Case,
            verb="import",
            service=summary.service,
            target=target[:200],
            actor_name=actor_name,
            payload={
                "service": summary.service.code,
                "cases": summary.cases,
                "created": summary.created,
                "replaced": summary.replaced,
                "staff": summary.staff,
                **summary.records,
            },
        )
        # Inside the transaction: the re-evaluation's task row commits with the records it
        # is about, or not at all (the outbox, docs/decisions/0028-task-outbox.md).
        case_record_changed.send(sender=Case, service=summary.service, case_ids=summary.case_ids)
    return summary


def _checked_date(value: Any) -> date:
    """A date of a checked document: the schema refuses a file where it is not one."""
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD): the document was not checked")
    return parsed


class _Writer:
    """Writes a checked document: its staff at once, its cases in batches."""

    def __init__(self, header: dict[str, Any]):
        defaults = {"name": header["service"]["name"]}
        # Format 2's board meetings replace the stored ones; a file without them (format 1,
        # a PUT of one case) leaves them as they are.
        if "board_meetings" in header:
            defaults["board_meetings"] = _BOARD_MEETINGS.canonical(header["board_meetings"])
        service, _ = Service.objects.update_or_create(code=header["service"]["code"], defaults=defaults)
        self.summary = ImportSummary(service=service)
        self.batch: list[dict[str, Any]] = []
        self.indexes: list[int] = []
        self.problems: list[Problem] = []
        self._write_staff(header["staff"])

    def _write_staff(self, entries: list[dict[str, Any]]) -> None:
        # Read as plain values and written only where something changed, in batches: a
        # service has thousands of staff, and re-importing them unchanged (the nightly
        # case) should cost a read, not thousands of model instances and updates.
        service = self.summary.service
        teams = dict(Team.objects.filter(service=service).values_list("name", "pk"))
        wanted_teams = dict.fromkeys(entry["team"] for entry in entries if entry["team"])
        Team.objects.bulk_create([Team(service=service, name=name) for name in wanted_teams if name not in teams])
        teams = dict(Team.objects.filter(service=service).values_list("name", "pk"))

        existing = {
            ref: (pk, name, role, team_id, manager_id)
            for ref, pk, name, role, team_id, manager_id in Staff.objects.filter(service=service).values_list(
                "ref", "pk", "name", "role", "team_id", "manager_id"
            )
        }
        created, changed = [], []
        for entry in entries:
            team_id = teams[entry["team"]] if entry["team"] else None
            known = existing.get(entry["id"])
            if known is None:
                created.append(
                    Staff(service=service, ref=entry["id"], name=entry["name"], role=entry["role"], team_id=team_id)
                )
            elif known[1:4] != (entry["name"], entry["role"], team_id):
                changed.append(Staff(pk=known[0], name=entry["name"], role=entry["role"], team_id=team_id))
        Staff.objects.bulk_create(created, batch_size=STAFF_BATCH)
        Staff.objects.bulk_update(changed, ["name", "role", "team"], batch_size=STAFF_BATCH)

        refs = {entry["id"] for entry in entries}
        self.staff_pk = {
            ref: pk for ref, pk in Staff.objects.filter(service=service).values_list("ref", "pk") if ref in refs
        }
        # Managers are linked once everyone exists: a manager may come after their staff.
        relinked = []
        for entry in entries:
            manager_id = self.staff_pk[entry["manager"]] if entry["manager"] else None
            known = existing.get(entry["id"])
            if (known[4] if known else None) != manager_id:
                relinked.append(Staff(pk=self.staff_pk[entry["id"]], manager_id=manager_id))
        Staff.objects.bulk_update(relinked, ["manager"], batch_size=STAFF_BATCH)
        # The file's staff list is the service's staff register: whoever it no longer names
        # has left (docs/decisions/0015-scope-follows-the-staff-record.md).
        Staff.objects.filter(service=service, active=True).exclude(pk__in=self.staff_pk.values()).update(active=False)
        Staff.objects.filter(pk__in=self.staff_pk.values(), active=False).update(active=True)
        self.staff_team = {entry["id"]: teams[entry["team"]] if entry["team"] else None for entry in entries}
        self.summary.staff = len(entries)

    def add(self, case: dict[str, Any], index: int) -> None:
        self.batch.append(case)
        self.indexes.append(index)
        if len(self.batch) >= IMPORT_BATCH:
            self._flush()

    def finish(self) -> ImportSummary:
        self._flush()
        return self.summary

    def _flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        indexes, self.indexes = self.indexes, []
        service = self.summary.service
        refs = [case["id"] for case in batch]
        existing = dict(Case.objects.filter(service=service, ref__in=refs).values_list("ref", "pk"))
        now = timezone.now()
        rows = [self._case_row(case, now) for case in batch]
        # One upsert for new and known cases alike: a known case keeps its row and pk,
        # so what hangs off it (findings, audit entries) survives the re-import.
        Case.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["service", "ref"], update_fields=list(CASE_FIELDS)
        )
        if any(row.pk is None for row in rows):  # backends that cannot return upserted pks
            pks = dict(Case.objects.filter(service=service, ref__in=refs).values_list("ref", "pk"))
            for row in rows:
                row.pk = pks[row.ref]
        if existing:
            _delete_sub_records(list(existing.values()))
        self._write_sub_records(batch, rows)
        self._write_acts(batch, rows, indexes)
        returned_items_refresh(case_ids=[row.pk for row in rows])  # what is returned, kept (cases.ReturnedItem)
        self.summary.cases += len(batch)
        self.summary.replaced += len(existing)
        self.summary.created += len(batch) - len(existing)
        self.summary.case_ids += [row.pk for row in rows]

    def _write_acts(self, batch: list[dict[str, Any]], rows: list[Case], indexes: list[int]) -> None:
        """Casequality's acts carried by the file (an export of ours, read back): those it
        does not hold yet are recorded; one it holds must say the same (an act is never
        changed), else a problem. Acts the file leaves out are kept: a CMS's file never
        carries them, and an import never deletes one."""
        carrying = [
            (case, row, index) for case, row, index in zip(batch, rows, indexes, strict=True) if case.get("acts")
        ]
        if not carrying:
            return
        stored = {
            (a["case_id"], a["ref"]): a
            for a in Act.objects.filter(case_id__in=[row.pk for _, row, _ in carrying]).values(
                "pk",
                "case_id",
                "ref",
                "kind",
                "subject_type",
                "subject_ref",
                "by_ref",
                "date",
                "outcome",
                "text",
                "corrects__ref",
            )
        }
        txid = transaction_id()
        for case, row, index in carrying:
            pks = {ref: a["pk"] for (case_id, ref), a in stored.items() if case_id == row.pk}
            for n, act in enumerate(case["acts"]):
                known = stored.get((row.pk, act["id"]))
                substance = (
                    act["kind"],
                    act["subject_type"],
                    act["subject"] or "",
                    act["by"],
                    parse_date(act["date"]),
                    act["outcome"] or "",
                    act["text"] or "",
                    act["corrects"],
                )
                if known is not None:
                    if substance != (
                        known["kind"],
                        known["subject_type"],
                        known["subject_ref"],
                        known["by_ref"],
                        known["date"],
                        known["outcome"],
                        known["text"],
                        known["corrects__ref"],
                    ):
                        self.problems.append(
                            Problem(
                                f"cases[{index}].acts[{n}]",
                                f"act {act['id']} differs from the act Casequality holds under that id "
                                "(an act is never changed: a correction is a new act)",
                            )
                        )
                    continue
                created = Act(
                    case_id=row.pk,
                    ref=act["id"],
                    kind=act["kind"],
                    subject_type=act["subject_type"],
                    subject_ref=act["subject"] or "",
                    subject_version=act["subject_version"] or "",
                    by_id=self.staff_pk[act["by"]],
                    by_ref=act["by"],
                    date=_checked_date(act["date"]),
                    outcome=act["outcome"] or "",
                    text=act["text"] or "",
                    corrects_id=pks.get(act["corrects"]) if act["corrects"] else None,
                    recorded_at=act["recorded_at"],
                    recorded_by=act["recorded_by"],
                    txid=txid,
                )
                created.save()
                pks[created.ref] = created.pk
                self.summary.records["acts"] = self.summary.records.get("acts", 0) + 1

    def _case_row(self, case: dict[str, Any], now: Any) -> Case:
        child = case["child"]
        closed = [_checked_date(event["date"]) for event in case["events"] if event["type"] == "closed"]
        return Case(
            service=self.summary.service,
            ref=case["id"],
            case_manager_id=self.staff_pk[case["case_manager"]],
            team_id=self.staff_team[case["case_manager"]],
            child_name=child["name"],
            search_key=search_key(child["name"]),  # bulk_create calls no save() (decision 0048)
            child_dob=_checked_date(child["dob"]),
            child_sex=child["sex"],
            child_ethnicity=child["ethnicity"],
            looked_after=child["looked_after"],
            social_worker=child["social_worker"],
            diversity=ix.CHILD.fields["diversity"].canonical(child["diversity"]),
            # Absent (format 1, or a format 2 file that records none): an empty list.
            **{key: node.canonical(case.get(key) or []) for key, node in _V2_LISTS.items()},
            closed_on=max(closed) if closed else None,
            updated_at=now,
        )

    def _staff(self, ref: str | None) -> int | None:  # a staff pk
        return None if ref is None else self.staff_pk[ref]

    def _countersigned(self, record: dict[str, Any]) -> tuple[Any, ...]:
        """(by, date, outcome, comment) as in _COUNTERSIGNED; empty values if not countersigned."""
        signed = record["countersigned"]
        if signed is None:
            return (None, None, "", "")
        return (self.staff_pk[signed["by"]], parse_date(signed["date"]), signed["outcome"], signed["comment"])

    def _write_sub_records(self, batch: list[dict[str, Any]], rows: list[Case]) -> None:
        orders: list[tuple[Any, ...]] = []
        reports: list[tuple[Any, ...]] = []
        assessments: list[tuple[Any, ...]] = []
        plans: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        date, staff, signed = parse_date, self._staff, self._countersigned
        for case, row in zip(batch, rows, strict=True):
            pk = row.pk
            for o in case["orders"]:
                orders.append((
                    pk, o["id"], o["type"], date(o["court_date"]), date(o["start"]), date(o["end"]),
                    o["custody_considered"], date(o.get("custody_release")),
                ))  # fmt: skip
            for r in case["reports"]:
                reports.append((
                    pk, r["id"], r["type"], r["order"], r["requested"], r["not_requested_reason"], r["yos_challenged"],
                    date(r["date"]), staff(r["author"]), r["text"], r["discussed_with_child"],
                    r["discussed_with_parent"],
                ))  # fmt: skip
            for a in case["assessments"]:
                assessments.append((
                    pk, a["id"], date(a["date"]), staff(a["author"]), *signed(a), a["stage"], a["instrument"],
                    ix.LIKELIHOOD.canonical(a["likelihood"]), ix.ROSH.canonical(a["rosh"]),
                    ix.VULNERABILITY.canonical(a["vulnerability"]), a["diversity_barriers"], a["child_views"],
                    a["parent_contributed"], _ASSETPLUS.canonical(a.get("assetplus")),
                ))  # fmt: skip
            for p in case["plans"]:
                plans.append((
                    pk, p["id"], date(p["date"]), staff(p["author"]), *signed(p), p["type"], p["assessment"],
                    _OBJECTIVES.canonical(p["objectives"]), p["phases"], p["contingency"], p["agreed_with_child"],
                    p["agreed_with_parent"], p["child_version"], date(p["review_by"]),
                ))  # fmt: skip
            for e in case["events"]:
                events.append((
                    pk, e["id"], e["type"], date(e["date"]), staff(e["by"]), e["detail"],
                    {key: e[key] for key in ix.EVENT_EXTRAS[e["type"]]},
                ))  # fmt: skip
        for key, rows_of_model in zip(ix.SUB_RECORD_LISTS, (orders, reports, assessments, plans, events), strict=True):
            _INSERTS[key].insert(rows_of_model)
            self.summary.records[key] += len(rows_of_model)
        for key in ix.V2_RECORD_LISTS:  # format 2's records, counted where a file has any
            count = sum(len(case.get(key) or ()) for case in batch)
            if count:
                self.summary.records[key] = self.summary.records.get(key, 0) + count


# --- Casequality's own acts (cases.models.Act) ----------------------------------------


def transaction_id() -> int | None:
    """PostgreSQL's id of the current transaction (None elsewhere): see Act.txid."""
    connection = connections[router.db_for_write(Act)]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        rows: list[tuple[int]] = cursor.fetchall()  # one row, always
    return rows[0][0]


class StaleRecord(CasequalityError):
    """What the person read has changed since they read it: their act is refused."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        super().__init__("This record changed after you opened it, so nothing was saved: " + "; ".join(changes) + ".")


class WithdrawnSubject(CasequalityError):
    """The act is about an assessment or plan that the CMS's record no longer holds."""


@transaction.atomic
def act_record(
    *,
    case: Case,
    kind: str,
    subject_type: str,
    subject_ref: str = "",
    by: Staff,
    on: date,
    outcome: str = "",
    text: str = "",
    recorded_by: str,
    seen_version: str | None = None,
    corrects: Act | None = None,
) -> Act:
    """Record what a person did in Casequality on `case` (an Act), and have it re-evaluated.

    `seen_version` is the subject's version the person read (`SubjectState.version`):
    if the subject changed since — an import changed it, someone else acted on it — the
    act is refused with StaleRecord saying what changed, and nothing is written. Acts on
    one case are recorded one at a time (the case row is locked), so of two managers
    countersigning the same plan from the same page, the second is refused.
    """
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))  # the lock
    version = ""
    if subject_type != ActSubject.CASE:
        state = subject_state(case=case, subject_type=subject_type, ref=subject_ref)
        if state.record is None:
            raise WithdrawnSubject(f"The case management system no longer holds {subject_type} {subject_ref}")
        if seen_version is not None and seen_version != state.version:
            raise StaleRecord(state.changes_since(seen_version))
        version = subject_version(state.record)
    act = Act(
        case=case,
        ref=f"CQ-{uuid.uuid4().hex[:12]}",
        kind=kind,
        subject_type=subject_type,
        subject_ref=subject_ref,
        subject_version=version,
        by=by,
        by_ref=by.ref,
        date=on,
        outcome=outcome,
        text=text,
        corrects=corrects,
        recorded_at=timezone.now(),
        recorded_by=recorded_by[:200],
        txid=transaction_id(),
    )
    act.save()
    returned_items_refresh(case_ids=[case.pk])  # a return, a request for oversight: kept (cases.ReturnedItem)
    case_record_changed.send(sender=Case, service=case.service, case_ids=[case.pk])  # in the transaction: 0028
    return act


# --- one case or one staff member at a time (the API's PUT) -------------------------


def _relative(problems: list[Problem], prefix: str) -> list[Problem]:
    """The problems with their paths relative to the one record they are about."""
    relative = []
    for problem in problems:
        path = problem.path
        if path.startswith(prefix):
            path = path[len(prefix) :].lstrip(".") or "$"
        relative.append(Problem(path, problem.message))
    return relative


def _service_header(service: Service, staff: list[dict[str, Any]], *, case_count: int) -> ix.Header:
    """A document header for `service` with these staff entries and `case_count` cases."""
    return ix.header_of(
        {
            "format": ix.FORMAT,
            "service": {"code": service.code, "name": service.name},
            "staff": staff,
            "cases": [None] * case_count,
        }
    )


def _id_mismatch(record: Any, wanted: str, what: str) -> list[Problem]:
    given = record.get("id") if isinstance(record, dict) else None
    if isinstance(given, str) and given != wanted:
        return [Problem("id", f"{ix.show(given)} is not the {what} this address names ({ix.show(wanted)})")]
    return []


def case_put(*, service: Service, ref: str, case: Any, actor_name: str) -> ImportSummary:
    """Create or replace one case of `service` from an interchange case object, all or nothing.

    The case goes through the file import's checks and per-case write (with the
    service's stored staff as the document's staff), so whatever the import keeps or
    replaces, this keeps or replaces too. Problem paths are relative to the case
    (`child.dob`). Records the import's entry and a change entry for the case. Raises
    InterchangeError, having written nothing.
    """
    from casequality.cases.selectors import staff_documents

    header = _service_header(service, staff_documents(service), case_count=1)
    problems = _id_mismatch(case, ref, "case")
    if problems:
        staff_ids = ix.header_staff_ids(header)
        raise InterchangeError(problems + _relative(ix.validate_case(case, 0, staff_ids=staff_ids), "cases[0]"))
    try:
        with transaction.atomic():
            summary = _import(
                header=header, cases=[(0, case)], target=f"case {ref}", actor_name=actor_name, progress=False
            )
            written = Case.objects.get(service=service, ref=ref)
            case_records_accessed_send(
                sender=Case,
                verb="change",
                service=service,
                case=written,
                target=f"case {ref}",
                actor_name=actor_name,
                payload={"created": bool(summary.created)},
            )
    except InterchangeError as error:
        raise InterchangeError(_relative(error.problems, "cases[0]")) from None
    return summary


def staff_put(*, service: Service, staff_id: str, entry: Any, actor_name: str) -> bool:
    """Create or replace one member of `service`'s staff from an interchange staff entry.

    Checked as the file import checks its staff (the manager must be a stored member of
    staff or this one) and written by the import's staff writer; problem paths are
    relative to the entry (`role`). Returns True if the member was created. Raises
    InterchangeError, having written nothing.
    """
    from casequality.cases.selectors import staff_documents

    stored = staff_documents(service)
    position = next((i for i, s in enumerate(stored) if s["id"] == staff_id), len(stored))
    staff = [*stored[:position], entry, *stored[position + 1 :]]
    header = _service_header(service, staff, case_count=0)
    problems = _id_mismatch(entry, staff_id, "staff member") + _relative(
        ix.validate_header(header), f"staff[{position}]"
    )
    if problems:
        raise InterchangeError(problems)
    created = position == len(stored)
    with transaction.atomic():
        _Writer(header)
        case_records_accessed_send(
            sender=Staff,
            verb="change",
            service=service,
            target=f"staff {staff_id}",
            actor_name=actor_name,
            payload={"created": created},
        )
    return created
