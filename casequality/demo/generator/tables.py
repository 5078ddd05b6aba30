"""What the generator draws from: the practice shortfall rates, the practice qualities,
the order mix, the ages, and `weighted` to draw from such a table."""

from __future__ import annotations

import random
from datetime import date

from casequality.demo import texts as T
from casequality.standards.rulebook import rulebook

FORMAT = "casequality/2.1"
# The format the generator wrote before today's record (`demo-data --format casequality/1`).
FORMAT_1 = "casequality/1"
FORMATS = (FORMAT, FORMAT_1)
DEFAULT_AS_OF = date(2013, 6, 17)
DEFAULT_SEED = 2013
DEFAULT_SERVICE = {"code": "DEMO", "name": "Demo Youth Offending Service (synthetic data)"}
SECTIONS = T.SECTIONS

# --- practice shortfall rates ---------------------------------------------------------
# Per eligible case or item, for a case of "typical" practice; scaled by PRACTICE below.
# Each rule's `demo_rate` (in its family module, casequality/standards/rules/) is the
# shortfall rate the 2013 SQS of Manchester YOS found for it, with its paragraph.
RATES = {meta.id: meta.demo_rate for meta in rulebook().rules.values() if meta.demo_rate is not None}
PRACTICE = (("faultless", 0.0, 10), ("good", 0.5, 25), ("typical", 1.0, 45), ("weak", 1.6, 20))

# --- the demo's year (`casequality demo`: decision 0051) ------------------------------
# A service that began checking its cases a year before the caseload's date: practice in
# the themes its improvement plan works on gets better over the year, and safeguarding
# slips as the plan's attention goes elsewhere. A case's shortfall rates are scaled by
# the share of that year gone when its order began (0 before the year, 1 at its end):
# from `before` to `after` for rules whose id starts with a prefix below; other rules are
# unchanged. Only with `story=True` (the default caseload is the one the tests know).
STORY_MONTHS = 12
STORY = (
    (("OVS-", "PLAN-", "LOR-", "ROSH-"), 1.4, 0.5),  # improving: oversight, planning, assessment, risk
    (("VUL-",), 0.6, 1.5),  # slipping: vulnerability and safeguarding
)


def story_factor(rule: str, year_gone: float) -> float:
    """How much the rule's shortfall rate is scaled for a case begun `year_gone` (0-1) into the year."""
    for prefixes, before, after in STORY:
        if rule.startswith(prefixes):
            return before + (after - before) * min(1.0, max(0.0, year_gone))
    return 1.0


# contacts_per_month minimum (first 12 weeks, after), by intervention level.
CONTACTS = {"standard": (2, 1), "enhanced": (4, 2), "intensive": (8, 4)}

# Order types: weight in a caseload, length in months (choices), PSR requested share.
ORDERS = {
    "referral_order": (36, (3, 4, 6, 6, 9, 12, 12)),
    "youth_rehabilitation_order": (34, (6, 9, 12, 12, 18, 24, 36)),
    "detention_and_training_order": (9, (4, 6, 8, 10, 12, 18, 24)),
    "long_term_detention": (1.2, (24, 36, 48, 60, 72)),
    "youth_conditional_caution": (9, (3, 3, 4)),
    "youth_caution": (7, (3,)),
    "other": (3.8, (3, 4, 6)),
}
ORDER_WORDS = {
    "referral_order": "a referral order",
    "youth_rehabilitation_order": "a youth rehabilitation order",
    "detention_and_training_order": "a detention and training order",
    "long_term_detention": "long-term detention",
    "youth_conditional_caution": "a youth conditional caution",
    "youth_caution": "a youth caution",
    "other": "a reparation order",
}
AGES = ((10, 2), (11, 3), (12, 6), (13, 10), (14, 16), (15, 22), (16, 23), (17, 18))


def weighted(rng: random.Random, pairs) -> object:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]
