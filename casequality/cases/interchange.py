"""Reading and checking the case interchange format, version 1 (docs: case-format.md).

The format is described once, as a schema of small nodes below (`SERVICE`, `STAFF`,
`CASE` and their parts). The same schema both checks a parsed document, collecting
every problem with its JSON path, and puts a record into canonical key order for
export, so the checker and the writer cannot drift apart.

Files are read streaming with ijson: `read_header` reads everything but the cases,
`iter_cases` yields the cases one at a time, so a file of 100,000 cases never sits in
memory whole.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

import ijson

FORMAT = "casequality/1"

SECTIONS = (
    "living_arrangements",
    "family_relationships",
    "education_training_employment",
    "neighbourhood",
    "lifestyle",
    "substance_use",
    "physical_health",
    "emotional_mental_health",
    "perception_of_self_and_others",
    "thinking_and_behaviour",
    "attitudes_to_offending",
    "motivation_to_change",
)
LEVELS = ("low", "medium", "high", "very_high")
ROLES = ("case_manager", "team_manager", "qa_lead", "inspector", "board", "admin")
ORDER_TYPES = (
    "referral_order",
    "youth_rehabilitation_order",
    "detention_and_training_order",
    "long_term_detention",
    "youth_conditional_caution",
    "youth_caution",
    "other",
)
# The format says custody_release is for custodial orders only; `other` may be one.
NON_CUSTODIAL_ORDER_TYPES = frozenset(
    {"referral_order", "youth_rehabilitation_order", "youth_conditional_caution", "youth_caution"}
)
EVENT_TYPES = (
    "contact",
    "failure_to_comply",
    "warning",
    "compliance_panel",
    "breach",
    "panel_meeting",
    "significant_change",
    "oversight_request",
    "manager_entry",
    "mappa",
    "referral",
    "transfer",
    "closed",
)
SUB_RECORD_LISTS = ("orders", "reports", "assessments", "plans", "events")

# Column widths of casequality.cases.models: checked here so that a long value is a
# problem with a path, not a database error half-way through an import.
ID_MAX = 64
NAME_MAX = 200
TEAM_MAX = 100
SERVICE_CODE_MAX = 32


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an interchange document, at a JSON path (`$` is the whole file)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InterchangeError(Exception):
    """A document that cannot be imported; `.problems` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the interchange document")

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def show(value: Any) -> str:
    """A value as a problem message quotes it: strings quoted, JSON words for the rest."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@dataclass
class Context:
    """What a check needs besides the value: where problems go and the file's staff ids."""

    problems: list[Problem] = field(default_factory=list)
    staff_ids: set[str] | None = None

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


# --- the schema ---------------------------------------------------------------------


class Node:
    def check(self, value: Any, path: str, ctx: Context) -> bool:
        """Add a problem for each thing wrong with `value`; return True if there was none."""
        raise NotImplementedError

    def quick(self, value: Any, ctx: Context) -> bool:
        """True if `value` is certainly valid, found without building its path (most
        values of a file are valid: paths are built only for the others)."""
        return False

    def canonical(self, value: Any) -> Any:
        return value


class Text(Node):
    def __init__(self, max_length: int | None = None, *, non_empty: bool = False):
        self.max_length = max_length
        self.non_empty = non_empty

    def quick(self, value: Any, ctx: Context) -> bool:
        return (
            isinstance(value, str)
            and (self.max_length is None or len(value) <= self.max_length)
            and (not self.non_empty or bool(value.strip()))
        )

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, str):
            ctx.add(path, f"{show(value)} is not a string")
            return False
        if self.non_empty and not value.strip():
            ctx.add(path, "must not be empty")
            return False
        if self.max_length is not None and len(value) > self.max_length:
            ctx.add(path, f"is longer than {self.max_length} characters")
            return False
        return True


class StaffRef(Text):
    """A staff id that must name a member of the file's `staff`."""

    def __init__(self) -> None:
        super().__init__(ID_MAX, non_empty=True)

    def quick(self, value: Any, ctx: Context) -> bool:
        return super().quick(value, ctx) and (ctx.staff_ids is None or value in ctx.staff_ids)

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not super().check(value, path, ctx):
            return False
        if ctx.staff_ids is not None and value not in ctx.staff_ids:
            ctx.add(path, f"no staff member {show(value)} in staff")
            return False
        return True


