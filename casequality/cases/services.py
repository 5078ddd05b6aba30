"""Writes of the case record: importing the interchange format (case-format.md)."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.cases import interchange as ix
from casequality.cases.interchange import InterchangeError, Problem, parse_date
from casequality.cases.models import Assessment, Case, Event, Order, Plan, Report, Service, Staff, Team
from casequality.cases.signals import case_record_changed

# Cases written per round of queries: large enough that the per-query cost is small
# next to the rows, small enough that a batch's objects take little memory.
IMPORT_BATCH = 500

CASE_FIELDS = (
    "case_manager", "team", "child_name", "child_dob", "child_sex", "child_ethnicity",
    "looked_after", "social_worker", "diversity", "closed_on", "updated_at",
)  # fmt: skip


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
        access_log_record(
            actor=None,
            verb=AccessVerb.IMPORT,
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
        service = self.summary.service
        teams = {team.name: team for team in Team.objects.filter(service=service)}
        new_teams = [Team(service=service, name=name) for name in dict.fromkeys(e["team"] for e in entries if e["team"])]
        new_teams = [team for team in new_teams if team.name not in teams]
        Team.objects.bulk_create(new_teams)
        teams.update({team.name: team for team in Team.objects.filter(service=service, name__in=[t.name for t in new_teams])})

        existing = {staff.ref: staff for staff in Staff.objects.filter(service=service)}
        created, updated = [], []
        for entry in entries:
            staff = existing.get(entry["id"])
            if staff is None:
                staff = Staff(service=service, ref=entry["id"])
                created.append(staff)
            else:
                updated.append(staff)
            staff.name, staff.role = entry["name"], entry["role"]
            staff.team = teams[entry["team"]] if entry["team"] else None
        Staff.objects.bulk_create(created)
        Staff.objects.bulk_update(updated, ["name", "role", "team"])
        # Managers are linked once everyone exists: a manager may come after their staff.
        by_ref = {staff.ref: staff for staff in Staff.objects.filter(service=service)}
        for entry in entries:
            by_ref[entry["id"]].manager = by_ref[entry["manager"]] if entry["manager"] else None
        Staff.objects.bulk_update([by_ref[entry["id"]] for entry in entries], ["manager"])
        self.staff_pk = {ref: staff.pk for ref, staff in by_ref.items()}
        self.staff_team = {ref: staff.team_id for ref, staff in by_ref.items()}
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
            replaced = list(existing.values())
            for model in (Order, Report, Assessment, Plan, Event):
                model.objects.filter(case_id__in=replaced).delete()
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

    def _staff(self, ref: str | None) -> int | None:
        return None if ref is None else self.staff_pk[ref]

    def _countersigned(self, record: dict) -> dict[str, Any]:
        signed = record["countersigned"]
        if signed is None:
            return {}
        return {
            "countersigned_by_id": self.staff_pk[signed["by"]],
            "countersigned_date": parse_date(signed["date"]),
            "countersigned_outcome": signed["outcome"],
            "countersigned_comment": signed["comment"],
        }

    def _write_sub_records(self, batch: list[dict], rows: list[Case]) -> None:
        orders, reports, assessments, plans, events = [], [], [], [], []
        date = parse_date
        for case, row in zip(batch, rows, strict=True):
            for o in case["orders"]:
                orders.append(Order(
                    case_id=row.pk, ref=o["id"], type=o["type"], court_date=date(o["court_date"]),
                    start=date(o["start"]), end=date(o["end"]) if o["end"] else None,
                    custody_considered=o["custody_considered"],
                    custody_release=date(o["custody_release"]) if o.get("custody_release") else None,
                ))  # fmt: skip
            for r in case["reports"]:
                reports.append(Report(
                    case_id=row.pk, ref=r["id"], type=r["type"], order_ref=r["order"], requested=r["requested"],
                    not_requested_reason=r["not_requested_reason"], yos_challenged=r["yos_challenged"],
                    date=date(r["date"]) if r["date"] else None, author_id=self._staff(r["author"]), text=r["text"],
                    discussed_with_child=r["discussed_with_child"], discussed_with_parent=r["discussed_with_parent"],
                ))  # fmt: skip
            for a in case["assessments"]:
                assessments.append(Assessment(
                    case_id=row.pk, ref=a["id"], date=date(a["date"]), author_id=self._staff(a["author"]),
                    stage=a["stage"], instrument=a["instrument"],
                    likelihood=ix.LIKELIHOOD.canonical(a["likelihood"]), rosh=ix.ROSH.canonical(a["rosh"]),
                    vulnerability=ix.VULNERABILITY.canonical(a["vulnerability"]),
                    diversity_barriers=a["diversity_barriers"], child_views=a["child_views"],
                    parent_contributed=a["parent_contributed"], **self._countersigned(a),
                ))  # fmt: skip
            for p in case["plans"]:
                plans.append(Plan(
                    case_id=row.pk, ref=p["id"], date=date(p["date"]), author_id=self._staff(p["author"]),
                    type=p["type"], assessment_ref=p["assessment"],
                    objectives=ix.PLAN.fields["objectives"].canonical(p["objectives"]), phases=p["phases"],
                    contingency=p["contingency"], agreed_with_child=p["agreed_with_child"],
                    agreed_with_parent=p["agreed_with_parent"], child_version=p["child_version"],
                    review_by=date(p["review_by"]) if p["review_by"] else None, **self._countersigned(p),
                ))  # fmt: skip
            for e in case["events"]:
                extras = ix.EVENT_EXTRAS[e["type"]]
                events.append(Event(
                    case_id=row.pk, ref=e["id"], type=e["type"], date=date(e["date"]), by_id=self._staff(e["by"]),
                    detail=e["detail"], extra={key: e[key] for key in extras},
                ))  # fmt: skip
        for model, objects in ((Order, orders), (Report, reports), (Assessment, assessments), (Plan, plans), (Event, events)):
            model.objects.bulk_create(objects)
        for key, objects in zip(ix.SUB_RECORD_LISTS, (orders, reports, assessments, plans, events), strict=True):
            self.summary.records[key] += len(objects)
