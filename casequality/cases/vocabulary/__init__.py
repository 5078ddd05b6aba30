"""The vocabulary of the case record, defined once for every app.

What the words of a case record mean beyond their spelling (docs/case-format.md spells
them): which orders are statutory, community or custodial; the levels of RoSH and
vulnerability and their order; the Scaled Approach band of an Asset score; what needs a
manager's oversight; how words are counted; calendar months and working days. The
rulebook (standards), audits and the demo generator read these names rather than
keeping copies that could drift apart.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date

from casequality.cases.vocabulary.workdays import WorkingDays, calendar

__all__ = [
    "COMMUNITY_ORDERS",
    "CUSTODIAL_ORDERS",
    "LEVELS",
    "LEVEL_RANK",
    "MEDIUM",
    "OVERSIGHT_PLANS",
    "STATUTORY_ORDERS",
    "WorkingDays",
    "add_months",
    "asset_band",
    "at_least",
    "calendar",
    "level_rank",
    "month_start",
    "months_before",
    "next_month",
    "order_words",
    "oversight_reasons",
    "word_count",
    "words",
]

# --- orders ---------------------------------------------------------------------------
# Statutory orders are the court's sentences the standards judge; of them, community
# orders are served in the community and custodial ones start in custody. Cautions and
# `other` are none of these.
STATUTORY_ORDERS = frozenset(
    {"referral_order", "youth_rehabilitation_order", "detention_and_training_order", "long_term_detention"}
)
COMMUNITY_ORDERS = frozenset({"referral_order", "youth_rehabilitation_order"})
CUSTODIAL_ORDERS = frozenset({"detention_and_training_order", "long_term_detention"})

_ORDER_WORDS = {
    "referral_order": "referral order",
    "youth_rehabilitation_order": "youth rehabilitation order",
    "detention_and_training_order": "detention and training order",
    "long_term_detention": "long-term detention",
}


def order_words(order_type: str) -> str:
    """An order type as a sentence names it: "youth rehabilitation order"."""
    return _ORDER_WORDS.get(order_type, order_type.replace("_", " "))


# --- levels (RoSH, vulnerability) -----------------------------------------------------
LEVELS = ("low", "medium", "high", "very_high")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
MEDIUM = LEVEL_RANK["medium"]


def level_rank(level: str | None) -> int:
    """The rank of a level (low 0 .. very_high 3); -1 when none is recorded."""
    return LEVEL_RANK.get(level, -1) if level else -1


def at_least(level: str | None, threshold: str) -> bool:
    """Whether a recorded level is `threshold` or above (no level is below every threshold)."""
    return level_rank(level) >= LEVEL_RANK[threshold]


# --- the Asset band -------------------------------------------------------------------
def asset_band(score: int) -> str:
    """The Scaled Approach band of an Asset score (YJB, February 2009): low 0-14, medium 15-32, high 33-64."""
    return "low" if score <= 14 else "medium" if score <= 32 else "high"


# --- what needs oversight -------------------------------------------------------------
# The plans that need a manager's countersignature whatever they say, and what they concern.
OVERSIGHT_PLANS = {"risk_management": "rosh", "vulnerability_management": "vulnerability"}


def oversight_reasons(
    *,
    rosh_level: str | None = None,
    vulnerability_level: str | None = None,
    full_rosh: bool = False,
    plan_type: str | None = None,
) -> list[tuple[str, str]]:
    """Why an assessment or plan needs a manager's oversight, as (concern, words): the items
    OVS-001's standard names (its words are written only in its @rule, in
    standards/rules/ovs.py). The concern ("rosh" or "vulnerability") says which oversight
    it is; the words say why, for a message. An empty list: no oversight needed.
    """
    if plan_type is not None:
        concern = OVERSIGHT_PLANS.get(plan_type)
        return [(concern, "it is a risk or vulnerability management plan")] if concern else []
    reasons = []
    if rosh_level is not None and level_rank(rosh_level) >= MEDIUM:
        reasons.append(("rosh", f"RoSH {rosh_level.replace('_', ' ')}"))
    if vulnerability_level is not None and level_rank(vulnerability_level) >= MEDIUM:
        reasons.append(("vulnerability", f"vulnerability {vulnerability_level.replace('_', ' ')}"))
    if full_rosh:
        reasons.append(("rosh", "a full RoSH assessment"))
    return reasons


# --- words ----------------------------------------------------------------------------
# A word: letters (any alphabet), with inner apostrophes or hyphens (O'Neil, Smith-Jones).
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def words(text: str | None) -> list[str]:
    """The words of a text, lower case, in order."""
    return WORD.findall(text.lower()) if text else []


def word_count(text: str | None) -> int:
    """How many words a text has (numbers and punctuation are not words)."""
    return len(WORD.findall(text)) if text else 0


# --- calendar months ------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier if negative), or that month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, _calendar.monthrange(year, month + 1)[1]))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day if shorter."""
    return add_months(day, -months)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
