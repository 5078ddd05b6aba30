"""The rulebook: practice standards as checks, one rule written once in its family module.

Each rule turns one practice standard into a check of a case record. A family module
(`lor`, `rev`, `plan`, `rosh`, `ovs`, `vul`, `psr`, `div`, `eng`, `cmp`; for today's
record, `apl`, `pdat`, `ooc`, `vic`: the rule ids' prefix) holds, for each of its
rules, everything about it in one place: the `@rule` decorator carries its metadata
(title, severity, owner, source, the words of its standard users read on the rulebook
page and in `casequality rules`, the inspectors' quote, its parameters) and the function
under it is its check. Parameters are declared once with `parameter(...)` in the family
they first belong to; other families name them.
Rule ids are stable forever. Numbers that are local policy rather than national rules
are parameters: a default, where it comes from and since when; a service changes them in
its own rulebook settings (standards.ParameterSetting), never in code.

A check is a pure function `(case: CaseSnapshot, ctx: Context) -> Iterable[Verdict]`. It
reads parameters from `ctx.params` (never hard-coded), decides whether a requirement with
a deadline is still a task or already a finding with `ctx.kind(due)`, makes its verdicts
with `ctx.verdict(...)` (which stamps the id of the rule being evaluated, so the id is
                  written once, in the decorator), and says in its message what made it fire.

Sources (a parameter's `date` is when its source set it: the day of the publication
where known, else its year; "project default" is dated when it was chosen):
  SQS ¶N  HM Inspectorate of Probation, Short Quality Screening of youth offending work
          in Manchester (inspected 17-19 June 2013, published 17 July 2013), paragraph N.
  YJB     Youth Justice Board guidance (Asset, Scaled Approach, National Standards).
  Today's record (APL, PDAT, OOC, VIC): the YJB Case Management Guidance (gov.uk), the
          YJB's PDAT and victims guidance, and HMIP's youth evidence base and 2025 victims
          standard; docs/decisions/0016-rules-for-todays-record.md names each and what was
          assumed.
  The YJB's side (SPP, format 2.1): the YJB's serious incidents notification SOP (gov.uk,
          updated 29 March 2022) and the MAPPA categories; what is assumed is in
          docs/decisions/0053-the-yjbs-side.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import import_module
from typing import Any

from casequality.accounts.roles import COUNTERSIGNERS
from casequality.cases.vocabulary import WorkingDays
from casequality.standards.rulemeta import (
    BASES,
    HISTORY_CONDITIONS,
    SEVERITIES,
    ParameterMeta,
    RulebookError,
    RuleMeta,
)
from casequality.standards.snapshot import CaseSnapshot
from casequality.standards.text import NameIndex

VERSION = 1
# The family modules, in the order the rulebook lists (and the engine evaluates) their rules.
FAMILIES = ("lor", "rev", "plan", "rosh", "ovs", "vul", "psr", "div", "eng", "cmp", "apl", "pdat", "ooc", "vic", "spp")

TASK = "task"
FINDING = "finding"


@dataclass(slots=True)
class Verdict:
    """One rule's verdict on one subject: a task (due, not yet late) or a finding.

    `done` is when a deadline rule's requirement was met after all (late); the engine
    sets `actionable` (False: history, a shortfall nobody can put right any more, for the
    reason `history`) and the rule's `remedy`.
    """

    rule: str
    key: str
    kind: str
    subject: str
    subject_type: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    due: date | None = None
    done: date | None = None
    actionable: bool = True
    history: str = ""
    remedy: str = ""


@dataclass
class Context:
    """What a rule needs besides the case: the as-of date, parameters, calendar, names, staff."""

    as_of: date
    params: dict[str, Any]
    calendar: WorkingDays
    names: NameIndex
    staff_roles: dict[str, str]
    # Verdicts of the rules evaluated so far on this case (OVS-002 reads them).
    verdicts: list[Verdict] = field(default_factory=list)
    # The id of the rule being evaluated: the engine sets it before calling the rule.
    rule: str = ""

    def verdict(
        self,
        key: str,
        kind: str,
        subject: str,
        subject_type: str,
        message: str,
        evidence: dict[str, Any] | None = None,
        due: date | None = None,
        done: date | None = None,
    ) -> Verdict:
        """A verdict of the rule being evaluated (its id comes from the rule's registration).

        `done`: the day a deadline's requirement was met late (the verdict is then history).
        """
        return Verdict(
            self.rule, key, kind, subject, subject_type, message, {} if evidence is None else evidence, due, done
        )

    def add_wd(self, day: date, n: int) -> date:
        return self.calendar.add(day, n)

    def deadline(self, start: date, param: str) -> date:
        """`start` plus the working days the parameter `param` names."""
        return self.calendar.add(start, int(self.params[param]))

    @staticmethod
    def done_late(due: date, days: Iterable[date | None]) -> date | None:
        """The first of `days` after `due`: when a requirement missed by `due` was met late."""
        return min((d for d in days if d is not None and d > due), default=None)

    def kind(self, due: date) -> str:
        """A requirement due on `due` is a task up to and including that day, then a finding."""
        return TASK if self.as_of <= due else FINDING

    def by_deadline(
        self,
        subject: str,
        subject_type: str,
        due: date,
        met: Iterable[date | None],
        *,
        missed: str,
        to_do: str,
        evidence: dict[str, Any] | None = None,
    ) -> Verdict | None:
        """The verdict of a requirement on `subject` due on `due` and met on the days `met`
        (None where not met): none if one of them is by `due`; else a task saying `to_do` up
        to and including `due`, then a finding saying `missed`, history once met late. The
        evidence ends with the due date."""
        met = list(met)
        if any(day is not None and day <= due for day in met):
            return None
        kind = self.kind(due)
        return self.verdict(
            subject,
            kind,
            subject,
            subject_type,
            missed if kind == FINDING else to_do,
            {**(evidence or {}), "due": iso(due)},
            due,
            self.done_late(due, met),
        )

    def can_countersign(self, staff_id: str | None, author: str | None) -> bool:
        """A staff member whose role may countersign (a team manager or QA lead:
        accounts/roles.py) who is not the item's author."""
        return staff_id is not None and staff_id != author and self.staff_roles.get(staff_id) in COUNTERSIGNERS


RuleFunction = Callable[[CaseSnapshot, Context], Iterable[Verdict]]
REGISTRY: dict[str, RuleFunction] = {}
RULES: dict[str, RuleMeta] = {}
PARAMETERS: dict[str, ParameterMeta] = {}


def _words(text: str) -> str:
    """Text written across lines in a module, as one line (as people read it)."""
    return " ".join(text.split())


def parameter(name: str, *, default: Any, unit: str, description: str, source: str, date: str) -> None:
    """Declare a rulebook parameter: its default and where that comes from (once, in one family)."""
    if name in PARAMETERS:
        raise RulebookError(f"Parameter {name!r} is declared twice")
    PARAMETERS[name] = ParameterMeta(
        name=name, default=default, unit=unit, description=_words(description), source=source, date=date
    )


def rule(
    rule_id: str,
    *,
    title: str,
    severity: str,
    owner: str,
    source: str,
    standard: str,
    quote: str = "",
    parameters: tuple[str, ...] = (),
    demo_rate: float | None = None,
    judges_content: bool = False,
    runs_last: bool = False,
    remedy: str,
    history: tuple[str, ...] = (),
    basis: str = "",
    source_date: str = "",
    severity_parameter: str = "",
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule: its metadata and, under the decorator, its check.

    The family is the module's `FAMILY`; the module must be named after the id's prefix
    (OVS-001 lives in `ovs`), so each rule has one home. See RuleMeta for the fields;
    every rule names its `basis` and `source_date` (tests/standards/test_rule_sources.py).
    """
    unknown = [h for h in history if h not in HISTORY_CONDITIONS]
    if unknown or not remedy.strip():
        raise RulebookError(f"{rule_id}: needs a remedy and known history conditions, not {unknown}")

    def register(fn: RuleFunction) -> RuleFunction:
        module = sys.modules[fn.__module__]
        prefix = rule_id.split("-", 1)[0].lower()
        if fn.__module__.rsplit(".", 1)[-1] != prefix:
            raise RulebookError(f"{rule_id} is defined in {fn.__module__}, not in the family module {prefix!r}")
        if rule_id in REGISTRY:
            raise RulebookError(f"{rule_id} is in the rulebook twice")
        if severity not in SEVERITIES:
            raise RulebookError(f"{rule_id}: severity {severity!r} is not must or should")
        if basis and basis not in BASES:
            raise RulebookError(f"{rule_id}: basis {basis!r} is not one of {', '.join(BASES)}")
        RULES[rule_id] = RuleMeta(
            id=rule_id,
            title=title,
            family=module.FAMILY,
            severity=severity,
            owner=owner,
            source=source,
            standard=_words(standard),
            quote=_words(quote),
            parameters=tuple(parameters),
            demo_rate=demo_rate,
            judges_content=judges_content,
            runs_last=runs_last,
            remedy=_words(remedy),
            history=tuple(history),
            basis=basis,
            source_date=source_date,
            severity_parameter=severity_parameter,
        )
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        REGISTRY[rule_id] = fn
        return fn

    return register


@lru_cache(maxsize=8192)
def _fmt(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def fmt(day: date | None) -> str:
    """A date as people write it: 31 May 2013."""
    return _fmt(day) if day else "no date"


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def level_words(level: str | None) -> str:
    return (level or "not recorded").replace("_", " ")


def load_all() -> dict[str, RuleFunction]:
    """Import every family module (they register their rules and parameters); the registry."""
    for family in FAMILIES:
        import_module(f"{__name__}.{family}")
    return REGISTRY
