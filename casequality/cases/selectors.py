"""Reads of the case record: each case as an interchange record, and the export file."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO, TypedDict

from django.db.models import F, QuerySet

from casequality.cases import interchange as ix
from casequality.cases.acts import SUBJECT_LISTS, effective_record, subject_version
from casequality.cases.models import Case, Service, Staff
from casequality.cases.signals import case_records_accessed_send
from casequality.data import reads

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _CaseManagerRef(TypedDict):
        case_manager_ref: str | None

    # A Case with its case manager's ref annotated (case_documents, case_document).
    type _AnnotatedCase = WithAnnotations[Case, _CaseManagerRef]

CASE_BATCH = 500
# A batch of cases is in memory at once as Python objects (about 0.2 MB a demo case):
# the export keeps batches small so that its memory stays low; seven queries per batch.
EXPORT_BATCH = 100


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _countersigned(row: dict[str, Any]) -> dict[str, Any] | None:
    # No outcome means never countersigned (the columns are all empty together).
    if not row["countersigned_outcome"]:
        return None
    return {
        "by": row["countersigned_by__ref"],
        "date": _iso(row["countersigned_date"]),
        "outcome": row["countersigned_outcome"],
        "comment": row["countersigned_comment"],
    }


def _order(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["ref"],
        "type": row["type"],
        "court_date": _iso(row["court_date"]),
        "start": _iso(row["start"]),
        "end": _iso(row["end"]),
        "custody_considered": row["custody_considered"],
        "custody_release": _iso(row["custody_release"]),
    }


def _report(row: dict[str, Any]) -> dict[str, Any]:
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


_ASSETPLUS = ix.ASSESSMENT.fields["assetplus"]
_V2_LISTS = {key: ix.CASE.fields[key] for key in ix.V2_RECORD_LISTS}
_BOARD_MEETINGS = ix.HEADER.fields["board_meetings"]


def _assessment(row: dict[str, Any]) -> dict[str, Any]:
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
        "assetplus": _ASSETPLUS.canonical(row["assetplus"]),
    }


def _plan(row: dict[str, Any]) -> dict[str, Any]:
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


def _event(row: dict[str, Any]) -> dict[str, Any]:
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


# Each sub-record list and how its rows (data/reads.py, SUB_RECORDS) become the record's entries.
_SUB_RECORDS = {"orders": _order, "reports": _report, "assessments": _assessment, "plans": _plan, "events": _event}


def _act(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["ref"],
        "kind": row["kind"],
        "subject_type": row["subject_type"],
        "subject": row["subject_ref"] or None,
        "subject_version": row["subject_version"],
        "by": row["by_ref"],
        "date": _iso(row["date"]),
        "outcome": row["outcome"] or None,
        "text": row["text"],
        "corrects": row["corrects__ref"],
        "recorded_at": row["recorded_at"].isoformat(timespec="seconds"),
        "recorded_by": row["recorded_by"],
    }


def _documents(batch: list[_AnnotatedCase]) -> Iterator[tuple[Case, dict[str, Any]]]:
    ids = [case.pk for case in batch]
    few = len(ids) <= SMALL_BATCH
    parts: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for key, convert in _SUB_RECORDS.items():
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        # The queryset's iterator() for a big batch: converted row by row, without also
        # holding the whole result as rows. Not for a few cases (a page, one case's
        # re-evaluation): on PostgreSQL it is a server-side cursor, three round trips
        # instead of one; their plain SQL (data/reads.py) costs no compiling.
        rows = reads.sub_records(key, ids) if few else reads.sub_records_orm(key, ids).iterator(chunk_size=2000)
        for row in rows:
            grouped[row["case_id"]].append(convert(row))
        parts[key] = grouped
    acts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for act in reads.acts(ids):  # a big batch's acts are few: read whole
        acts[act["case_id"]].append(_act(act))
    for case in batch:
        document: dict[str, Any] = {
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
        for key in _SUB_RECORDS:
            document[key] = parts[key].get(case.pk, [])
        for key, node in _V2_LISTS.items():  # format 2: always written, empty where none
            document[key] = node.canonical(getattr(case, key) or [])
        if acts.get(case.pk):  # omitted when there are none (docs/case-format.md)
            document["acts"] = acts[case.pk]
        yield case, document


# Up to this many cases are read with plain queries rather than server-side cursors.
SMALL_BATCH = 50


def case_documents(
    cases: QuerySet[Case], *, batch_size: int = CASE_BATCH, stream: bool = True
) -> Iterator[tuple[Case, dict[str, Any]]]:
    """Each case of `cases` with its record as an interchange case dict[str, Any], in canonical key
    order and sub-records in their stored order.

    Streams: cases are read `batch_size` at a time, each batch with the same seven
    queries whatever its size (no query per case). The Case has `case_manager_ref`
    annotated. `stream=False` reads the cases with one plain query (a few cases, or a
    caller that holds them all anyway).
    """
    batch: list[_AnnotatedCase] = []
    annotated = cases.annotate(case_manager_ref=F("case_manager__ref"))
    for case in annotated.iterator(chunk_size=batch_size) if stream else annotated:
        batch.append(case)
        if len(batch) >= batch_size:
            yield from _documents(batch)
            batch = []
    if batch:
        yield from _documents(batch)


def staff_documents(service: Service) -> list[dict[str, Any]]:
    """The service's staff as interchange staff entries, in the order they were stored."""
    rows = (
        Staff.objects.filter(service=service).order_by("pk").values("ref", "name", "role", "team__name", "manager__ref")
    )
    return [
        {"id": r["ref"], "name": r["name"], "role": r["role"], "team": r["team__name"], "manager": r["manager__ref"]}
        for r in rows
    ]