class Bool(Node):
    def quick(self, value: Any, ctx: Context) -> bool:
        return value is True or value is False

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, bool):
            ctx.add(path, f"{show(value)} is not true or false")
            return False
        return True


class Int(Node):
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def quick(self, value: Any, ctx: Context) -> bool:
        return type(value) is int and self.low <= value <= self.high

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        # bool is an int in Python but `true` is not a score.
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            ctx.add(path, f"{show(value)} is not a whole number from {self.low} to {self.high}")
            return False
        return True


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: Any) -> datetime.date | None:
    """The date a `YYYY-MM-DD` string names, or None if it is not one."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class Date(Node):
    def quick(self, value: Any, ctx: Context) -> bool:
        return parse_date(value) is not None

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if parse_date(value) is None:
            ctx.add(path, f"{show(value)} is not a date (YYYY-MM-DD)")
            return False
        return True


class Enum(Node):
    def __init__(self, *values: str):
        self.values = values
        self.allowed = frozenset(values)

    def quick(self, value: Any, ctx: Context) -> bool:
        return isinstance(value, str) and value in self.allowed

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, str) or value not in self.values:
            ctx.add(path, f"{show(value)} is not one of {', '.join(self.values)}")
            return False
        return True


class Nullable(Node):
    def __init__(self, inner: Node):
        self.inner = inner

    def quick(self, value: Any, ctx: Context) -> bool:
        return value is None or self.inner.quick(value, ctx)

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        return value is None or self.inner.check(value, path, ctx)

    def canonical(self, value: Any) -> Any:
        return None if value is None else self.inner.canonical(value)


class ListOf(Node):
    def __init__(self, item: Node):
        self.item = item

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, list):
            ctx.add(path, f"{show(value)} is not a list")
            return False
        ok = True
        item_node = self.item
        for index, item in enumerate(value):
            if not item_node.quick(item, ctx):
                ok = item_node.check(item, f"{path}[{index}]", ctx) and ok
        return ok

    def canonical(self, value: Any) -> Any:
        return [self.item.canonical(item) for item in value]


class Obj(Node):
    """An object with known keys, in canonical order; all required unless `optional`."""

    def __init__(self, fields: dict[str, Node], *, optional: Iterable[str] = ()):
        self.fields = fields
        self.optional = frozenset(optional)

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, dict):
            ctx.add(path, f"{show(value)} is not an object")
            return False
        return self.check_fields(value, path, ctx, self.fields)

    def check_fields(
        self, value: dict, path: str, ctx: Context, fields: dict[str, Node], *, tolerated: frozenset[str] = frozenset()
    ) -> bool:
        ok = True
        for key, node in fields.items():
            if key in value:
                item = value[key]
                if not node.quick(item, ctx):
                    ok = node.check(item, join(path, key), ctx) and ok
            elif key not in self.optional:
                ctx.add(join(path, key), "required key is missing")
                ok = False
        for key in value:
            if key not in fields and key not in tolerated:
                ctx.add(join(path, str(key)), "unknown key")
                ok = False
        return ok

    def canonical(self, value: Any) -> Any:
        return {key: node.canonical(value[key]) for key, node in self.fields.items() if key in value}


class SectionMap(Node):
    """An object keyed by Asset section, in the sections' order; all twelve if `complete`."""

    def __init__(self, value: Node, *, complete: bool):
        self.value = value
        self.complete = complete

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, dict):
            ctx.add(path, f"{show(value)} is not an object")
            return False
        ok = True
        for section in SECTIONS:
            if section in value:
                if not self.value.quick(value[section], ctx):
                    ok = self.value.check(value[section], join(path, section), ctx) and ok
            elif self.complete:
                ctx.add(join(path, section), "required key is missing")
                ok = False
        for key in value:
            if key not in SECTIONS:
                ctx.add(join(path, str(key)), f"unknown key (the Asset sections are {', '.join(SECTIONS)})")
                ok = False
        return ok

    def canonical(self, value: Any) -> Any:
        return {section: value[section] for section in SECTIONS if section in value}


