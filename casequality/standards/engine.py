"""The engine: evaluates a case record against every enabled rule, as of a date.

It knows nothing of storage: `Engine.evaluate(doc)` takes an interchange case dict and
returns its verdicts (tasks and findings). `casequality check` feeds it a file's cases;
the sweep and live re-evaluation (services.py) feed it stored cases and store the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casequality.cases.acts import effective_record
from casequality.cases.vocabulary import WorkingDays, calendar
from casequality.standards.actionability import verdicts_mark
from casequality.standards.rulebook import effective_parameters, rulebook
from casequality.standards.rules import Context, Verdict, load_all
from casequality.standards.snapshot import CaseSnapshot
from casequality.standards.text import NameIndex


class Engine:
    """Evaluates cases of one service as of one date.

    `disabled` maps rule ids the service switched off to the reason; `overrides` are
    the service's parameter settings; `names` indexes the children of the service (for
    LOR-005); `staff_roles` maps staff ids to roles (countersignatures that count).
    """

    def __init__(
        self,
        *,
        as_of: date,
        overrides: dict[str, Any] | None = None,
        disabled: dict[str, str] | None = None,
        names: NameIndex | None = None,
        staff_roles: dict[str, str] | None = None,
        working_days: WorkingDays | None = None,
    ):
        self.as_of = as_of
        self.params = effective_parameters(overrides or {})
        self.disabled = dict(disabled or {})
        self.names = names if names is not None else NameIndex()
        self.staff_roles = staff_roles or {}
        self.working_days = working_days or calendar()
        book = rulebook()
        registry = load_all()
        missing = [r for r in book.rules if r not in registry]
        if missing:
            raise RuntimeError(f"Rules without a function: {', '.join(missing)}")
        # A service's own severity for a rule that lets it choose (CMP-002: should, unless raised).
        self.meta = book.with_severities(self.params)
        self._rules = [(rid, registry[rid]) for rid in book.evaluation_order() if rid not in self.disabled]

    def evaluate(self, doc: dict[str, Any]) -> list[Verdict]:
        """Every verdict of the enabled rules on one case record (an interchange case dict).

        The record is read with Casequality's acts (its `acts`) merged in: a countersignature
        counts whether the CMS sent it or a manager made it in Casequality.
        """
        return self.evaluate_snapshot(CaseSnapshot(effective_record(doc, as_of=self.as_of), self.as_of))

    def evaluate_snapshot(self, case: CaseSnapshot) -> list[Verdict]:
        ctx = Context(
            as_of=self.as_of,
            params=self.params,
            calendar=self.working_days,
            names=self.names,
            staff_roles=self.staff_roles,
            verdicts=[],
        )
        out = ctx.verdicts
        for rule_id, fn in self._rules:
            ctx.rule = rule_id  # the rule's verdicts carry its id (ctx.verdict)
            out.extend(fn(case, ctx))
        verdicts_mark(out, self.meta, case)
        return out

    def record(self, case_id: str, v: Verdict) -> dict[str, Any]:
        """A verdict as `casequality check` prints it."""
        meta = self.meta[v.rule]
        return {
            "case": case_id,
            "rule": v.rule,
            "severity": meta.severity,
            "owner": meta.owner,
            "subject": v.subject,
            "message": v.message,
            "evidence": v.evidence,
            "due": v.due.isoformat() if v.due else None,
            "actionable": v.actionable,
            "remedy": v.remedy,
        }
