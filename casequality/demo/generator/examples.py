"""The rules' example cases in the demo: for each rule of the rulebook, one of its YAML
examples that fires (casequality/standards/rules/<family>.yaml, read by
casequality/standards/examples.py) becomes a case of the caseload, so that a small demo
shows every rule and a new rule shows in the demo with no code here.

Case numbers EXAMPLE_OFFSET, EXAMPLE_OFFSET + EXAMPLE_EVERY, ... carry the rules' examples
in the rulebook's order (`example_for`). Each is made so (`demo_examples`, once a run):
- the example: the first of the rule's cases (file order) whose last day expects an
  actionable finding of the rule; else one expecting history; else a task; those that
  override a parameter after the others, judged with the defaults as the demo is;
- its dates moved by whole weeks (weekdays stay weekdays), so its day falls in the week up
  to the demo's as-of date, then a week earlier each time until the rule still gives that
  verdict on the as-of date (bank holidays differ from year to year);
- what the interchange format requires and the example leaves out filled with what the
  rulebook reads as absent (`complete`: no, empty, none), so the demo case raises what the
  example raises; the instrument of an assessment follows its date (Asset, then AssetPlus);
- the next example taken if it does not fit the era of the caseload's date (an AssetPlus
  assessment before ASSETPLUS_FROM, a PDAT before PDAT_FROM, ...), if the importer would
  refuse it (a report naming an order the example leaves out) or if the rule gives no
  verdict on it; with none left, the case number holds an ordinary case.
Then `example_document` gives it the case's own child (name, date of birth, sex, ethnicity)
and case manager: the example's child Jay Smith, its other children and its staff (S1 the
case manager, S9 the team manager, ...) become the caseload's.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casequality.cases.interchange import schema as S
from casequality.cases.interchange.validation import validate_case
from casequality.demo.generator.identities import child_identity
from casequality.demo.generator.staffing import Staffing
from casequality.demo.generator.tables import FORMAT
from casequality.demo.generator.today import ASSETPLUS_FROM, KPI_FROM, PDAT_FROM
from casequality.standards import examples as E
from casequality.standards.rulebook import rulebook
from casequality.standards.rules import FINDING, TASK

EXAMPLE_EVERY = 5  # case numbers 3, 8, 13, ... carry the first, second, third rule's example
EXAMPLE_OFFSET = 3
WEEKS_TRIED = 6
# The keys whose date is planned, so may come after the as-of date.
PLANNED = frozenset({"end", "by", "review_by", "custody_release"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The values the interchange format requires where the rulebook reads an absent key the
# same (snapshot: absent is false, empty or none); an enum has no such value, so these.
ENUM_CHOICES = {"stage": "review", "band": "low", "level": "low", "sex": "not_known", "slcn": "not_identified"}


@dataclass(frozen=True)
class DemoExample:
    """A rule's example as the demo shows it: its case complete and dated for the demo,
    with the example's names and staff still in it."""

    rule: str
    name: str
    case: dict
    others: tuple[tuple[str, str], ...]


