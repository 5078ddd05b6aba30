"""The interchange format, versions 1, 1.1 and 2 (docs: case-format.md), as a schema of small nodes.

Each field's check is declared once, as the node of its key (`SERVICE`, `STAFF`, `CASE`
and their parts); the same nodes both check a parsed document, collecting every problem
with its JSON path, and put a record into canonical key order for export, so the checker
and the writer cannot drift apart.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from casequality.cases.interchange.problems import Context, join, show
from casequality.cases.vocabulary.roles import Role

# What export writes, and what import reads: 1.1 is 1 with Casequality's acts (a case's
# optional `acts`, docs/case-format.md); 2 adds today's record (offences, out-of-court
# outcomes, PDAT, AssetPlus, victims, circumstances, board meetings); 2.1 is 2 with the
# YJB's side (serious incidents and MAPPA eligibility, decision 0053).
FORMAT = "casequality/2.1"
FORMAT_2 = "casequality/2"
FORMATS = ("casequality/1", "casequality/1.1", "casequality/2", "casequality/2.1")
V1_FORMATS = ("casequality/1", "casequality/1.1")
# The formats that carry Casequality's acts.
ACT_FORMATS = ("casequality/1.1", "casequality/2", "casequality/2.1")
ACT_KINDS = ("countersignature", "manager_entry", "oversight_request")

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
# A staff member's role: the one list of roles (cases/vocabulary/roles.py).
ROLES = tuple(Role.values)
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
# A case's lists that are new in format 2; their ids share the case's id space.
V2_RECORD_LISTS = (
    "offences",
    "out_of_court",
    "diversion_assessments",
    "victims",
    "circumstances",
    "serious_incidents",
    "mappa_eligibility",
)
# Of those, the lists new in format 2.1 (a format 2 file without them imports as before).
V21_RECORD_LISTS = ("serious_incidents", "mappa_eligibility")
# The categories of a serious incident the YJB is notified of (decision 0053: five read in
# the YJB's Serious Incidents Annual Report 2023/24; `other` stands for the sixth, not read).
SERIOUS_INCIDENT_CATEGORIES = (
    "murder_manslaughter",
    "attempted_murder",
    "rape",
    "grievous_bodily_harm",
    "terrorism",
    "other",
)
OUT_OF_COURT_TYPES = (
    "community_resolution",
    "outcome_22",
    "outcome_21",
    "outcome_23",
    "youth_caution",
    "youth_conditional_caution",
    "other",
)
# The statutory partners of a youth offending team (Crime and Disorder Act 1998 s39) and education.
BOARD_PARTNERS = ("local_authority_childrens_services", "police", "probation", "health", "education")
ASSETPLUS_TRIGGERS = ("start", "review", "significant_change", "transfer", "end")
ASSETPLUS_STAGES = ("information_gathering", "explanations_conclusions", "pathways_planning", "self_assessment")
INTERVENTION_LEVELS = ("standard", "enhanced", "intensive")
ACCOMMODATION_TYPES = (
    "family_home",
    "relative_or_friend",
    "foster_care",
    "residential_care",
    "supported",
    "independent",
    "custody",
    "no_fixed_abode",
    "other",
)
WIDER_SERVICES = ("early_help", "child_in_need", "child_protection", "looked_after")

# Column widths of casequality.cases.models: checked here so that a long value is a
# problem with a path, not a database error half-way through an import.
ID_MAX = 64
NAME_MAX = 200
TEAM_MAX = 100
SERVICE_CODE_MAX = 32


class Node:
    """A check of one value of the format. A scalar node says what is wrong in `fault`,
    once: `quick` (is it certainly valid?) and `check` (add the problem at its path) are
    both that one answer. Containers check their items themselves."""

    def fault(self, value: Any, ctx: Context) -> str | None:
        """The problem message for `value`, or None if it is valid."""
        raise NotImplementedError

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        """Add a problem for each thing wrong with `value`; return True if there was none."""
        message = self.fault(value, ctx)
        if message is None:
            return True
        ctx.add(path, message)
        return False

    def quick(self, value: Any, ctx: Context) -> bool:
        """True if `value` is certainly valid, found without building its path (most
        values of a file are valid: paths are built only for the others)."""
        return self.fault(value, ctx) is None

    def canonical(self, value: Any) -> Any:
        return value


class Text(Node):
    def __init__(self, max_length: int | None = None, *, non_empty: bool = False):
        self.max_length = max_length
        self.non_empty = non_empty

    def fault(self, value: Any, ctx: Context) -> str | None:
        if not isinstance(value, str):
            return f"{show(value)} is not a string"
        if self.non_empty and not value.strip():
            return "must not be empty"
        if self.max_length is not None and len(value) > self.max_length:
            return f"is longer than {self.max_length} characters"
        return None


# An id goes into pages' addresses (any other character is encoded there: web/converters.py)
# and into the database: control characters (C0, DEL, C1; PostgreSQL refuses NUL) are refused.
ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ID_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"  # the JSON Schema's


class Id(Text):
    """An id from the case management system: not empty, at most `max_length`, no control character."""

    def __init__(self, max_length: int = ID_MAX) -> None:
        super().__init__(max_length, non_empty=True)

    def fault(self, value: Any, ctx: Context) -> str | None:
        message = super().fault(value, ctx)
        if message is None and (control := ID_CONTROL.search(value)):
            return f"holds a control character (U+{ord(control.group()):04X}); an id may hold any other character"
        return message


class StaffRef(Id):
    """A staff id that must name a member of the file's `staff`."""

    def __init__(self) -> None:
        super().__init__(ID_MAX)

    def fault(self, value: Any, ctx: Context) -> str | None:
        message = super().fault(value, ctx)
        if message is None and ctx.staff_ids is not None and value not in ctx.staff_ids:
            return f"no staff member {show(value)} in staff"
        return message


