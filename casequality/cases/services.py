"""Writes of the case record: importing the interchange format (case-format.md)."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.db.models import signals
from django.utils import timezone
from tqdm import tqdm

from casequality.cases import interchange as ix
from casequality.cases.interchange import InterchangeError, Problem, parse_date
from casequality.cases.models import Assessment, Case, Event, Order, Plan, Report, Service, Staff, Team
from casequality.cases.signals import case_record_changed, case_records_accessed_send

# Cases written per round of queries: large enough that the per-query cost is small
# next to the rows, small enough that a batch's objects take little memory.
IMPORT_BATCH = 500
STAFF_BATCH = 500

CASE_FIELDS = (
    "case_manager", "team", "child_name", "child_dob", "child_sex", "child_ethnicity",
    "looked_after", "social_worker", "diversity", "closed_on", "updated_at",
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
        self.model, self.fields = model, [model._meta.get_field(name) for name in fields]
        # A column added to the model but not here would get no value (Django's defaults
        # are applied by the ORM, not by this INSERT): fail at start-up, not mid-import.
        unwritten = {f.name for f in model._meta.concrete_fields if not f.primary_key} - set(fields)
        if unwritten:
            raise ImproperlyConfigured(f"The import does not write {model.__name__}.{', '.join(sorted(unwritten))}")
        self.dates = [i for i, f in enumerate(self.fields) if isinstance(f, models.DateField)]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        connection = connections[router.db_for_write(self.model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        if self.dates or self.json:
            adapt_date = connection.ops.adapt_datefield_value
            prepared = []
            for row in rows:
                row = list(row)
                for i in self.dates:
                    row[i] = adapt_date(row[i])
                for i in self.json:
                    row[i] = self.fields[i].get_db_prep_save(row[i], connection)
                prepared.append(row)
            rows = prepared
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: one stream for all rows, where executemany is a statement per row.
                table = quote(self.model._meta.db_table)
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, rows)


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
        relations = [r for r in model._meta.related_objects if getattr(r, "on_delete", None) is not models.DO_NOTHING]
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
    "orders": _Insert(Order, ("case", "ref", "type", "court_date", "start", "end", "custody_considered", "custody_release")),
    "reports": _Insert(Report, (
        "case", "ref", "type", "order_ref", "requested", "not_requested_reason", "yos_challenged", "date", "author",
        "text", "discussed_with_child", "discussed_with_parent",
    )),
    "assessments": _Insert(Assessment, (
        "case", "ref", "date", "author", *_COUNTERSIGNED, "stage", "instrument", "likelihood", "rosh", "vulnerability",
        "diversity_barriers", "child_views", "parent_contributed",
    )),
    "plans": _Insert(Plan, (
        "case", "ref", "date", "author", *_COUNTERSIGNED, "type", "assessment_ref", "objectives", "phases",
        "contingency", "agreed_with_child", "agreed_with_parent", "child_version", "review_by",
    )),
    "events": _Insert(Event, ("case", "ref", "type", "date", "by", "detail", "extra")),
}  # fmt: skip
_OBJECTIVES = ix.PLAN.fields["objectives"]


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
                case_problems = ix.validate_case(case, index, staff_ids=staff_ids) + case_ids.check(case, index)
                if case_problems:
                    problems += case_problems
                    writer = None
                elif writer is not None:
                    writer.add(case)
                bar.update()
        except InterchangeError as error:  # the file stops being JSON part-way
            raise InterchangeError(problems + error.problems) from None
        if problems or writer is None:
            raise InterchangeError(problems)
        summary = writer.finish()
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
        service, ids = summary.service, summary.case_ids
        transaction.on_commit(lambda: case_record_changed.send(sender=Case, service=service, case_ids=ids))
    return summary


class _Writer:
    """Writes a checked document: its staff at once, its cases in batches."""

    def __init__(self, header: dict):
        service, _ = Service.objects.update_or_create(
            code=header["service"]["code"], defaults={"name": header["service"]["name"]}
        )
        self.summary = ImportSummary(service=service)
        self.batch: list[dict] = []
        self._write_staff(header["staff"])

    def _write_staff(self, entries: list[dict]) -> None:
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
                created.append(Staff(service=service, ref=entry["id"], name=entry["name"], role=entry["role"], team_id=team_id))
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
        # has left (docs/decisions/XXXX-scope-follows-the-staff-record.md).
        Staff.objects.filter(service=service, active=True).exclude(pk__in=self.staff_pk.values()).update(active=False)
        Staff.objects.filter(pk__in=self.staff_pk.values(), active=False).update(active=True)
        self.staff_team = {entry["id"]: teams[entry["team"]] if entry["team"] else None for entry in entries}
        self.summary.staff = len(entries)

    def add(self, case: dict) -> None:
        self.batch.append(case)
        if len(self.batch) >= IMPORT_BATCH:
            self._flush()

    def finish(self) -> ImportSummary:
        self._flush()
        return self.summary

    def _flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
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
        self.summary.cases += len(batch)
        self.summary.replaced += len(existing)
        self.summary.created += len(batch) - len(existing)
        self.summary.case_ids += [row.pk for row in rows]

    def _case_row(self, case: dict, now: Any) -> Case:
        child = case["child"]
        closed = [parse_date(event["date"]) for event in case["events"] if event["type"] == "closed"]
        return Case(
            service=self.summary.service,
            ref=case["id"],
            case_manager_id=self.staff_pk[case["case_manager"]],
            team_id=self.staff_team[case["case_manager"]],
            child_name=child["name"],
            child_dob=parse_date(child["dob"]),
            child_sex=child["sex"],
            child_ethnicity=child["ethnicity"],
            looked_after=child["looked_after"],
            social_worker=child["social_worker"],
            diversity=ix.CHILD.fields["diversity"].canonical(child["diversity"]),
            closed_on=max(closed) if closed else None,
            updated_at=now,
        )

    def _staff(self, ref: str | None) -> int | None:  # a staff pk
        return None if ref is None else self.staff_pk[ref]

    def _countersigned(self, record: dict) -> tuple:
        """(by, date, outcome, comment) as in _COUNTERSIGNED; empty values if not countersigned."""
        signed = record["countersigned"]
        if signed is None:
            return (None, None, "", "")
        return (self.staff_pk[signed["by"]], parse_date(signed["date"]), signed["outcome"], signed["comment"])

    def _write_sub_records(self, batch: list[dict], rows: list[Case]) -> None:
        orders, reports, assessments, plans, events = [], [], [], [], []
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
                    date(r["date"]), staff(r["author"]), r["text"], r["discussed_with_child"], r["discussed_with_parent"],
                ))  # fmt: skip
            for a in case["assessments"]:
                assessments.append((
                    pk, a["id"], date(a["date"]), staff(a["author"]), *signed(a), a["stage"], a["instrument"],
                    ix.LIKELIHOOD.canonical(a["likelihood"]), ix.ROSH.canonical(a["rosh"]),
                    ix.VULNERABILITY.canonical(a["vulnerability"]), a["diversity_barriers"], a["child_views"],
                    a["parent_contributed"],
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
