"""What the generator draws from: the practice shortfall rates, the practice qualities,
the order mix, the ages, the showcase cases, and `weighted` to draw from such a table."""

from __future__ import annotations

import random
from datetime import date

from casequality.demo import texts as T
from casequality.standards.rulebook import rulebook

FORMAT = "casequality/2"
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

# One shortfall each, on a case shaped so the rule can fire (see module docstring).
SHOWCASE: tuple[tuple[str, dict], ...] = (
    ("LOR-001", {"order": "youth_rehabilitation_order", "psr": False}),
    ("LOR-002", {"order": "youth_rehabilitation_order"}),
    ("LOR-003", {"order": "referral_order", "band": "high"}),
    ("LOR-004", {"order": "youth_rehabilitation_order", "elapsed": (200, 400)}),
    ("LOR-005", {"order": "referral_order"}),
    ("REV-001", {"order": "youth_rehabilitation_order", "change": "address", "elapsed": (150, 300)}),
    ("REV-002", {"order": "youth_rehabilitation_order", "elapsed": (240, 400), "length": 24}),
    ("REV-003", {"order": "referral_order"}),
    ("PLAN-001", {"order": "youth_rehabilitation_order"}),
    ("PLAN-002", {"order": "referral_order"}),
    ("PLAN-003", {"order": "youth_rehabilitation_order", "band": "high"}),
    ("PLAN-004", {"order": "referral_order", "length": 12}),
    ("PLAN-005", {"order": "detention_and_training_order", "length": 12}),
    ("PLAN-006", {"order": "referral_order"}),
    ("PLAN-007", {"order": "youth_rehabilitation_order"}),
    ("ROSH-001", {"order": "youth_rehabilitation_order", "rosh": "low"}),
    ("ROSH-002", {"order": "youth_rehabilitation_order", "rosh": "medium", "countersign": True}),
    ("ROSH-003", {"order": "youth_rehabilitation_order", "rosh": "high"}),
    ("ROSH-004", {"order": "youth_rehabilitation_order", "rosh": "medium"}),
    ("ROSH-005", {"order": "youth_rehabilitation_order", "rosh": "medium"}),
    ("ROSH-006", {"order": "detention_and_training_order", "rosh": "high", "length": 18}),
    ("OVS-001", {"order": "youth_rehabilitation_order", "rosh": "medium"}),
    ("OVS-003", {"order": "youth_rehabilitation_order", "rosh": "medium"}),
    ("OVS-004", {"order": "youth_rehabilitation_order", "rosh": "high", "request": True}),
    ("OVS-005", {"order": "youth_rehabilitation_order", "rosh": "high", "elapsed": (120, 300)}),
    ("VUL-001", {"order": "referral_order"}),
    ("VUL-002", {"order": "youth_rehabilitation_order", "vulnerability": "high"}),
    ("VUL-003", {"order": "referral_order", "vulnerability": "medium"}),
    ("VUL-004", {"order": "youth_rehabilitation_order", "looked_after": True}),
    ("PSR-001", {"order": "youth_rehabilitation_order", "custody_considered": True, "psr": False}),
    ("PSR-002", {"order": "detention_and_training_order", "length": 12}),
    ("DIV-001", {"order": "referral_order"}),
    ("DIV-002", {"order": "youth_rehabilitation_order", "needs": True}),
    ("ENG-001", {"order": "referral_order"}),
    ("ENG-002", {"order": "youth_rehabilitation_order"}),
    ("CMP-001", {"order": "youth_rehabilitation_order", "failures": 2, "elapsed": (200, 400), "length": 24}),
    ("CMP-002", {"order": "referral_order", "failures": 2, "elapsed": (150, 300), "length": 12}),
    ("CMP-003", {"order": "youth_rehabilitation_order", "failures": 3, "elapsed": (250, 450), "length": 24}),
    ("CMP-004", {"order": "youth_rehabilitation_order", "elapsed": (150, 400), "length": 24}),
)
SHOWCASE_EVERY = 7  # case numbers 3, 10, 17, ... carry SHOWCASE[0], [1], [2], ...
SHOWCASE_OFFSET = 3


def weighted(rng: random.Random, pairs) -> object:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]