ID = Text(ID_MAX, non_empty=True)
TEXT = Text()
DATE = Date()
BOOL = Bool()
STAFF_REF = StaffRef()

SERVICE = Obj({"code": Text(SERVICE_CODE_MAX, non_empty=True), "name": Text(NAME_MAX, non_empty=True)})
STAFF = Obj(
    {
        "id": ID,
        "name": Text(NAME_MAX),
        "role": Enum(*ROLES),
        "team": Nullable(Text(TEAM_MAX, non_empty=True)),
        "manager": Nullable(STAFF_REF),
    }
)
CHILD = Obj(
    {
        "name": Text(NAME_MAX),
        "dob": DATE,
        "sex": Enum("male", "female", "other", "not_known"),
        "ethnicity": Text(NAME_MAX),
        "looked_after": BOOL,
        "social_worker": Nullable(Text(NAME_MAX)),
        "diversity": Obj(
            {
                "learning_style": Nullable(TEXT),
                "slcn": Enum("identified", "not_identified", "not_assessed"),
                "needs": ListOf(TEXT),
            }
        ),
    }
)
ORDER = Obj(
    {
        "id": ID,
        "type": Enum(*ORDER_TYPES),
        "court_date": DATE,
        "start": DATE,
        "end": Nullable(DATE),
        "custody_considered": BOOL,
        "custody_release": Nullable(DATE),
    },
    # Only meaningful for custodial orders, so a file may leave it out elsewhere;
    # export always writes it (null when there is none).
    optional={"custody_release"},
)
REPORT = Obj(
    {
        "id": ID,
        "type": Enum("pre_sentence_report", "panel_report"),
        "order": Nullable(ID),
        "requested": BOOL,
        "not_requested_reason": Nullable(TEXT),
        "yos_challenged": Nullable(BOOL),
        "date": Nullable(DATE),
        "author": Nullable(STAFF_REF),
        "text": Nullable(TEXT),
        "discussed_with_child": BOOL,
        "discussed_with_parent": BOOL,
    }
)
COUNTERSIGNED = Nullable(
    Obj({"by": STAFF_REF, "date": DATE, "outcome": Enum("approved", "returned"), "comment": TEXT})
)
LIKELIHOOD = Obj(
    {
        "band": Enum("low", "medium", "high"),
        "scores": SectionMap(Int(0, 4), complete=True),
        "static_score": Int(0, 16),
        "evidence": SectionMap(TEXT, complete=False),
    },
    optional={"scores", "static_score"},
)
ROSH = Obj(
    {
        "screening": Obj(
            {
                "harm_related_behaviour": BOOL,
                "current_offence": BOOL,
                "other_behaviour": BOOL,
                "concern_from_others": BOOL,
                "intuitive_feelings": BOOL,
            }
        ),
        "full": Nullable(
            Obj(
                {
                    "date": DATE,
                    "nature_of_harm": TEXT,
                    "who_at_risk": TEXT,
                    "victims": TEXT,
                    "imminence": TEXT,
                    "risk_factors": TEXT,
                    "protective_factors": TEXT,
                }
            )
        ),
        "level": Enum(*LEVELS),
    }
)
VULNERABILITY = Obj({"level": Enum(*LEVELS), "evidence": TEXT, "other_agency_information_used": BOOL})
ASSESSMENT = Obj(
    {
        "id": ID,
        "date": DATE,
        "author": STAFF_REF,
        "stage": Enum("pre_sentence", "start", "review", "transfer", "end"),
        "instrument": Enum("asset", "assetplus", "other"),
        "likelihood": LIKELIHOOD,
        "rosh": ROSH,
        "vulnerability": VULNERABILITY,
        "diversity_barriers": TEXT,
        "child_views": Nullable(TEXT),
        "parent_contributed": BOOL,
        "countersigned": COUNTERSIGNED,
    }
)
OBJECTIVE = Obj(
    {
        "text": TEXT,
        "addresses": ListOf(Enum(*SECTIONS, "rosh", "vulnerability", "diversity", "compliance")),
        "by": Nullable(DATE),
        "who": Nullable(TEXT),
    }
)
PLAN = Obj(
    {
        "id": ID,
        "date": DATE,
        "author": STAFF_REF,
        "type": Enum("intervention", "risk_management", "vulnerability_management", "custodial_sentence"),
        "assessment": Nullable(ID),
        "objectives": ListOf(OBJECTIVE),
        "phases": ListOf(Enum("custody", "community")),
        "contingency": Nullable(TEXT),
        "agreed_with_child": BOOL,
        "agreed_with_parent": BOOL,
        "child_version": Nullable(TEXT),
        "countersigned": COUNTERSIGNED,
        "review_by": Nullable(DATE),
    }
)
EVENT_COMMON: dict[str, Node] = {
    "id": ID,
    "type": Enum(*EVENT_TYPES),
    "date": DATE,
    "by": Nullable(STAFF_REF),
    "detail": TEXT,
}
EVENT_EXTRAS: dict[str, dict[str, Node]] = {
    "contact": {"kind": Enum("office", "home_visit", "phone", "other")},
    "failure_to_comply": {"acceptable": BOOL},
    "warning": {},
    "compliance_panel": {"outcome": TEXT},
    "breach": {"decision": Enum("returned_to_court", "alternative_strategy"), "manager_agreed": BOOL},
    "panel_meeting": {"kind": Enum("initial", "progress", "final")},
    "significant_change": {
        "kind": Enum("sentence_start", "custody", "release", "new_offence", "address", "care_status", "other")
    },
    "oversight_request": {"subject": ID},
    "manager_entry": {},
    "mappa": {"category": Int(1, 4), "level": Int(1, 3)},
    "referral": {"to": Enum("health", "substance_misuse", "education", "leaving_care", "other")},
    "transfer": {"from": STAFF_REF, "to": STAFF_REF},
    "closed": {},
}
_ANY_EXTRA = frozenset(key for extras in EVENT_EXTRAS.values() for key in extras)


