"""Reading and checking the case interchange format, versions 1, 1.1 and 2 (docs: case-format.md).

By concern: `problems` (`Problem`, `InterchangeError`), `schema` (the format as nodes, each
field's check declared once and serving both checking and canonical export order),
`validation` (`validate_header`, `validate_case`, duplicate case ids) and `reading`
(`read_header`, `iter_cases`, `validate_source`, `rereadable`, JSON error positions, and the
limits on depth and a case's size, checked as the parser streams: `parse_json`).
Every name other apps use is importable from here.
"""
from casequality.cases.interchange.problems import (
    Context, InterchangeError, Problem, ProblemList, join, problems_max, show,
)
from casequality.cases.interchange.reading import (
    Source, case_max_bytes, iter_cases, json_problem, max_depth, open_source, parse_json, read_header, rereadable,
    source_name, validate_source,
)
from casequality.cases.interchange.schema import (
    ACCOMMODATION_TYPES, ACT_FORMATS, ADDRESSES, ADDRESSES_V1, ASSESSMENT_V1, ASSETPLUS, ASSETPLUS_STAGES,
    ASSETPLUS_TRIGGERS, BOARD_MEETING, BOARD_PARTNERS, CASE_V1, CIRCUMSTANCES, DIVERSION_ASSESSMENT, HEADER_V1,
    INTERVENTION_LEVELS, OBJECTIVE_V1, OFFENCE, OUT_OF_COURT, OUT_OF_COURT_TYPES, PLAN_V1, V1_FORMATS, V2_RECORD_LISTS,
    V2_RECORDS, VICTIM, WIDER_SERVICES, case_node, header_node,
    ACT, ACT_KINDS, ASSESSMENT, BOOL, CASE, CHILD, COUNTERSIGNED, DATE, EVENT, EVENT_COMMON, EVENT_EXTRAS,
    EVENT_TYPES, FORMAT, FORMATS, HEADER, ID, ID_MAX, LEVELS, LIKELIHOOD, NAME_MAX, NON_CUSTODIAL_ORDER_TYPES, OBJECTIVE, ORDER, ORDER_TYPES,
    PLAN, REPORT, ROLES, ROSH, SECTIONS, SERVICE, SERVICE_CODE_MAX, STAFF, STAFF_REF, SUB_RECORD_LISTS, TEAM_MAX,
    TEXT, VULNERABILITY, Bool, Date, Enum, EventNode, Int, ListOf, Node, Nullable, Obj, SectionMap, StaffRef, Text,
    Timestamp, parse_date,
)
from casequality.cases.interchange.validation import (
    CaseIds, Header, header_of, header_staff_ids, validate_case, validate_header,
)

__all__ = [
    "ACCOMMODATION_TYPES", "ACT_FORMATS", "ADDRESSES", "ADDRESSES_V1", "ASSESSMENT_V1", "ASSETPLUS", "ASSETPLUS_STAGES",
    "ASSETPLUS_TRIGGERS", "BOARD_MEETING", "BOARD_PARTNERS", "CASE_V1", "CIRCUMSTANCES", "DIVERSION_ASSESSMENT",
    "HEADER_V1", "INTERVENTION_LEVELS", "OBJECTIVE_V1", "OFFENCE", "OUT_OF_COURT", "OUT_OF_COURT_TYPES", "PLAN_V1",
    "V1_FORMATS", "V2_RECORD_LISTS", "V2_RECORDS", "VICTIM", "WIDER_SERVICES", "case_node", "header_node",
    "ACT", "ACT_KINDS", "ASSESSMENT", "BOOL", "CASE", "CHILD", "COUNTERSIGNED", "DATE", "EVENT", "EVENT_COMMON", "EVENT_EXTRAS",
    "EVENT_TYPES", "FORMAT", "FORMATS", "HEADER", "ID", "ID_MAX", "LEVELS", "LIKELIHOOD", "NAME_MAX",
    "NON_CUSTODIAL_ORDER_TYPES", "OBJECTIVE", "ORDER", "ORDER_TYPES", "PLAN", "REPORT", "ROLES", "ROSH", "SECTIONS",
    "SERVICE", "SERVICE_CODE_MAX", "STAFF", "STAFF_REF", "SUB_RECORD_LISTS", "TEAM_MAX", "TEXT", "VULNERABILITY",
    "Bool", "CaseIds", "Context", "Date", "Enum", "EventNode", "Header", "Int", "InterchangeError", "ListOf", "Node",
    "Nullable", "Obj", "Problem", "SectionMap", "Source", "StaffRef", "Text", "Timestamp", "header_of", "header_staff_ids",
    "iter_cases", "join", "json_problem", "open_source", "parse_date", "read_header", "rereadable", "show",
    "source_name", "validate_case", "validate_header", "validate_source",
    "ProblemList", "case_max_bytes", "max_depth", "parse_json", "problems_max",
]
