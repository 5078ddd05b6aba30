"""The rulebook's metadata for pages: the standards app's loader, as plain dicts for templates."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache

from casequality.standards.rulebook import BASES, HISTORY_CONDITIONS, ORDER_ENDED, rulebook

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
