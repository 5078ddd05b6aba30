"""The rulebook's metadata for pages: the standards app's loader, as plain dicts for templates."""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache

from casequality.standards.rulebook import HISTORY_CONDITIONS, rulebook


@lru_cache(maxsize=1)
def _rulebook() -> tuple[list[dict], list[dict]]:
    book = rulebook()
    rules = [dict(asdict(rule), history_words=[HISTORY_CONDITIONS[h] for h in rule.history])
             for rule in book.rules.values()]
    return rules, [asdict(p) for p in book.parameters.values()]


def rulebook_rules() -> list[dict]:
    """Every rule's metadata (id, title, source, severity, owner, remedy, ...); `history_words`
    says when its verdicts stop being actionable."""
    return _rulebook()[0]


def rulebook_parameters() -> list[dict]:
    """Every parameter (name, default, source, ...)."""
    return _rulebook()[1]


def rule_metadata(rule_id: str) -> dict | None:
    for rule in rulebook_rules():
        if rule.get("id") == rule_id:
            return rule
    return None
