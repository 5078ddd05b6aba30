"""The rulebook's metadata for pages: the standards app's loader, as plain dicts for templates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from casequality.data import reads
from casequality.standards.rulebook import (
    BASES,
    HISTORY_CONDITIONS,
    ORDER_ENDED,
    RulebookError,
    effective_parameters,
    rulebook,
    standard_in_words,
)

# The families whose findings are about an out-of-court outcome, a PDAT or a victim: these
# are part of no order, so only the case's closing makes them history
# (standards.actionability, _OUTSIDE_ORDERS). Their rulebook line says so.
OUTSIDE_ORDERS = frozenset({"OOC", "PDAT", "VIC"})
CASE_CLOSED = "the case is closed"


def _history_words(rule) -> list[str]:
    outside = rule.id.split("-")[0] in OUTSIDE_ORDERS
    return [CASE_CLOSED if outside and h == ORDER_ENDED else HISTORY_CONDITIONS[h] for h in rule.history]


@lru_cache(maxsize=1)
def _rulebook() -> tuple[list[dict], list[dict], dict[str, dict]]:
    book = rulebook()
    rules = [
        dict(asdict(rule), history_words=_history_words(rule), basis_words=BASES.get(rule.basis, "not said"))
        for rule in book.rules.values()
    ]
    return rules, [asdict(p) for p in book.parameters.values()], {rule["id"]: rule for rule in rules}


def rulebook_rules() -> list[dict]:
    """Every rule's metadata (id, title, source, severity, owner, remedy, ...); `history_words`
    says when its verdicts stop being actionable, `basis_words` what kind of source it rests
    on (national, inspectorate or local practice)."""
    return _rulebook()[0]


def rulebook_parameters() -> list[dict]:
    """Every parameter (name, default, source, ...)."""
    return _rulebook()[1]


def rule_metadata(rule_id: str) -> dict | None:
    """One rule's metadata by its id (a table asks once a row: looked up, not searched)."""
    return _rulebook()[2].get(rule_id)


def rule_standards(overrides: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Each rule's standard (rule id -> its words) with a service's parameter values in
    place of the parameters' names (standards.rulebook.standard_in_words), from the
    service's overrides (data.reads.parameter_overrides; the rulebook's defaults for none).
    Worked out once for each set of values a process meets, so a page pays a dictionary's
    look-up for it. Settings the rulebook refuses (never saved so) leave the names as written.
    """
    return _standards(json.dumps(sorted(overrides), default=str))


def service_standards(service_id: int | None) -> dict[str, str]:
    """`rule_standards` for a service: one small read of its parameter settings (none for no service)."""
    return rule_standards(reads.parameter_overrides(service_id) if service_id is not None else ())


@lru_cache(maxsize=64)
def _standards(overrides: str) -> dict[str, str]:
    book = rulebook()
    try:
        values = effective_parameters(dict(json.loads(overrides)))
    except RulebookError:
        return {rule_id: meta.standard for rule_id, meta in book.rules.items()}
    return {rule_id: standard_in_words(meta, values) for rule_id, meta in book.rules.items()}
