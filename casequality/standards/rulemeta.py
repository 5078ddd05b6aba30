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

from dataclasses import dataclass
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