class Bool(Node):
    def fault(self, value: Any, ctx: Context) -> str | None:
        return None if value is True or value is False else f"{show(value)} is not true or false"


class Int(Node):
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def fault(self, value: Any, ctx: Context) -> str | None:
        # bool is an int in Python but `true` is not a score.
        if isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high:
            return None
        return f"{show(value)} is not a whole number from {self.low} to {self.high}"


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
    def fault(self, value: Any, ctx: Context) -> str | None:
        return None if parse_date(value) is not None else f"{show(value)} is not a date (YYYY-MM-DD)"


class Timestamp(Node):
    """An ISO 8601 date and time with its offset from UTC (2013-05-07T10:00:00+01:00)."""

    def fault(self, value: Any, ctx: Context) -> str | None:
        try:
            moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            return f"{show(value)} is not a date and time with its offset (YYYY-MM-DDTHH:MM:SS+HH:MM)"
        return None


class Enum(Node):
    def __init__(self, *values: str):
        self.values = values
        self.allowed = frozenset(values)

    def fault(self, value: Any, ctx: Context) -> str | None:
        if isinstance(value, str) and value in self.allowed:
            return None
        return f"{show(value)} is not one of {', '.join(self.values)}"


class Nullable(Node):
    def __init__(self, inner: Node):
        self.inner = inner

    def quick(self, value: Any, ctx: Context) -> bool:
        return value is None or self.inner.quick(value, ctx)

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        return value is None or self.inner.check(value, path, ctx)

    def canonical(self, value: Any) -> Any:
        return None if value is None else self.inner.canonical(value)


class Container(Node):
    """A list or object: checks its items at their own paths, so it is never `quick`."""

    def quick(self, value: Any, ctx: Context) -> bool:
        return False


class ListOf(Container):
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