def board_meetings(service: Service) -> list[dict[str, Any]]:
    """The service's management board meetings as interchange entries (format 2), as imported."""
    meetings: list[dict[str, Any]] = _BOARD_MEETINGS.canonical(service.board_meetings or [])
    return meetings


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
    out.write(
        f'{{"format": {_dumps(ix.FORMAT)},\n'
        f' "service": {_dumps({"code": service.code, "name": service.name})},\n "staff": ['
    )
    for index, staff in enumerate(staff_documents(service)):
        out.write(("," if index else "") + "\n  " + _dumps(staff))
    out.write('\n ],\n "board_meetings": [')
    for index, meeting in enumerate(board_meetings(service)):
        out.write(("," if index else "") + "\n  " + _dumps(meeting))
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


def case_document(case: Case) -> dict[str, Any]:
    """One case's record as an interchange case dict[str, Any], with its acts (seven queries)."""
    return next(_documents([Case.objects.annotate(case_manager_ref=F("case_manager__ref")).get(pk=case.pk)]))[1]


@dataclass(frozen=True)
class SubjectState:
    """An assessment or plan as the CMS sent it, Casequality's acts on it, and its version.

    `version` changes when an import changes the record or someone acts on it: a form
    carries the version its reader saw, and a write is refused if it has changed since.
    """

    subject_type: str
    ref: str
    record: dict[str, Any] | None  # None: the CMS has withdrawn it
    acts: list[dict[str, Any]]

    @property
    def version(self) -> str:
        last = self.acts[-1]["id"] if self.acts else "-"
        return f"{subject_version(self.record)}.{last}"

    @property
    def countersigned(self) -> dict[str, Any] | None:
        """The countersignature that stands: the CMS's or an act's, whichever is latest."""
        if self.record is None:
            return None
        key = SUBJECT_LISTS[self.subject_type]
        countersigned: dict[str, Any] | None = effective_record({key: [self.record], "acts": self.acts})[key][0].get(
            "countersigned"
        )
        return countersigned

    def changes_since(self, version: str) -> list[str]:
        """What changed since `version` was read, in words (empty if nothing did)."""
        content, _, last = version.partition(".")
        changes = []
        name = f"this {self.subject_type}"
        if content != subject_version(self.record):
            changes.append(
                f"The case management system has withdrawn {name}"
                if self.record is None
                else f"The case management system has changed {name} (an import)"
            )
        ids = [act["id"] for act in self.acts]
        # Acts are in the order they were recorded; an unknown `last` (none, or one since
        # corrected away) means every act is news to the reader.
        newer = self.acts[ids.index(last) + 1 :] if last in ids else self.acts
        for act in newer:
            changes.append(f"{act['recorded_by']} {_did(act)} on {date.fromisoformat(act['date']):%-d %B %Y}")
        return changes


def _did(act: dict[str, Any]) -> str:
    if act["kind"] == "countersignature":
        return "countersigned it" if act["outcome"] == "approved" else "returned it"
    return "asked for oversight of it" if act["kind"] == "oversight_request" else "made a manager entry"


def subject_state(*, case: Case, subject_type: str, ref: str) -> SubjectState:
    """The state of one assessment or plan of `case` (see SubjectState).

    Reads only the case's list of that kind and its acts (two queries, not the whole
    case's seven), with the same reads and converting functions as the case's document
    (case_document): the same record, acts and version as the document has them
    (tests/cases/test_subject_state_alone.py). The plain reads (data/reads.py) cost less
    than a queryset's compiling for the few rows of one case (decision 0026).
    """
    key = SUBJECT_LISTS[subject_type]
    # The first of that ref as stored, as the document's list gives it; only it is converted.
    row = next((row for row in reads.sub_records(key, [case.pk]) if row["ref"] == ref), None)
    record = None if row is None else _SUB_RECORDS[key](row)
    # An act's subject is its ref, or None where that is empty (_act): compared as the document's.
    acts = [
        _act(act)
        for act in reads.acts([case.pk])
        if act["subject_type"] == subject_type and (act["subject_ref"] or None) == ref
    ]
    return SubjectState(subject_type=subject_type, ref=ref, record=record, acts=acts)
