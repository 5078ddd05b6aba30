"""The rulebook as data: rules' metadata and parameters, read from rulebook.yaml.

A service's own settings (standards.RuleSetting, standards.ParameterSetting) override
the defaults; `effective_parameters` checks that an override has the default's shape,
so a typo in the settings fails loudly rather than silently changing a rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULEBOOK_PATH = Path(__file__).with_name("rulebook.yaml")
# OVS-002 judges other rules' findings on the same item, so it runs last.
RUNS_LAST = ("OVS-002",)


class RulebookError(ValueError):
    """The rulebook or a service's rulebook settings are not valid."""


@dataclass(frozen=True)
class RuleMeta:
    id: str
    title: str
    family: str
    severity: str
    owner: str
    source: str
    standard: str
    quote: str
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class ParameterMeta:
    name: str
    default: Any
    unit: str
    description: str
    source: str
    date: str


@dataclass(frozen=True)
class Rulebook:
    rules: dict[str, RuleMeta]
    parameters: dict[str, ParameterMeta]

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}

    def evaluation_order(self) -> list[str]:
        first = [r for r in self.rules if r not in RUNS_LAST]
        return first + [r for r in RUNS_LAST if r in self.rules]


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The rulebook shipped with the package (read once)."""
    with open(RULEBOOK_PATH, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    parameters = {
        name: ParameterMeta(name=name, default=p["default"], unit=p.get("unit", ""),
                            description=p.get("description", ""), source=p["source"], date=str(p["date"]))
        for name, p in data["parameters"].items()
    }
    rules: dict[str, RuleMeta] = {}
    for r in data["rules"]:
        meta = RuleMeta(
            id=r["id"], title=r["title"], family=r["family"], severity=r["severity"], owner=r["owner"],
            source=r["source"], standard=r["standard"].strip(), quote=(r.get("quote") or "").strip(),
            parameters=tuple(r.get("parameters") or ()),
        )
        if meta.severity not in ("must", "should"):
            raise RulebookError(f"{meta.id}: severity {meta.severity!r} is not must or should")
        for name in meta.parameters:
            if name not in parameters:
                raise RulebookError(f"{meta.id}: unknown parameter {name!r}")
        if meta.id in rules:
            raise RulebookError(f"{meta.id} is in the rulebook twice")
        rules[meta.id] = meta
    return Rulebook(rules=rules, parameters=parameters)


def _same_shape(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and value >= 0
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, dict):
        return isinstance(value, dict) and set(value) == set(default) and all(
            _same_shape(default[k], value[k]) for k in default)
    if isinstance(default, list):
        return isinstance(value, list) and len(value) == len(default) and all(
            _same_shape(d, v) for d, v in zip(default, value))
    return False


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
        if name == "vmp_threshold" and value not in ("low", "medium", "high", "very_high"):
            raise RulebookError(f"Parameter setting vmp_threshold={value!r} is not a level")
        params[name] = value
    return params