def example_for(examples: tuple[DemoExample | None, ...], number: int) -> DemoExample | None:
    """The example case number `number` carries, if any."""
    k = number - EXAMPLE_OFFSET
    if k < 0 or k % EXAMPLE_EVERY or k // EXAMPLE_EVERY >= len(examples):
        return None
    return examples[k // EXAMPLE_EVERY]


def demo_examples(as_of: date) -> tuple[DemoExample | None, ...]:
    """One per rule of the rulebook, in its order: the rule's example, or None where none fits."""
    by_rule: dict[str, list[dict]] = {}
    for _family, entry in E.load_entries():
        by_rule.setdefault(entry["rule"], []).append(entry)
    return tuple(_demo_example(rule, by_rule.get(rule, []), as_of) for rule in rulebook().rules)


def _choices(entries: list[dict]) -> Iterator[tuple[dict, date, str]]:
    """The rule's examples that fire on their last day: actionable findings, then history, then tasks."""
    ranked = []
    for order, entry in enumerate(entries):
        day, expected = max(E.expectations(entry), key=lambda pair: pair[0])
        for rank, (kind, actionable) in enumerate(((FINDING, True), (FINDING, False), (TASK, True))):
            if any(e["kind"] == kind and e.get("actionable", True) == actionable for e in expected):
                ranked.append((bool(entry.get("params")), rank, order, entry, day, kind))
                break
    for *_rank, entry, day, kind in sorted(ranked, key=lambda r: r[:3]):
        yield entry, day, kind


def _demo_example(rule: str, entries: list[dict], as_of: date) -> DemoExample | None:
    for entry, day, kind in _choices(entries):
        weeks = (as_of - day).days // 7
        others = tuple(E.others(entry))
        for earlier in range(WEEKS_TRIED):
            shift = timedelta(weeks=weeks - earlier)
            case = complete(moved(E.case_record(entry), shift))
            if not fits_its_era(case, as_of) or refused(case):
                break
            verdicts = E.verdicts(rule, case, as_of, other_children=others)
            if any(v.kind == kind for v in verdicts):
                return DemoExample(rule, entry["name"], case, others)
    return None


def refused(case: dict) -> bool:
    """Whether the importer would refuse the case (a reference to a record it lacks, ...);
    its child's date of birth is the caseload's, so one stands in for it here."""
    child = {**case["child"], "dob": "2000-01-01"}
    return bool(validate_case({**case, "child": child}, 0, staff_ids=set(E.STAFF_ROLES), fmt=FORMAT))


def moved(value: Any, shift: timedelta) -> Any:
    """`value` with every date in it moved by `shift`."""
    if isinstance(value, str) and _DAY.fullmatch(value):
        return (date.fromisoformat(value) + shift).isoformat()
    if isinstance(value, dict):
        return {k: moved(v, shift) for k, v in value.items()}
    if isinstance(value, list):
        return [moved(v, shift) for v in value]
    return value


# --- the interchange format's required keys --------------------------------------------


def complete(case: dict) -> dict:
    """The case with every key of format 2 the example leaves out (the case's id, child and
    case manager are the caseload's: `example_document`)."""
    case = _filled(S.CASE, case, "", {})
    for assessment in case["assessments"]:
        if assessment["instrument"] == "":
            assessment["instrument"] = "assetplus" if assessment["date"] >= ASSETPLUS_FROM.isoformat() else "asset"
    return case


def _filled(node: S.Node, value: Any, key: str, record: dict) -> Any:
    if isinstance(node, S.Nullable):
        return None if value is None else _filled(node.inner, value, key, record)
    if isinstance(node, S.ListOf):
        return [_filled(node.item, item, key, {}) for item in value]
    if isinstance(node, S.Obj):
        fields = node.fields_for(value.get("type")) or node.fields if isinstance(node, S.EventNode) else node.fields
        filled = {}
        for name, inner in fields.items():
            if name in value:
                filled[name] = _filled(inner, value[name], name, value)
            elif name in node.optional and not isinstance(inner, S.Nullable | S.ListOf):
                continue
            else:
                filled[name] = _absent(inner, name, value)
        return filled
    return value


def _absent(node: S.Node, key: str, record: dict) -> Any:
    """The value of `key` the example left out: what the rulebook reads as absent."""
    if isinstance(node, S.Nullable):
        return None
    if isinstance(node, S.ListOf):
        return []
    if isinstance(node, S.Obj):
        return _filled(node, {}, key, record)
    if isinstance(node, S.Bool):
        return False
    if isinstance(node, S.StaffRef):
        return "S1"
    if isinstance(node, S.Date):
        return next((record[k] for k in ("date", "start", "court_date", "referred", "identified") if k in record), "")
    if isinstance(node, S.Enum):
        return ENUM_CHOICES.get(key, "" if key == "instrument" else node.values[0])
    if isinstance(node, S.Int):
        return node.low
    if isinstance(node, S.Text):
        return ""
    return None


def fits_its_era(case: dict, as_of: date) -> bool:
    """Whether the case records only what the demo's service kept on its records' dates
    (casequality/demo/generator/today.py): nothing after the as-of date but what is
    planned, Asset before ASSETPLUS_FROM and AssetPlus from then, no PDAT before PDAT_FROM
    and no KPI circumstances before KPI_FROM."""
    if any(day > as_of.isoformat() for day in _recorded_days(case)):
        return False
    for a in case["assessments"]:
        if (a["instrument"] == "assetplus") != (a["date"] >= ASSETPLUS_FROM.isoformat()):
            return False
    return all(p["date"] >= PDAT_FROM.isoformat() for p in case["diversion_assessments"]) and all(
        c["date"] >= KPI_FROM.isoformat() for c in case["circumstances"]
    )


def _recorded_days(value: Any, key: str = "") -> Iterator[str]:
    """Every date the record holds but those it plans ahead (an order's end, a target date)."""
    if isinstance(value, str) and _DAY.fullmatch(value) and key not in PLANNED:
        yield value
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _recorded_days(item, k)
    elif isinstance(value, list):
        for item in value:
            yield from _recorded_days(item, key)


# --- the example as a case of the caseload ---------------------------------------------


def example_document(
    example: DemoExample,
    *,
    case_id: str,
    number: int,
    gen_seed: int,
    gen_n: int,
    staffing: Staffing,
    as_of: date,
    fmt: str,
) -> dict:
    """The example as case `number` of the caseload: its child and staff the caseload's."""
    rng = random.Random(f"{gen_seed}:{number}:example")
    child = child_identity(gen_seed, number)
    cm = staffing.case_managers[staffing.case_manager_index(number)]
    tm = staffing.manager_of(cm)
    index = staffing.case_manager_index(number)
    team = [staffing.case_managers[i] for i in staffing.team_cms[staffing.team_of_cm[index]]]
    colleagues = [m for m in team if m is not cm] or [cm]
    managers = [m for m in staffing.members if m.role == "team_manager" and m is not tm] or [tm]
    inspectors = [m for m in staffing.members if m.role == "inspector"]
    staff = {
        "S1": cm.id,
        "S2": colleagues[0].id,
        "S3": colleagues[-1].id,
        "S9": (tm or cm).id,
        "S8": (managers[0] or cm).id,
        "S20": staffing.qa_leads[0].id,
        "S21": inspectors[0].id if inspectors else cm.id,
    }
    names = {E.CHILD_NAME: child.full}
    for k, (_id, name) in enumerate(example.others, 1):
        names[name] = _another_child(gen_seed, gen_n, number, k, child.full)
    document = _renamed(example.case, staff, names)
    dob = as_of - timedelta(days=365 * 15 + rng.randint(0, 700))
    document["id"] = case_id
    document["case_manager"] = cm.id
    document["child"] = {
        **document["child"],
        "name": child.name,
        "dob": dob.isoformat(),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
    }
    if fmt != FORMAT:
        for key in S.V2_RECORD_LISTS:
            document.pop(key, None)
        for assessment in document["assessments"]:
            assessment.pop("assetplus", None)
    document.pop("acts", None)
    return document


def _another_child(seed: int, n: int, number: int, k: int, me: str) -> str:
    """The name of another child of the caseload (LOR-005's examples name one)."""
    for step in range(1, 50):
        other = child_identity(seed, (number + k * 7 + step) % max(n, 1)).full
        if other != me:
            return other
    return me


def _swapped(text: str, old: str, new: str) -> str:
    """`text` with the word or words `old` written `new`, in capitals where they were."""
    return re.sub(
        rf"\b{re.escape(old)}\b", lambda m: new.upper() if m.group().isupper() else new, text, flags=re.IGNORECASE
    )


def _renamed(value: Any, staff: dict[str, str], names: dict[str, str]) -> Any:
    if isinstance(value, str):
        if value in staff:
            return staff[value]
        for old, new in names.items():
            value = _swapped(value, old, new)
            value = _swapped(value, old.split()[0], new.split()[0])
        return value
    if isinstance(value, dict):
        return {k: _renamed(v, staff, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, staff, names) for v in value]
    return value
