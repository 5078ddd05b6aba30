"""Each rule's example cases: `casequality/standards/rules/<family>.yaml`, beside its family module.

One source for two readers: the rules' tests (tests/standards/test_rules.py) run every
example, and the demo generator (casequality/demo/generator/examples.py) puts one that
fires of each rule into the demo. An example is a minimal case record, the day or days it
is judged on (`as_of`, DEFAULT_AS_OF if left out; `expect_on` for several), optional
parameter overrides (`params`), other children of the service (`others`, for LOR-005) and
the tasks and findings of its rule expected out (docs/developing.md, "Adding a rule").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from casequality.standards.engine import Engine
from casequality.standards.rules import Verdict
from casequality.standards.text import NameIndex

# libyaml's safe loader where installed (ten times faster), the same documents.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CASES_DIR = Path(__file__).resolve().parent / "rules"
DEFAULT_AS_OF = date(2013, 6, 17)
CASE_ID = "C1"
CHILD_NAME = "Jay Smith"
# The staff the examples name, by role (a case's author S1, its team manager S9, ...).
STAFF_ROLES = {
    "S1": "case_manager",
    "S2": "case_manager",
    "S3": "case_manager",
    "S9": "team_manager",
    "S8": "team_manager",
    "S20": "qa_lead",
    "S21": "inspector",
}


def as_json(value: Any) -> Any:
    """YAML gives dates as `date`; the interchange format (JSON) has ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


@lru_cache(maxsize=4)
def _read(directory: Path) -> tuple[tuple[str, dict[str, Any]], ...]:
    entries = []
    for path in sorted(directory.glob("*.yaml")):
        for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or ():
            entries.append((path.stem, entry))
    return tuple(entries)


def load_entries(directory: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Every example as (family, entry), file by file in name order (CASES_DIR unless told)."""
    return list(_read(Path(directory or CASES_DIR)))


def expectations(entry: dict[str, Any]) -> list[tuple[date, list[dict[str, Any]]]]:
    """The days an example is judged on, each with the tasks and findings expected then."""
    if "expect_on" in entry:
        return [(day, expected or []) for day, expected in entry["expect_on"].items()]
    return [(entry.get("as_of", DEFAULT_AS_OF), entry.get("expect") or [])]


def case_record(entry: dict[str, Any]) -> dict[str, Any]:
    """The example's case as the engine reads it: id C1, the child Jay Smith unless it says."""
    case: dict[str, Any] = {"id": CASE_ID, "child": {"name": CHILD_NAME}}
    case.update(as_json(entry.get("case") or {}))
    return case


def others(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """The other children of the service the example names, as (case id, name)."""
    return [(o["id"], o["name"]) for o in entry.get("others") or ()]


def verdicts(
    rule: str,
    case: dict[str, Any],
    as_of: date,
    *,
    other_children: Iterable[tuple[str, str]] = (),
    overrides: dict[str, Any] | None = None,
    staff_roles: dict[str, str] | None = None,
) -> list[Verdict]:
    """The verdicts of `rule` on `case` on `as_of`. The engine evaluates every rule, as in
    production (OVS-002 reads the others' verdicts)."""
    children = [(case["id"], case["child"].get("name")), *other_children]
    engine = Engine(
        as_of=as_of,
        overrides=overrides or {},
        names=NameIndex.of(children),
        staff_roles=STAFF_ROLES if staff_roles is None else staff_roles,
    )
    return [v for v in engine.evaluate(case) if v.rule == rule]


def evaluate(entry: dict[str, Any], as_of: date) -> list[Verdict]:
    """The verdicts of the example's rule on its case on `as_of`."""
    return verdicts(
        entry["rule"], case_record(entry), as_of, other_children=others(entry), overrides=entry.get("params")
    )
