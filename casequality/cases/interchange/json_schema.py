"""The JSON Schema (draft 2020-12) of format 2, built from the schema's own nodes.

Published as docs/schema/casequality-2.schema.json for the case management systems
that write files for Casequality (tests/cases/test_json_schema.py checks that the
published file is this one and that it agrees with the importer). The product never
reads the published file. It says everything a node says alone: keys, types, enums,
lengths, dates, and each event type's extra keys. What needs the rest of the record
(references between records, ids unique in a case, a report not requested having no
text, scores only on an Asset assessment, custody_release only on a custodial order,
`assetplus` only on an AssetPlus assessment) is the importer's alone.

Regenerate: `python -m casequality.cases.interchange.json_schema > docs/schema/casequality-2.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from casequality.cases.interchange.schema import (
    CASE,
    EVENT_COMMON,
    EVENT_EXTRAS,
    EVENT_TYPES,
    FORMAT,
    FORMAT_2,
    HEADER,
    ID_PATTERN,
    Bool,
    Date,
    Enum,
    EventNode,
    Id,
    Int,
    ListOf,
    Node,
    Nullable,
    Obj,
    Text,
    Timestamp,
)

SCHEMA_ID = "https://casequality.example/schema/casequality-2.schema.json"


def node_schema(node: Node) -> dict[str, Any]:
    """The JSON Schema of one node."""
    if isinstance(node, Nullable):
        return {"anyOf": [node_schema(node.inner), {"type": "null"}]}
    if isinstance(node, EventNode):
        return _event_schema()
    if isinstance(node, Obj):
        return {
            "type": "object",
            "properties": {key: node_schema(child) for key, child in node.fields.items()},
            "required": [key for key in node.fields if key not in node.optional],
            "additionalProperties": False,
        }
    if isinstance(node, ListOf):
        return {"type": "array", "items": node_schema(node.item)}
    if isinstance(node, Enum):
        return {"enum": list(node.values)}
    if isinstance(node, Date):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(node, Timestamp):
        return {"type": "string", "format": "date-time"}
    if isinstance(node, Bool):
        return {"type": "boolean"}
    if isinstance(node, Int):
        return {"type": "integer", "minimum": node.low, "maximum": node.high}
    if isinstance(node, Text):
        schema: dict[str, Any] = {"type": "string"}
        if isinstance(node, Id):
            schema["pattern"] = ID_PATTERN  # not empty, nor only spaces, and no control character
        elif node.non_empty:
            schema["pattern"] = r"\S"  # not empty, nor only spaces
        if node.max_length is not None:
            schema["maxLength"] = node.max_length
        return schema
    raise TypeError(f"No JSON Schema for {type(node).__name__}")


def _event_schema() -> dict[str, Any]:
    """An event: the common keys, then exactly the extra keys of its type."""
    branches = []
    for event_type in EVENT_TYPES:
        fields = {**EVENT_COMMON, **EVENT_EXTRAS[event_type]}
        branches.append(
            {
                "if": {"properties": {"type": {"const": event_type}}, "required": ["type"]},
                "then": {
                    "properties": {key: node_schema(child) for key, child in fields.items()},
                    "required": list(fields),
                    "additionalProperties": False,
                },
            }
        )
    return {
        "type": "object",
        "properties": {key: node_schema(child) for key, child in EVENT_COMMON.items()},
        "required": list(EVENT_COMMON),
        "allOf": branches,
    }


def format_2_schema() -> dict[str, Any]:
    """The JSON Schema of a whole format 2 document."""
    header = node_schema(HEADER)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Casequality case interchange format, version 2.1 (casequality/2.1; 2 is 2.1 without its new keys)",
        "description": (
            "A youth justice service's staff and children's cases (docs/case-format.md). References between "
            "records, ids unique within a case and the rules between keys are checked by the importer, not here."
        ),
        "type": "object",
        "properties": {
            **header["properties"],
            "format": {"enum": [FORMAT_2, FORMAT]},
            "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
        },
        "required": [*header["required"], "cases"],
        "additionalProperties": False,
        "$defs": {"case": node_schema(CASE)},
    }


if __name__ == "__main__":
    print(json.dumps(format_2_schema(), indent=2, ensure_ascii=False))
