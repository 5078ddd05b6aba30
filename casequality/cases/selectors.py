"""Reads of the case record: each case as an interchange record, and the export file."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from django.db.models import F, QuerySet

from casequality.cases import interchange as ix
from casequality.cases.models import Assessment, Case, Event, Order, Plan, Report, Service, Staff
from casequality.cases.signals import case_records_accessed_send

CASE_BATCH = 500
# A batch of cases is in memory at once as Python objects (about 0.2 MB a demo case):
# the export keeps batches small so that its memory stays low; six queries per batch.
EXPORT_BATCH = 100


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _countersigned(row: dict) -> dict | None:
    # No outcome means never countersigned (the columns are all empty together).
    if not row["countersigned_outcome"]:
        return None
    return {
        "by": row["countersigned_by__ref"],
        "date": _iso(row["countersigned_date"]),
        "outcome": row["countersigned_outcome"],
        "comment": row["countersigned_comment"],
    }


def _order(row: dict) -> dict:
    return {
        "id": row["ref"],
        "type": row["type"],
        "court_date": _iso(row["court_date"]),
        "start": _iso(row["start"]),
        "end": _iso(row["end"]),
        "custody_considered": row["custody_considered"],
        "custody_release": _iso(row["custody_release"]),
    }


def _report(row: dict) -> dict:
    return {
        "id": row["ref"],
        "type": row["type"],
        "order": row["order_ref"],
        "requested": row["requested"],
        "not_requested_reason": row["not_requested_reason"],
        "yos_challenged": row["yos_challenged"],
        "date": _iso(row["date"]),
        "author": row["author__ref"],
        "text": row["text"],
        "discussed_with_child": row["discussed_with_child"],
        "discussed_with_parent": row["discussed_with_parent"],
    }


def _assessment(row: dict) -> dict:
    # JSON columns are re-ordered through the schema: PostgreSQL's jsonb does not keep
    # key order, and the export's order is part of the format.
    return {
        "id": row["ref"],
        "date": _iso(row["date"]),
        "author": row["author__ref"],
        "stage": row["stage"],
        "instrument": row["instrument"],
        "likelihood": ix.LIKELIHOOD.canonical(row["likelihood"]),
        "rosh": ix.ROSH.canonical(row["rosh"]),
        "vulnerability": ix.VULNERABILITY.canonical(row["vulnerability"]),
        "diversity_barriers": row["diversity_barriers"],
        "child_views": row["child_views"],
        "parent_contributed": row["parent_contributed"],
        "countersigned": _countersigned(row),
    }


def _plan(row: dict) -> dict:
    return {
        "id": row["ref"],
        "date": _iso(row["date"]),
        "author": row["author__ref"],
        "type": row["type"],
        "assessment": row["assessment_ref"],
        "objectives": ix.PLAN.fields["objectives"].canonical(row["objectives"]),
        "phases": row["phases"],
        "contingency": row["contingency"],
        "agreed_with_child": row["agreed_with_child"],
        "agreed_with_parent": row["agreed_with_parent"],
        "child_version": row["child_version"],
        "countersigned": _countersigned(row),
        "review_by": _iso(row["review_by"]),
    }


def _event(row: dict) -> dict:
    record = {
        "id": row["ref"],
        "type": row["type"],
        "date": _iso(row["date"]),
        "by": row["by__ref"],
        "detail": row["detail"],
    }
    extra = row["extra"] or {}
    for key in ix.EVENT_EXTRAS.get(row["type"], ()):
        record[key] = extra.get(key)
    return record


_COUNTERSIGNABLE = ("date", "author__ref", "countersigned_by__ref", "countersigned_date", "countersigned_outcome", "countersigned_comment")
_SUB_RECORDS: tuple[tuple[str, Any, tuple[str, ...], Any], ...] = (
    ("orders", Order, ("type", "court_date", "start", "end", "custody_considered", "custody_release"), _order),
    ("reports", Report, ("type", "order_ref", "requested", "not_requested_reason", "yos_challenged", "date",
                         "author__ref", "text", "discussed_with_child", "discussed_with_parent"), _report),
    ("assessments", Assessment, (*_COUNTERSIGNABLE, "stage", "instrument", "likelihood", "rosh", "vulnerability",
                                 "diversity_barriers", "child_views", "parent_contributed"), _assessment),
    ("plans", Plan, (*_COUNTERSIGNABLE, "type", "assessment_ref", "objectives", "phases", "contingency",
                     "agreed_with_child", "agreed_with_parent", "child_version", "review_by"), _plan),
    ("events", Event, ("type", "date", "by__ref", "detail", "extra"), _event),
)  # fmt: skip


def _documents(batch: list[Case]) -> Iterator[tuple[Case, dict]]:
    ids = [case.pk for case in batch]
    parts: dict[str, dict[int, list[dict]]] = {}
    for key, model, columns, convert in _SUB_RECORDS:
        grouped: dict[int, list[dict]] = defaultdict(list)
        rows = model.objects.filter(case_id__in=ids).order_by("case_id", "id").values("case_id", "ref", *columns)
        # iterator(): converted row by row, without also holding the whole result as rows.
        for row in rows.iterator(chunk_size=2000):
            grouped[row["case_id"]].append(convert(row))
        parts[key] = grouped
    for case in batch:
        document = {
            "id": case.ref,
            "child": {
                "name": case.child_name,
                "dob": _iso(case.child_dob),
                "sex": case.child_sex,
                "ethnicity": case.child_ethnicity,
                "looked_after": case.looked_after,
                "social_worker": case.social_worker,
                "diversity": ix.CHILD.fields["diversity"].canonical(case.diversity),
            },
            "case_manager": case.case_manager_ref,
        }
        for key, *_ in _SUB_RECORDS:
            document[key] = parts[key].get(case.pk, [])
        yield case, document


def case_documents(cases: QuerySet[Case], *, batch_size: int = CASE_BATCH) -> Iterator[tuple[Case, dict]]:
    """Each case of `cases` with its record as an interchange case dict, in canonical key
    order and sub-records in their stored order.

    Streams: cases are read `batch_size` at a time, each batch with the same six
    queries whatever its size (no query per case). The Case has `case_manager_ref`
    annotated.
    """
    batch: list[Case] = []
    for case in cases.annotate(case_manager_ref=F("case_manager__ref")).iterator(chunk_size=batch_size):
        batch.append(case)
        if len(batch) >= batch_size:
            yield from _documents(batch)
            batch = []
    if batch:
        yield from _documents(batch)


def staff_documents(service: Service) -> list[dict]:
    """The service's staff as interchange staff entries, in the order they were stored."""
    rows = Staff.objects.filter(service=service).order_by("pk").values("ref", "name", "role", "team__name", "manager__ref")
    return [
        {"id": r["ref"], "name": r["name"], "role": r["role"], "team": r["team__name"], "manager": r["manager__ref"]}
        for r in rows
    ]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def interchange_export(
    out: TextIO,
    *,
    service: Service,
    case_refs: list[str] | None = None,
    actor_name: str = "casequality export",
    target: str = "",
) -> int:
    """Write the service's cases (all, or those named in `case_refs`) to the text stream
    `out` as an interchange document, streaming: one case at a time, one per line.

    Records one access-log entry for the export. Returns the number of cases written.
    Raises Case.DoesNotExist, before writing anything, if a named case is not in the
    service.
    """
    cases = Case.objects.filter(service=service).order_by("pk")
    if case_refs is not None:
        wanted = list(dict.fromkeys(case_refs))
        found = set(cases.filter(ref__in=wanted).values_list("ref", flat=True))
        missing = [ref for ref in wanted if ref not in found]
        if missing:
            raise Case.DoesNotExist(f"No case {', '.join(missing)} in service {service.code}")
        cases = cases.filter(ref__in=wanted)
    out.write(f'{{"format": {_dumps(ix.FORMAT)},\n "service": {_dumps({"code": service.code, "name": service.name})},\n "staff": [')
    for index, staff in enumerate(staff_documents(service)):
        out.write(("," if index else "") + "\n  " + _dumps(staff))
    out.write('\n ],\n "cases": [')
    count = 0
    for count, (_case, document) in enumerate(case_documents(cases, batch_size=EXPORT_BATCH), start=1):
        out.write(("," if count > 1 else "") + "\n  " + _dumps(document))
    out.write("\n ]\n}\n")
    case_records_accessed_send(
        sender=Case,
        verb="export",
        service=service,
        target=target[:200],
        actor_name=actor_name,
        payload={"service": service.code, "cases": count},
    )
    return count
