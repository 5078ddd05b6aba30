"""JSON Schema of the interchange format, built from the interchange module's own nodes.

The API's OpenAPI description shows a client what a case, a staff entry and a whole
document look like; building it from `casequality.cases.interchange` (the schema the
import checks against) means the description cannot drift from the checks. What the
nodes cannot say alone (references between records, the extra keys of each event
type) is left to the checks, whose problems a 422 lists.
"""

from __future__ import annotations

from typing import Any

from casequality.cases import interchange as ix


def json_schema(node: ix.Node) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of one interchange node."""
    if isinstance(node, ix.Nullable):
        inner = json_schema(node.inner)
        return {"anyOf": [inner, {"type": "null"}]}
    if isinstance(node, ix.EventNode):
        fields = {**ix.EVENT_COMMON, **{k: n for extras in ix.EVENT_EXTRAS.values() for k, n in extras.items()}}
        return {
            "type": "object",
            "description": "An event: the common keys and the extra keys of its type (docs/case-format.md).",
            "properties": {key: json_schema(child) for key, child in fields.items()},
            "required": list(ix.EVENT_COMMON),
        }
    if isinstance(node, ix.Obj):
        return {
            "type": "object",
            "properties": {key: json_schema(child) for key, child in node.fields.items()},
            "required": [key for key in node.fields if key not in node.optional],
            "additionalProperties": False,
        }
    if isinstance(node, ix.ListOf):
        return {"type": "array", "items": json_schema(node.item)}
    if isinstance(node, ix.Enum):
        return {"type": "string", "enum": list(node.values)}
    if isinstance(node, ix.Date):
        return {"type": "string", "format": "date"}
    if isinstance(node, ix.Timestamp):
        return {"type": "string", "format": "date-time"}
    if isinstance(node, ix.Bool):
        return {"type": "boolean"}
    if isinstance(node, ix.Int):
        return {"type": "integer", "minimum": node.low, "maximum": node.high}
    if isinstance(node, ix.Text):
        schema: dict[str, Any] = {"type": "string"}
        if node.max_length is not None:
            schema["maxLength"] = node.max_length
        if node.non_empty:
            schema["minLength"] = 1
        return schema
    raise TypeError(f"No JSON Schema for {type(node).__name__}")


CASE = json_schema(ix.CASE)
STAFF = json_schema(ix.STAFF)
DOCUMENT = {
    **json_schema(ix.HEADER),
    "properties": {
        **json_schema(ix.HEADER)["properties"],
        "format": {"type": "string", "enum": list(ix.FORMATS)},
        "cases": {"type": "array", "items": CASE},
    },
    "required": ["format", "service", "staff", "cases"],
}
