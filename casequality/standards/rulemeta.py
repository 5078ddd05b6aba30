"""What a family module declares: each rule's metadata (`RuleMeta`), each parameter's
(`ParameterMeta`), the conditions under which a verdict becomes history, and the error a
bad rulebook raises.

Kept apart from `rulebook`, which gathers the family modules' declarations: the rules
package (`@rule`, `parameter`) builds these and `rulebook` reads them, so both import this
module and neither imports the other back (docs/decisions/0036-no-import-cycles.md).
`rulebook` re-exports every name here, so `from casequality.standards.rulebook import LATE`
still reads as it always has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


class RulebookError(ValueError):
    """The rulebook or a service's rulebook settings are not valid."""


@dataclass(frozen=True)
class RuleMeta:
    """A rule as its family module declares it.

    `standard` is the only copy of the standard's words (the rulebook page and
    `casequality rules` show it). `demo_rate` is the shortfall rate the 2013 SQS of
    Manchester YOS suggests, per eligible case or item of "typical" practice: the demo
    generator makes that share of eligible cases fall short of the rule (None: it does
    not aim at the rule). `judges_content`: the rule judges an assessment's or plan's own
    content, so OVS-002 holds its open findings against a countersignature.
    `runs_last`: the rule reads other rules' verdicts on the same case, so the engine
    evaluates it after every other rule. `remedy`: what puts a verdict of the rule right,
    in the words of the person who can. `history`: the conditions (HISTORY_CONDITIONS)
    under which a verdict can no longer be put right, so it is a fact about past practice
    rather than an action (docs/decisions/0011-action-or-history.md).
    `basis`: what kind of source the rule rests on (BASES: national law or YJB guidance,
    the inspectorate, or local practice); `source_date`: the date of that source as
    published (YYYY-MM-DD, or YYYY-MM or YYYY where only that is known)
    (docs/decisions/0052-rules-traced-to-current-guidance.md). `severity_parameter`: a
    parameter holding the severity a service may choose for the rule (its default is
    `severity`); empty for a rule whose severity is fixed.
    """

    id: str
    title: str
    family: str
    severity: str
    owner: str
    source: str
    standard: str
    quote: str
    parameters: tuple[str, ...]
    demo_rate: float | None = None
    judges_content: bool = False
    runs_last: bool = False
    remedy: str = ""
    history: tuple[str, ...] = ()
    basis: str = ""
    source_date: str = ""
    severity_parameter: str = ""


@dataclass(frozen=True)
class ParameterMeta:
    name: str
    default: Any
    unit: str
    description: str
    source: str
    date: str


DEADLINE_UNIT = "working days"

# What a rule's source is (RuleMeta.basis), as the rulebook page names it.
NATIONAL = "national"
INSPECTORATE = "inspectorate"
LOCAL = "local"
BASES = {
    NATIONAL: "National: law or YJB guidance",
    INSPECTORATE: "Inspectorate: HM Inspectorate of Probation",
    LOCAL: "Local practice: a service's own standard",
}
SEVERITIES = ("must", "should")
# The unit of a parameter that holds a rule's severity (RuleMeta.severity_parameter).
SEVERITY_UNIT = "severity (must or should)"

# When a verdict stops being actionable: each rule declares which of these apply to it
# (`history=` in its @rule); standards.actionability decides them for each verdict.
LATE = "late"
REPLACED = "replaced"
ORDER_ENDED = "order_ended"
MONTH_ENDED = "month_ended"
SENTENCED = "sentenced"
HISTORY_CONDITIONS = {
    LATE: "it has been done, but after its deadline",
    REPLACED: "a newer assessment, or a newer plan of the same kind, has replaced the one it is about",
    ORDER_ENDED: "the order it concerns has ended, or the case is closed",
    MONTH_ENDED: "the calendar month it counts has ended",
    SENTENCED: "the court has sentenced (a report is discussed before court or not at all)",
}


# A parameter's name in a standard's words: snake case, a whole word (never part of a
# longer name or word), with the unit that follows it, if any (one of a number's units).
_PARAMETER_NAME = re.compile(
    r"(?<!\w)([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?!\w)( (?:working days|days|weeks|months|words))?"
)


def parameter_value_words(value: Any) -> str:
    """A parameter's value as a person reads it: a number as written ("15", "0.9"), a date
    as "1 April 2024", a level or severity in words ("very high"), a list as "2 then 1", a
    mapping as "standard 2 then 1, enhanced 4 then 2"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return " then ".join(parameter_value_words(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{parameter_value_words(k)} {parameter_value_words(v)}" for k, v in value.items())
    text = str(value)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text.replace("_", " ")
    return f"{day.day} {day:%B} {day.year}"


def standard_in_words(meta: RuleMeta, values: Mapping[str, Any]) -> str:
    """The rule's standard with each of its parameters' names said as its value in `values`
    (a service's effective parameters: rulebook.effective_parameters), so that it reads
    "each in at least 15 words", not "each in at least evidence_min_words words". A name is
    replaced as a whole word only, never inside a longer one; a unit after a value of 1 is
    singular ("1 working day"). Plain text: a template escapes it, as it does any text.
    """

    def said(found: re.Match[str]) -> str:
        name, unit = found.group(1), found.group(2) or ""
        if name not in meta.parameters or name not in values:
            return found.group(0)
        value = values[name]
        if unit and value == 1 and not isinstance(value, bool):
            unit = unit[:-1]
        return parameter_value_words(value) + unit

    return _PARAMETER_NAME.sub(said, meta.standard)
