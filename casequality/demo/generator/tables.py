"""What the generator draws from: the practice shortfall rates, the practice qualities,
the order mix, the ages, the showcase cases, and `weighted` to draw from such a table."""
from __future__ import annotations

import random
from datetime import date

from casequality.demo import texts as T

FORMAT = "casequality/1"
DEFAULT_AS_OF = date(2013, 6, 17)
DEFAULT_SEED = 2013
DEFAULT_SERVICE = {"code": "DEMO", "name": "Demo Youth Offending Service (synthetic data)"}
SECTIONS = T.SECTIONS

# --- practice shortfall rates ---------------------------------------------------------
# Per eligible case or item, for a case of "typical" practice; scaled by PRACTICE below.
# Sources are paragraphs of the 2013 SQS of Manchester YOS ("SQS ¶n").
RATES = {
    "LOR-001": 0.06,   # initial assessment late or missing
    "LOR-002": 0.06,   # per assessment: "the evidence conflicted with the overall assessment" ¶1.2
    "LOR-003": 0.30,   # per assessment: "the evidence was insufficient or unclear" ¶1.2 (just over half good enough)
    "LOR-004": 0.20,   # per review: "a copy of a previous one" ¶1.2, ¶1.3
    "LOR-005": 0.02,   # per case: "in a few the evidence applied to a different case" ¶1.2
    "REV-001": 0.30,   # per significant change: "too few effective reviews following significant changes" ¶1.3
    "REV-002": 0.12,   # per case: three-monthly reviews lapsed
    "REV-003": 0.15,   # per case: review "before they had had a substantive meeting" ¶1.3
    "PLAN-001": 0.10,  # per order: intervention plan missing or late
    "PLAN-002": 0.35,  # per plan: SMART objectives "not common" ¶1.4
    "PLAN-003": 0.25,  # per plan: "link between the assessment and the objectives ... unclear" ¶1.4
    "PLAN-004": 0.30,  # per referral order: initial panel "often late" ¶1.4
    "PLAN-005": 0.35,  # per custodial order: "just under half of the custodial sentence plans met this standard" ¶1.5
    "PLAN-006": 0.30,  # per plan: engagement in planning "needed substantial improvement" ¶4.4
    "PLAN-007": 0.30,  # per plan: not "written in language that is meaningful to them" ¶4.4
    "ROSH-001": 0.06,  # per low-RoSH assessment: an indicator ticked, no full assessment ¶2.4-2.5
    "ROSH-002": 0.25,  # per medium assessment: "classified as medium, but ... avoided ... a full assessment" ¶2.4
    "ROSH-003": 0.30,  # per full assessment: nature, who, victims unclear ¶2.5
    "ROSH-004": 0.25,  # per medium+ assessment: no (adequate) risk management plan ¶2.6 (good enough in half)
    "ROSH-005": 0.35,  # per RMP: "planning to manage victims' issues ... a common area for improvement" ¶2.6
    "ROSH-006": 0.40,  # per custodial plan: "often did not include sufficient interventions" on RoSH ¶2.6
    "OVS-001": 0.30,   # per item needing oversight not asked for: "oversight had not been provided" ¶2.8
    "OVS-003": 0.02,   # per countersignature: self-countersigned
    "OVS-004": 0.20,   # per oversight request: not answered in time
    "OVS-005": 0.45,   # per high-RoSH case: "few entries into the case record by managers"
    "VUL-001": 0.12,   # per start assessment: vulnerability evidence thin (sufficient in three-quarters ¶3.1)
    "VUL-002": 0.30,   # per medium+ vulnerability: "a formal vulnerability management plan had not been produced" ¶3.2
    "VUL-003": 0.25,   # per medium+ vulnerability: "make full use of information ... held by other agencies" ¶3.1
    "VUL-004": 0.12,   # per looked-after child: no social worker recorded
    "PSR-001": 0.50,   # per PSR not requested where custody considered: "often unable to find evidence of why" ¶1.1
    "PSR-002": 0.30,   # per PSR: child and parents did not understand the PSR before court ¶4.3
    "DIV-001": 0.35,   # per case: learning style / SLCN not assessed ¶4.1
    "DIV-002": 0.45,   # per case with needs: not in the recorded plan ¶4.2
    "ENG-001": 0.20,   # per start assessment: no child's views ¶4.3
    "ENG-002": 0.30,   # per start assessment: parents did not contribute ¶4.3
    "CMP-001": 0.15,   # per unacceptable failure: no warning (response appropriate in "well over three-quarters" ¶4.6)
    "CMP-002": 0.20,   # per second failure: no compliance panel ¶4.7
    "CMP-003": 0.35,   # per third failure on a YRO: no defensible breach decision ¶4.6
    "CMP-004": 0.25,   # per community order: a month with too few contacts ("limited contact" ¶1.4)
}
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
    "referral_order": "a referral order", "youth_rehabilitation_order": "a youth rehabilitation order",
    "detention_and_training_order": "a detention and training order",
    "long_term_detention": "long-term detention", "youth_conditional_caution": "a youth conditional caution",
    "youth_caution": "a youth caution", "other": "a reparation order",
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