class Obj(Container):
    """An object with known keys, in canonical order; all required unless `optional`.
    `unknown` is the message for a key it does not know."""

    def __init__(
        self,
        fields: dict[str, Node],
        *,
        optional: Iterable[str] = (),
        unknown: str = "unknown key",
        later: Iterable[str] | dict[str, str] = (),
    ):
        self.fields = fields
        self.optional = frozenset(optional)
        self.unknown = unknown
        # Keys of a later version of the format: unknown here, with a hint saying so
        # (a key, or a key and the format that brought it in; format 2 unless said).
        self.later = dict(later) if isinstance(later, dict) else dict.fromkeys(later, FORMAT_2)

    def check(self, value: Any, path: str, ctx: Context) -> bool:
        if not isinstance(value, dict):
            ctx.add(path, f"{show(value)} is not an object")
            return False
        return self.check_fields(value, path, ctx, self.fields)

    def check_fields(
        self,
        value: dict[str, Any],
        path: str,
        ctx: Context,
        fields: dict[str, Node],
        *,
        tolerated: frozenset[str] = frozenset(),
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
                if key in self.later:
                    says = ctx.fmt if isinstance(ctx.fmt, str) else show(ctx.fmt)
                    ctx.add(join(path, str(key)), f"{self.unknown} (a {self.later[key]} key; this file says {says})")
                else:
                    ctx.add(join(path, str(key)), self.unknown)
                ok = False
        return ok

    def canonical(self, value: Any) -> Any:
        return {key: node.canonical(value[key]) for key, node in self.fields.items() if key in value}


def SectionMap(value: Node, *, complete: bool) -> Obj:  # noqa: N802 - reads as the node it makes
    """An object keyed by Asset section, in the sections' order; all twelve if `complete`."""
    return Obj(
        dict.fromkeys(SECTIONS, value),
        optional=() if complete else SECTIONS,
        unknown=f"unknown key (the Asset sections are {', '.join(SECTIONS)})",
    )


ID = Id(ID_MAX)
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
COUNTERSIGNED = Nullable(Obj({"by": STAFF_REF, "date": DATE, "outcome": Enum("approved", "returned"), "comment": TEXT}))
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
ASSETPLUS_STAGE = Obj({"completed": Nullable(DATE), "by": Nullable(STAFF_REF)})
ASSETPLUS = Obj(
    {
        "trigger": Enum(*ASSETPLUS_TRIGGERS),
        "significant_change": Nullable(ID),
        "stages": Obj(dict.fromkeys(ASSETPLUS_STAGES, ASSETPLUS_STAGE)),
        "rationale": Obj({"likelihood_of_reoffending": TEXT, "safety_wellbeing": TEXT, "rosh": TEXT}),
        "desistance_factors": ListOf(TEXT),
        "intervention_level": Enum(*INTERVENTION_LEVELS),
        "child_self_assessment": Nullable(TEXT),
        "parent_self_assessment": Nullable(TEXT),
    }
)
_ASSESSMENT_FIELDS: dict[str, Node] = {
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
# Format 2: an AssetPlus assessment's stages and rationale (null or absent for others).
ASSESSMENT = Obj({**_ASSESSMENT_FIELDS, "assetplus": Nullable(ASSETPLUS)}, optional={"assetplus"})
ASSESSMENT_V1 = Obj(_ASSESSMENT_FIELDS, later={"assetplus"})
ADDRESSES_V1 = (*SECTIONS, "rosh", "vulnerability", "diversity", "compliance")
ADDRESSES = (*ADDRESSES_V1, "safety_wellbeing", "desistance")


def _objective(addresses: tuple[str, ...]) -> Obj:
    return Obj({"text": TEXT, "addresses": ListOf(Enum(*addresses)), "by": Nullable(DATE), "who": Nullable(TEXT)})


def _plan(objective: Obj) -> Obj:
    return Obj(
        {
            "id": ID,
            "date": DATE,
            "author": STAFF_REF,
            "type": Enum("intervention", "risk_management", "vulnerability_management", "custodial_sentence"),
            "assessment": Nullable(ID),
            "objectives": ListOf(objective),
            "phases": ListOf(Enum("custody", "community")),
            "contingency": Nullable(TEXT),
            "agreed_with_child": BOOL,
            "agreed_with_parent": BOOL,
            "child_version": Nullable(TEXT),
            "countersigned": COUNTERSIGNED,
            "review_by": Nullable(DATE),
        }
    )


OBJECTIVE = _objective(ADDRESSES)
OBJECTIVE_V1 = _objective(ADDRESSES_V1)
PLAN = _plan(OBJECTIVE)
PLAN_V1 = _plan(OBJECTIVE_V1)
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
ACT = Obj(
    {
        "id": ID,
        "kind": Enum(*ACT_KINDS),
        "subject_type": Enum("assessment", "plan", "case"),
        "subject": Nullable(ID),
        "subject_version": Text(ID_MAX),
        "by": STAFF_REF,
        "date": DATE,
        "outcome": Nullable(Enum("approved", "returned")),
        "text": TEXT,
        "corrects": Nullable(ID),
        "recorded_at": Timestamp(),
        "recorded_by": Text(NAME_MAX, non_empty=True),
    }
)

# --- format 2: today's record -----------------------------------------------------------

BOARD_MEETING = Obj({"date": DATE, "attendance": Obj(dict.fromkeys(BOARD_PARTNERS, Nullable(BOOL)))})
OFFENCE = Obj({"id": ID, "date": DATE, "description": TEXT, "gravity": Int(1, 8), "serious_violence": BOOL})
OUT_OF_COURT = Obj(
    {
        "id": ID,
        "type": Enum(*OUT_OF_COURT_TYPES),
        "offence": Nullable(ID),
        "referred": DATE,
        "panel_date": Nullable(DATE),
        "decision_date": Nullable(DATE),
        "order": Nullable(ID),
        "intervention": BOOL,
        "start": Nullable(DATE),
        "end": Nullable(DATE),
        "completed": Nullable(BOOL),
        "first_time_entrant": Nullable(BOOL),
    }
)
DIVERSION_ASSESSMENT = Obj(
    {
        "id": ID,
        "date": DATE,
        "author": STAFF_REF,
        "out_of_court": Nullable(ID),
        "circumstances": TEXT,
        "behaviour": TEXT,
        "child_plan": Nullable(Obj({"strengths": TEXT, "help_wanted": TEXT, "who_will_help": TEXT})),
        "professional_plan": Nullable(TEXT),
        "safety_wellbeing": Enum(*LEVELS),
        "exit_plan": Nullable(
            Obj(
                {
                    "date": DATE,
                    "work_done": TEXT,
                    "what_worked": TEXT,
                    "safety_wellbeing": Enum(*LEVELS),
                    "next_steps": TEXT,
                }
            )
        ),
        "countersigned": COUNTERSIGNED,
    }
)
VICTIM = Obj(
    {
        "id": ID,
        "offence": Nullable(ID),
        "kind": Enum("person", "business", "other"),
        "identified": DATE,
        "contact_offered": Nullable(DATE),
        "consent": Enum("given", "declined", "not_asked", "not_contactable"),
        "consent_date": Nullable(DATE),
        "views_sought": Nullable(DATE),
        "views": Nullable(TEXT),
        "rj_offered": Nullable(DATE),
        "rj_engaged": Nullable(BOOL),
        "rj_done": Nullable(DATE),
        "rj_kind": Nullable(Enum("direct", "indirect")),
        "safety_plan_needed": BOOL,
        "safety_plan": Nullable(DATE),
        "worker": Nullable(STAFF_REF),
    }
)
_SERVICE_USE = Obj({"screened": BOOL, "need": BOOL, "offered": BOOL, "attended": BOOL})
CIRCUMSTANCES = Obj(
    {
        "date": DATE,
        "point": Enum("start", "end"),
        "of": ID,
        "accommodation": Nullable(Obj({"type": Enum(*ACCOMMODATION_TYPES), "suitable": BOOL})),
        "ete": Nullable(
            Obj({"status": Enum("full_time", "part_time", "none"), "suitable": BOOL, "hours": Nullable(Int(0, 168))})
        ),
        "send": Nullable(
            Obj(
                {
                    "need": Enum("identified", "not_identified", "not_assessed"),
                    "plan": Enum("ehcp", "idp", "other_plan", "none"),
                }
            )
        ),
        "mental_health": Nullable(_SERVICE_USE),
        "substance_misuse": Nullable(_SERVICE_USE),
        "wider_services": Nullable(ListOf(Enum(*WIDER_SERVICES))),
    }
)
# Format 2.1: the YJB's serious incident notification and a child's MAPPA eligibility.
SERIOUS_INCIDENT = Obj(
    {
        "id": ID,
        "category": Enum(*SERIOUS_INCIDENT_CATEGORIES),
        "date": DATE,
        "aware": DATE,
        "offence": Nullable(ID),
        "notified": Nullable(DATE),
        "review_completed": Nullable(DATE),
        "review_learning": Nullable(TEXT),
    }
)
MAPPA_ELIGIBILITY = Obj({"id": ID, "category": Int(1, 3), "from": DATE, "basis": TEXT})
V2_RECORDS: dict[str, Obj] = {
    "offences": OFFENCE,
    "out_of_court": OUT_OF_COURT,
    "diversion_assessments": DIVERSION_ASSESSMENT,
    "victims": VICTIM,
    "circumstances": CIRCUMSTANCES,
    "serious_incidents": SERIOUS_INCIDENT,
    "mappa_eligibility": MAPPA_ELIGIBILITY,
}

_CASE_V1_FIELDS: dict[str, Node] = {
    "id": ID,
    "child": CHILD,
    "case_manager": STAFF_REF,
    "orders": ListOf(ORDER),
    "reports": ListOf(REPORT),
    "assessments": ListOf(ASSESSMENT_V1),
    "plans": ListOf(PLAN_V1),
    "events": ListOf(EVENT),
}
# Format 2: every new list is optional in a file (absent: none recorded); export writes them all.
CASE = Obj(
    {
        **_CASE_V1_FIELDS,
        "assessments": ListOf(ASSESSMENT),
        "plans": ListOf(PLAN),
        **{key: ListOf(node) for key, node in V2_RECORDS.items()},
        "acts": ListOf(ACT),
    },
    optional={"acts", *V2_RECORD_LISTS},
)
# Format 2 (2.0): 2.1 without the YJB's side.
CASE_V20 = Obj(
    {key: node for key, node in CASE.fields.items() if key not in V21_RECORD_LISTS},
    optional=CASE.optional - set(V21_RECORD_LISTS),
    later=dict.fromkeys(V21_RECORD_LISTS, FORMAT),
)
# Formats 1 and 1.1 (Casequality's acts: 1.1, checked in validation).
CASE_V1 = Obj(
    {**_CASE_V1_FIELDS, "acts": ListOf(ACT)},
    optional={"acts"},
    later={key: FORMAT if key in V21_RECORD_LISTS else FORMAT_2 for key in V2_RECORD_LISTS},
)
HEADER = Obj(
    {"format": Text(), "service": SERVICE, "staff": ListOf(STAFF), "board_meetings": ListOf(BOARD_MEETING)},
    optional={"board_meetings"},
)
HEADER_V1 = Obj({"format": Text(), "service": SERVICE, "staff": ListOf(STAFF)}, later={"board_meetings"})


def case_node(fmt: Any) -> Obj:
    """The node a case of a file of format `fmt` is checked with (the latest if `fmt` is not one we read)."""
    return CASE_V1 if fmt in V1_FORMATS else CASE_V20 if fmt == FORMAT_2 else CASE


def header_node(fmt: Any) -> Obj:
    return HEADER_V1 if fmt in V1_FORMATS else HEADER
