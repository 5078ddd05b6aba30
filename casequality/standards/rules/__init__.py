"""The rule functions, one per rule of the rulebook, and what they share.

A rule is a pure function `(case: CaseSnapshot, ctx: Context) -> Iterable[Verdict]`
registered under its id with `@rule("LOR-001")`. It reads parameters from `ctx.params`
(never hard-coded), decides whether a requirement with a deadline is still a task or
already a finding with `ctx.due(...)`, and says in its message what made it fire.
Rule metadata (title, severity, owner, source, the standard's words) is in rulebook.yaml.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Any

from casequality.standards.snapshot import CaseSnapshot
from casequality.standards.text import NameIndex
from casequality.standards.workdays import WorkingDays

TASK = "task"
FINDING = "finding"


@dataclass(slots=True)
class Verdict:
    """One rule's verdict on one subject: a task (due, not yet late) or a finding."""

    rule: str
    key: str
    kind: str
    subject: str
    subject_type: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    due: date | None = None


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

    def add_wd(self, day: date, n: int) -> date:
        return self.calendar.add(day, n)

    def deadline(self, start: date, param: str) -> date:
        """`start` plus the working days the parameter `param` names."""
        return self.calendar.add(start, int(self.params[param]))

    def kind(self, due: date) -> str:
        """A requirement due on `due` is a task up to and including that day, then a finding."""
        return TASK if self.as_of <= due else FINDING

    def can_countersign(self, staff_id: str | None, author: str | None) -> bool:
        """A team manager or QA lead who is not the item's author."""
        return (
            staff_id is not None
            and staff_id != author
            and self.staff_roles.get(staff_id) in ("team_manager", "qa_lead")
        )


RuleFunction = Callable[[CaseSnapshot, Context], Iterable[Verdict]]
REGISTRY: dict[str, RuleFunction] = {}


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under its rulebook id."""

    def register(fn: RuleFunction) -> RuleFunction:
        if rule_id in REGISTRY:
            raise ValueError(f"Rule {rule_id} is defined twice")
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


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    return date(y, m, min(day.day, last))


def load_all() -> dict[str, RuleFunction]:
    """Import every family module (they register their rules) and return the registry."""
    from casequality.standards.rules import (  # noqa: F401
        compliance,
        diversity,
        likelihood,
        oversight,
        planning,
        reports,
        reviews,
        rosh,
        vulnerability,
    )

    return REGISTRY
