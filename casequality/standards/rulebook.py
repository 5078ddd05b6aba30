"""The rulebook as data: every rule's metadata and every parameter, as the family modules declare them.

The rules and parameters are written once, in casequality/standards/rules/<family>.py;
this module gathers them. A service's own settings (standards.RuleSetting,
standards.ParameterSetting) override the defaults; `effective_parameters` checks that an
override has the default's shape, so a typo in the settings fails loudly rather than
silently changing a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from casequality.standards.rulemeta import (
    BASES,
    DEADLINE_UNIT,
    HISTORY_CONDITIONS,
    INSPECTORATE,
    LATE,
    LOCAL,
    MONTH_ENDED,
    NATIONAL,
    ORDER_ENDED,
    REPLACED,
    SENTENCED,
    SEVERITIES,
    SEVERITY_UNIT,
    ParameterMeta,
    RulebookError,
    RuleMeta,
    parameter_value_words,
    standard_in_words,
)

__all__ = [  # the declarations (rulemeta) are re-exported: the rulebook is where callers look for them
    "BASES",
    "DEADLINE_UNIT",
    "HISTORY_CONDITIONS",
    "INSPECTORATE",
    "LATE",
    "LOCAL",
    "MONTH_ENDED",
    "NATIONAL",
    "ORDER_ENDED",
    "REPLACED",
    "SENTENCED",
    "SEVERITIES",
    "SEVERITY_UNIT",
    "ParameterMeta",
    "Rulebook",
    "RulebookError",
    "RuleMeta",
    "effective_parameters",
    "parameter_value_words",
    "rulebook",
    "standard_in_words",
]


@dataclass(frozen=True)
class Rulebook:
    rules: dict[str, RuleMeta]
    parameters: dict[str, ParameterMeta]

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}

    def evaluation_order(self) -> list[str]:
        return [r for r, m in self.rules.items() if not m.runs_last] + [r for r, m in self.rules.items() if m.runs_last]

    def content_rules(self) -> tuple[str, ...]:
        """The rules that judge an item's own content (OVS-002 reads their findings)."""
        return tuple(r for r, m in self.rules.items() if m.judges_content)

    def with_severities(self, params: dict[str, Any]) -> dict[str, RuleMeta]:
        """The rules' metadata with each severity a service may choose (`severity_parameter`)
        read from `params` (a service's effective parameters)."""
        return {
            r: replace(m, severity=str(params[m.severity_parameter])) if m.severity_parameter else m
            for r, m in self.rules.items()
        }

    def deadline_rules(self) -> tuple[str, ...]:
        """The rules with a deadline in working days: they give a task until it passes, then a finding."""
        return tuple(
            r for r, m in self.rules.items() if any(self.parameters[p].unit == DEADLINE_UNIT for p in m.parameters)
        )


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The rulebook shipped with the package (gathered once from the family modules)."""
    from casequality.standards.rules import PARAMETERS, RULES, load_all

    load_all()
    for meta in RULES.values():
        for name in meta.parameters:
            if name not in PARAMETERS:
                raise RulebookError(f"{meta.id}: unknown parameter {name!r}")
        chosen = meta.severity_parameter
        if chosen and (
            chosen not in meta.parameters
            or PARAMETERS[chosen].unit != SEVERITY_UNIT
            or PARAMETERS[chosen].default != meta.severity
        ):
            raise RulebookError(
                f"{meta.id}: its severity parameter {chosen!r} must be one of its parameters, "
                f"a severity, defaulting to {meta.severity!r}"
            )
    return Rulebook(rules=dict(RULES), parameters=dict(PARAMETERS))


def _same_shape(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and value >= 0
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, dict):
        return (
            isinstance(value, dict)
            and set(value) == set(default)
            and all(_same_shape(default[k], value[k]) for k in default)
        )
    if isinstance(default, list):
        return (
            isinstance(value, list)
            and len(value) == len(default)
            and all(_same_shape(d, v) for d, v in zip(default, value))
        )
    return False


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def effective_parameters(overrides: dict[str, Any]) -> dict[str, Any]:
    """The rulebook's defaults with a service's overrides. Raises RulebookError on a bad one."""
    book = rulebook()
    params = book.defaults()
    for name, value in overrides.items():
        if name not in book.parameters:
            raise RulebookError(f"Parameter setting {name!r} is not a rulebook parameter")
        if not _same_shape(book.parameters[name].default, value):
            raise RulebookError(
                f"Parameter setting {name}={value!r} does not have the shape of its default "
                f"{book.parameters[name].default!r}"
            )
        if book.parameters[name].unit == SEVERITY_UNIT and value not in SEVERITIES:
            raise RulebookError(f"Parameter setting {name}={value!r} is not must or should")
        if name == "vmp_threshold" and value not in ("low", "medium", "high", "very_high"):
            raise RulebookError(f"Parameter setting vmp_threshold={value!r} is not a level")
        if name.endswith("_in_use_from") and not _is_date(value):
            raise RulebookError(f"Parameter setting {name}={value!r} is not a date (YYYY-MM-DD)")
        params[name] = value
    return params
