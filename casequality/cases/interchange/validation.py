"""Checking a document's header and its cases against the schema, and what the schema
cannot say alone: ids unique across a case and a file, references between records,
and the rules that depend on another key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casequality.cases.interchange.problems import Context, Problem, show
from casequality.cases.interchange.schema import (
    ACT_FORMATS,
    FORMAT,
    FORMATS,
    NON_CUSTODIAL_ORDER_TYPES,
    SUB_RECORD_LISTS,
    V2_RECORD_LISTS,
    case_node,
    header_node,
)


class FirstSeen:
    """Where each id was first seen, so that an id used twice names its first place."""

    def __init__(self) -> None:
        self.places: dict[str, Any] = {}

    def earlier(self, key: Any, place: Any) -> Any:
        """The place where string `key` was first seen; None (remembering `place`) if this is
        the first time, or if `key` is not a string (the schema reports that)."""
        if not isinstance(key, str):
            return None
        if key in self.places:
            return self.places[key]
        self.places[key] = place
        return None


class Header(dict[str, Any]):
    """The document without its cases; says what `cases` was and how many it held."""

    cases_type: str | None = "list"  # "list", None when missing, else the JSON type found
    case_count: int = 0


def json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "list"
    return show(value)


_MISSING = object()


def header_of(document: dict[str, Any]) -> Header:
    """The Header of a parsed document (what `read_header` gives for a file)."""
    header = Header((key, value) for key, value in document.items() if key != "cases")
    cases = document.get("cases", None) if "cases" in document else _MISSING
    header.cases_type = None if cases is _MISSING else json_type(cases)
    header.case_count = len(cases) if isinstance(cases, list) else 0
    return header


def header_staff_ids(header: dict[str, Any]) -> set[str]:
    """Every string staff id in the header, valid entry or not (so that one bad entry
    does not also make every reference to it a second problem)."""
    staff = header.get("staff")
    if not isinstance(staff, list):
        return set()
    return {entry["id"] for entry in staff if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def validate_header(header: dict[str, Any]) -> list[Problem]:
    """Every problem with the format, service and staff of a document. Returns them."""
    fmt = header.get("format")
    ctx = Context(staff_ids=header_staff_ids(header), fmt=fmt)
    header_node(fmt).check(header, "", ctx)
    if isinstance(fmt, str) and fmt not in FORMATS:
        expected = " or ".join(repr(f) for f in FORMATS)
        ctx.add("format", f"{show(fmt)} is not a format this version reads (expected {expected})")
    cases_type = getattr(header, "cases_type", "list")
    if cases_type is None:
        ctx.add("cases", "required key is missing")
    elif cases_type != "list":
        ctx.add("cases", f"{cases_type} is not a list")
    staff = header.get("staff")
    if isinstance(staff, list):
        seen = FirstSeen()
        for index, entry in enumerate(staff):
            staff_id = entry.get("id") if isinstance(entry, dict) else None
            earlier = seen.earlier(staff_id, index)
            if earlier is not None:
                ctx.add(f"staff[{index}].id", f"duplicate staff id {show(staff_id)} (also staff[{earlier}])")
    return ctx.problems


def validate_case(case: Any, index: int, *, staff_ids: set[str], fmt: Any = FORMAT) -> list[Problem]:
    """Every problem with one case, the `index`th of the file. Returns them.

    Checks the keys and their types, then what the schema cannot say alone: ids
    unique across the case's sub-records, references between them, staff ids, and the
    rules that depend on another key (a report not requested, Asset scores, custody).
    Duplicate case ids across the file are the caller's to find (`CaseIds`). `fmt` is
    the document's format: 1.1 and 2 carry Casequality's acts, only 2 today's record.
    """
    path = f"cases[{index}]"
    ctx = Context(staff_ids=staff_ids, fmt=fmt)
    case_node(fmt).check(case, path, ctx)
    if not isinstance(case, dict):
        return ctx.problems

    def records(key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        items = case.get(key)
        if isinstance(items, list):
            for position, item in enumerate(items):
                if isinstance(item, dict):
                    yield f"{key}[{position}]", item

    # Ids are unique across all sub-records of a case: a finding names its subject by id.
    # Format 2's records share the id space (circumstances have no id).
    id_lists = (*SUB_RECORD_LISTS, *V2_RECORD_LISTS)
    ids_of: dict[str, set[str]] = {key: set() for key in id_lists}
    seen = FirstSeen()
    for key in id_lists:
        if key == "circumstances":
            continue
        for where, item in records(key):
            ref = item.get("id")
            earlier = seen.earlier(ref, where)
            if earlier is not None:
                ctx.add(f"{path}.{where}.id", f"id {show(ref)} is used twice in this case (also {earlier})")
            elif isinstance(ref, str):
                ids_of[key].add(ref)

    for where, order in records("orders"):
        release = order.get("custody_release")
        if release is not None and isinstance(order.get("type"), str) and order["type"] in NON_CUSTODIAL_ORDER_TYPES:
            ctx.add(
                f"{path}.{where}.custody_release", f"a {order['type']} is not custodial: custody_release must be null"
            )

    for where, report in records("reports"):
        order_ref = report.get("order")
        if isinstance(order_ref, str) and order_ref not in ids_of["orders"]:
            ctx.add(f"{path}.{where}.order", f"no order {show(order_ref)} in this case")
        if report.get("requested") is False:
            for key in ("date", "author", "text"):
                if report.get(key) is not None:
                    ctx.add(f"{path}.{where}.{key}", "must be null: the report was not requested")

    significant_changes = {
        event["id"]
        for _, event in records("events")
        if event.get("type") == "significant_change" and isinstance(event.get("id"), str)
    }
    for where, assessment in records("assessments"):
        likelihood = assessment.get("likelihood")
        instrument = assessment.get("instrument")
        if isinstance(likelihood, dict) and instrument in ("assetplus", "other"):
            for key in ("scores", "static_score"):
                if key in likelihood:
                    ctx.add(
                        f"{path}.{where}.likelihood.{key}", f"only an asset assessment has {key} (this is {instrument})"
                    )
        assetplus = assessment.get("assetplus")
        if assetplus is not None and isinstance(instrument, str) and instrument != "assetplus":
            ctx.add(
                f"{path}.{where}.assetplus", f"must be null: only an assetplus assessment has it (this is {instrument})"
            )
        change = assetplus.get("significant_change") if isinstance(assetplus, dict) else None
        if isinstance(change, str) and change not in significant_changes:
            ctx.add(
                f"{path}.{where}.assetplus.significant_change",
                f"no significant_change event {show(change)} in this case",
            )

    for where, plan in records("plans"):
        assessment_ref = plan.get("assessment")
        if isinstance(assessment_ref, str) and assessment_ref not in ids_of["assessments"]:
            ctx.add(f"{path}.{where}.assessment", f"no assessment {show(assessment_ref)} in this case")

    for where, event in records("events"):
        subject = event.get("subject")
        if event.get("type") == "oversight_request" and isinstance(subject, str):
            if subject not in ids_of["assessments"] and subject not in ids_of["plans"]:
                ctx.add(f"{path}.{where}.subject", f"no assessment or plan {show(subject)} in this case")

    _check_references(case, path, ctx, ids_of, records)

    if "acts" in case and fmt not in ACT_FORMATS:
        ctx.add(
            f"{path}.acts", f"acts are part of formats {' and '.join(repr(f) for f in ACT_FORMATS)}, not {show(fmt)}"
        )
    earlier_acts: set[str] = set()
    for where, act in records("acts"):
        _check_act(act, f"{path}.{where}", ctx, earlier_acts)
        ref = act.get("id")
        earlier = seen.earlier(ref, where)
        if earlier is not None:
            ctx.add(f"{path}.{where}.id", f"id {show(ref)} is used twice in this case (also {earlier})")
        elif isinstance(ref, str):
            earlier_acts.add(ref)
    return ctx.problems


# Format 2: (list, key, the lists the key may name, what they are called).
_REFERENCES = (
    ("out_of_court", "offence", ("offences",), "offence"),
    ("out_of_court", "order", ("orders",), "order"),
    ("victims", "offence", ("offences",), "offence"),
    ("diversion_assessments", "out_of_court", ("out_of_court",), "out-of-court outcome"),
    ("circumstances", "of", ("orders", "out_of_court"), "order or out-of-court outcome"),
    ("serious_incidents", "offence", ("offences",), "offence"),
)


def _check_references(case: dict[str, Any], path: str, ctx: Context, ids_of: dict[str, set[str]], records: Any) -> None:
    """References between format 2's records and the rest of the case (staff are the schema's)."""
    for key, field, targets, what in _REFERENCES:
        for where, item in records(key):
            ref = item.get(field)
            if isinstance(ref, str) and not any(ref in ids_of[target] for target in targets):
                ctx.add(f"{path}.{where}.{field}", f"no {what} {show(ref)} in this case")


def _check_act(act: dict[str, Any], path: str, ctx: Context, earlier_acts: set[str]) -> None:
    """What the schema cannot say of an act alone: its kind's subject and outcome, and that
    a correction names an earlier act. Its subject need not be in the case: the CMS may
    have withdrawn it, and the act is kept all the same."""
    kind, subject_type = act.get("kind"), act.get("subject_type")
    if kind == "manager_entry":
        if subject_type != "case":
            ctx.add(f"{path}.subject_type", "a manager_entry is about the case: subject_type must be case")
        if act.get("subject") is not None:
            ctx.add(f"{path}.subject", "must be null: a manager_entry is about the whole case")
    elif kind in ("countersignature", "oversight_request"):
        if subject_type not in ("assessment", "plan"):
            ctx.add(f"{path}.subject_type", f"a {kind} is about an assessment or plan")
        if act.get("subject") is None:
            ctx.add(f"{path}.subject", f"a {kind} names its assessment or plan")
    if kind == "countersignature" and act.get("outcome") is None:
        ctx.add(f"{path}.outcome", "a countersignature is approved or returned")
    elif kind in ("manager_entry", "oversight_request") and act.get("outcome") is not None:
        ctx.add(f"{path}.outcome", f"must be null: a {kind} has no outcome")
    corrects = act.get("corrects")
    if isinstance(corrects, str) and corrects not in earlier_acts:
        ctx.add(f"{path}.corrects", f"no earlier act {show(corrects)} in this case")


class CaseIds:
    """Finds case ids used twice in one file, remembering where each was first seen."""

    def __init__(self) -> None:
        self.seen = FirstSeen()

    def check(self, case: Any, index: int) -> list[Problem]:
        case_id = case.get("id") if isinstance(case, dict) else None
        earlier = self.seen.earlier(case_id, index)
        if earlier is None:
            return []
        return [Problem(f"cases[{index}].id", f"duplicate case id {show(case_id)} (also cases[{earlier}])")]