class EventNode(Obj):
    """An event: the common keys, then the extra keys its `type` calls for (and no others)."""

    def __init__(self) -> None:
        super().__init__(EVENT_COMMON)

    def fields_for(self, event_type: Any) -> dict[str, Node] | None:
        extras = EVENT_EXTRAS.get(event_type) if isinstance(event_type, str) else None
        return None if extras is None else {**EVENT_COMMON, **extras}

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, dict):
            ctx.add(path, f"{show(value)} is not an object")
            return False
        fields = self.fields_for(value.get("type"))
        if fields is None:
            # Without a valid type we cannot tell which extra keys belong: report the
            # type and leave any extra keys alone rather than bury it in noise.
            return self.check_fields(value, path, ctx, EVENT_COMMON, tolerated=_ANY_EXTRA) and False
        return self.check_fields(value, path, ctx, fields)

    def canonical(self, value: Any) -> Any:
        fields = self.fields_for(value.get("type")) or EVENT_COMMON
        return {key: node.canonical(value[key]) for key, node in fields.items() if key in value}


EVENT = EventNode()
CASE = Obj(
    {
        "id": ID,
        "child": CHILD,
        "case_manager": STAFF_REF,
        "orders": ListOf(ORDER),
        "reports": ListOf(REPORT),
        "assessments": ListOf(ASSESSMENT),
        "plans": ListOf(PLAN),
        "events": ListOf(EVENT),
    }
)
HEADER = Obj({"format": Text(), "service": SERVICE, "staff": ListOf(STAFF)})


# --- checking -----------------------------------------------------------------------


class Header(dict):
    """The document without its cases; says what `cases` was and how many it held."""

    cases_type: str | None = "list"  # "list", None when missing, else the JSON type found
    case_count: int = 0


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "list"
    return show(value)


_MISSING = object()


def header_of(document: dict) -> Header:
    """The Header of a parsed document (what `read_header` gives for a file)."""
    header = Header((key, value) for key, value in document.items() if key != "cases")
    cases = document.get("cases", None) if "cases" in document else _MISSING
    header.cases_type = None if cases is _MISSING else _json_type(cases)
    header.case_count = len(cases) if isinstance(cases, list) else 0
    return header


def header_staff_ids(header: dict) -> set[str]:
    """Every string staff id in the header, valid entry or not (so that one bad entry
    does not also make every reference to it a second problem)."""
    staff = header.get("staff")
    if not isinstance(staff, list):
        return set()
    return {entry["id"] for entry in staff if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def validate_header(header: dict) -> list[Problem]:
    """Every problem with the format, service and staff of a document. Returns them."""
    ctx = Context(staff_ids=header_staff_ids(header))
    HEADER.check(header, "", ctx)
    fmt = header.get("format")
    if isinstance(fmt, str) and fmt != FORMAT:
        ctx.add("format", f"{show(fmt)} is not a format this version reads (expected {FORMAT!r})")
    cases_type = getattr(header, "cases_type", "list")
    if cases_type is None:
        ctx.add("cases", "required key is missing")
    elif cases_type != "list":
        ctx.add("cases", f"{cases_type} is not a list")
    staff = header.get("staff")
    if isinstance(staff, list):
        first_seen: dict[str, int] = {}
        for index, entry in enumerate(staff):
            staff_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(staff_id, str):
                continue
            if staff_id in first_seen:
                ctx.add(f"staff[{index}].id", f"duplicate staff id {show(staff_id)} (also staff[{first_seen[staff_id]}])")
            else:
                first_seen[staff_id] = index
    return ctx.problems


def validate_case(case: Any, index: int, *, staff_ids: set[str]) -> list[Problem]:
    """Every problem with one case, the `index`th of the file. Returns them.

    Checks the keys and their types, then what the schema cannot say alone: ids
    unique across the case's sub-records, references between them, staff ids, and the
    rules that depend on another key (a report not requested, Asset scores, custody).
    Duplicate case ids across the file are the caller's to find (`CaseIds`).
    """
    path = f"cases[{index}]"
    ctx = Context(staff_ids=staff_ids)
    CASE.check(case, path, ctx)
    if not isinstance(case, dict):
        return ctx.problems

    def records(key: str) -> Iterator[tuple[str, dict]]:
        items = case.get(key)
        if isinstance(items, list):
            for position, item in enumerate(items):
                if isinstance(item, dict):
                    yield f"{key}[{position}]", item

    # Ids are unique across all sub-records of a case: a finding names its subject by id.
    ids_of: dict[str, set[str]] = {key: set() for key in SUB_RECORD_LISTS}
    first_use: dict[str, str] = {}
    for key in SUB_RECORD_LISTS:
        for where, item in records(key):
            ref = item.get("id")
            if not isinstance(ref, str):
                continue
            if ref in first_use:
                ctx.add(f"{path}.{where}.id", f"id {show(ref)} is used twice in this case (also {first_use[ref]})")
            else:
                first_use[ref] = where
                ids_of[key].add(ref)

    for where, order in records("orders"):
        release = order.get("custody_release")
        if release is not None and isinstance(order.get("type"), str) and order["type"] in NON_CUSTODIAL_ORDER_TYPES:
            ctx.add(f"{path}.{where}.custody_release", f"a {order['type']} is not custodial: custody_release must be null")

    for where, report in records("reports"):
        order_ref = report.get("order")
        if isinstance(order_ref, str) and order_ref not in ids_of["orders"]:
            ctx.add(f"{path}.{where}.order", f"no order {show(order_ref)} in this case")
        if report.get("requested") is False:
            for key in ("date", "author", "text"):
                if report.get(key) is not None:
                    ctx.add(f"{path}.{where}.{key}", "must be null: the report was not requested")

    for where, assessment in records("assessments"):
        likelihood = assessment.get("likelihood")
        instrument = assessment.get("instrument")
        if isinstance(likelihood, dict) and instrument in ("assetplus", "other"):
            for key in ("scores", "static_score"):
                if key in likelihood:
                    ctx.add(f"{path}.{where}.likelihood.{key}", f"only an asset assessment has {key} (this is {instrument})")

    for where, plan in records("plans"):
        assessment_ref = plan.get("assessment")
        if isinstance(assessment_ref, str) and assessment_ref not in ids_of["assessments"]:
            ctx.add(f"{path}.{where}.assessment", f"no assessment {show(assessment_ref)} in this case")

    for where, event in records("events"):
        subject = event.get("subject")
        if event.get("type") == "oversight_request" and isinstance(subject, str):
            if subject not in ids_of["assessments"] and subject not in ids_of["plans"]:
                ctx.add(f"{path}.{where}.subject", f"no assessment or plan {show(subject)} in this case")
    return ctx.problems


class CaseIds:
    """Finds case ids used twice in one file, remembering where each was first seen."""

    def __init__(self) -> None:
        self.first_seen: dict[str, int] = {}

    def check(self, case: Any, index: int) -> list[Problem]:
        case_id = case.get("id") if isinstance(case, dict) else None
        if not isinstance(case_id, str):
            return []
        if case_id in self.first_seen:
            return [Problem(f"cases[{index}].id", f"duplicate case id {show(case_id)} (also cases[{self.first_seen[case_id]}])")]
        self.first_seen[case_id] = index
        return []


# --- streaming ----------------------------------------------------------------------

Source = str | os.PathLike | BinaryIO


@contextlib.contextmanager
def open_source(source: Source) -> Iterator[IO[bytes]]:
    """The source as a binary file at its start: opened (and closed) if a path."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
    else:
        source.seek(0)
        yield source


def source_name(source: Source) -> str:
    """The file name of a source, for messages and the access log."""
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) else "stream"


def _first_line(error: Exception) -> str:
    text = str(error)
    # ijson's C backend wraps some messages in a bytes repr: b'lexical error: ...'
    if text[:2] in ("b'", 'b"'):
        text = text[2:].replace("\\n", "\n")
    return text.strip().splitlines()[0] if text.strip() else "invalid JSON"


def _error_offset(source: Source) -> int | None:
    """The byte offset at which the JSON parser gives up on `source`, or None.

    Found by feeding the parser 64 KiB at a time, then the failing block byte by byte:
    only run once a file is already known to be broken.
    """
    block = 65536

    def parser() -> Any:
        sink = ijson.sendable_list()
        return sink, ijson.basic_parse_coro(sink)

    with open_source(source) as handle:
        sink, coro = parser()
        done = 0
        while chunk := handle.read(block):
            try:
                coro.send(chunk)
                sink.clear()
            except ijson.JSONError:
                break
            done += len(chunk)
        else:
            return done  # the parser only failed at the end: the file stops too soon
        # Replay everything before the failing block, then that block byte by byte.
        handle.seek(0)
        sink, coro = parser()
        remaining = done
        while remaining:
            piece = handle.read(min(block, remaining))
            coro.send(piece)
            sink.clear()
            remaining -= len(piece)
        for position in range(len(chunk)):
            try:
                coro.send(chunk[position : position + 1])
                sink.clear()
            except ijson.JSONError:
                return done + position
    return None


def _line_and_column(source: Source, offset: int) -> tuple[int, int]:
    line, line_start, read = 1, 0, 0
    with open_source(source) as handle:
        while read < offset:
            chunk = handle.read(min(65536, offset - read))
            if not chunk:
                break
            newlines = chunk.count(b"\n")
            if newlines:
                line += newlines
                line_start = read + chunk.rindex(b"\n") + 1
            read += len(chunk)
        handle.seek(line_start)
        column = len(handle.read(offset - line_start).decode("utf-8", errors="replace")) + 1
    return line, column


def json_problem(source: Source, error: Exception) -> Problem:
    """The problem to report for a file that is not valid JSON, with line and column."""
    message = _first_line(error)
    try:
        offset = _error_offset(source)
        if offset is not None:
            line, column = _line_and_column(source, offset)
            return Problem("$", f"not valid JSON at line {line}, column {column}: {message}")
    except (OSError, ValueError, ijson.JSONError):
        pass  # the position is a courtesy: the message alone still says what is wrong
    return Problem("$", f"not valid JSON: {message}")


_CONTAINER_START = {"start_map", "start_array"}
_CONTAINER_END = {"end_map", "end_array"}


def _build(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """The JSON value that starts with (`event`, `value`), taking the rest from `events`
    (ijson basic_parse events)."""
    if event not in _CONTAINER_START:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in _CONTAINER_START:
            depth += 1
        elif event in _CONTAINER_END:
            depth -= 1
            if depth == 0:
                break
    return builder.value


def _skip_cases(events: Iterator[tuple[str, Any]]) -> int:
    """Consume the events of the `cases` list after its start; return how many objects it held."""
    # The hot loop of the header pass, run once per JSON token of every case: basic_parse
    # events and a depth count cost less than ijson.parse's prefixes.
    depth, count = 1, 0
    for event, _value in events:
        if event == "start_map" or event == "start_array":
            if depth == 1:
                count += 1
            depth += 1
        elif event == "end_map" or event == "end_array":
            depth -= 1
            if depth == 0:
                break
    return count


def read_header(source: Source) -> Header:
    """The document without its `cases`, read streaming; counts the cases on the way.

    Reads the whole file (the header keys may come after the cases, and a broken tail
    must be found before anything is written). Raises InterchangeError if the file is
    not JSON or not a JSON object.
    """
    header = Header()
    header.cases_type = None
    with open_source(source) as handle:
        events = ijson.basic_parse(handle)
        try:
            event, value = next(events)
            if event != "start_map":
                found = "a list" if event == "start_array" else show(value)
                raise InterchangeError([Problem("$", f"the document is {found}, not a JSON object")])
            for event, value in events:
                if event == "end_map":
                    break  # the end of the document's object
                key = value  # a map_key: at this depth every other value is consumed whole
                event, value = next(events)
                if key != "cases":
                    header[key] = _build(event, value, events)
                elif event == "start_array":
                    header.cases_type = "list"
                    header.case_count = _skip_cases(events)
                else:
                    header.cases_type = _json_type(_build(event, value, events))
            for _ in events:
                pass  # only to have the parser check that nothing follows the object
        except StopIteration:
            raise InterchangeError([Problem("$", "not valid JSON: the file ends too soon")]) from None
        except ijson.JSONError as error:
            raise InterchangeError([json_problem(source, error)]) from None
    return header


def iter_cases(source: Source) -> Iterator[tuple[int, Any]]:
    """Each (index, case) of the file's `cases`, as parsed JSON, one at a time.

    Raises InterchangeError (path `$`) if the file is not valid JSON.
    """
    with open_source(source) as handle:
        try:
            yield from enumerate(ijson.items(handle, "cases.item"))
        except ijson.JSONError as error:
            raise InterchangeError([json_problem(source, error)]) from None


def validate_source(source: Source) -> list[Problem]:
    """Every problem in an interchange file, without importing it. Returns them."""
    try:
        header = read_header(source)
        problems = validate_header(header)
        staff_ids = header_staff_ids(header)
        case_ids = CaseIds()
        for index, case in iter_cases(source):
            problems += validate_case(case, index, staff_ids=staff_ids)
            problems += case_ids.check(case, index)
    except InterchangeError as error:
        return error.problems
    return problems


def rereadable(source: Source) -> Source:
    """A source that can be read twice: a path or a seekable file stays as it is; any
    other stream (a pipe) is first copied to a temporary file, not into memory."""
    if isinstance(source, (str, os.PathLike)) or source.seekable():
        return source
    copy = tempfile.TemporaryFile()
    shutil.copyfileobj(source, copy, 1 << 20)
    copy.seek(0)
    return copy


__all__ = [
    "CASE",
    "FORMAT",
    "Header",
    "InterchangeError",
    "Problem",
    "SECTIONS",
    "header_of",
    "iter_cases",
    "read_header",
    "validate_case",
    "validate_header",
    "validate_source",
]
