"""The YJB's side of a case (format 2.1, decision 0053): MAPPA eligibility and, rarely, a
serious incident notified to the YJB. Drawn from a random stream of its own, after today's
record, so the rest of the case is the same with or without it."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from casequality.cases.interchange.schema import SERIOUS_INCIDENT_CATEGORIES
from casequality.demo.generator.calendar import add_wd, iso

# Assumed shares for a synthetic caseload (no published rate): serious incidents are rare.
INCIDENT_RATE = 0.04
LATE_NOTIFICATION = 0.3
NO_REVIEW = 0.3
LEARNING = (
    "Concerns about exploitation were known to the police and not shared at the last review.",
    "The plan did not cover the risk to peers in the community; contingency planning to be strengthened.",
    "Good practice: the case manager had escalated the risk; the review found no gap in the service's work.",
)


def yjb_side(builder: Any, document: dict[str, Any]) -> None:
    """Add `mappa_eligibility` and `serious_incidents` to a case built by `builder` (CaseBuilder)."""
    t = random.Random(f"{builder.gen.seed}:{builder.number}:yjb")
    document["mappa_eligibility"] = []
    document["serious_incidents"] = []
    start: date = builder.start
    limit: date = builder.limit
    # MAPPA category 2: a violent offence and 12 months' custody or more (long-term detention).
    if builder.otype == "long_term_detention" and start <= limit:
        document["mappa_eligibility"].append(
            {"id": "M1", "category": 2, "from": iso(start), "basis": "Sentenced to long-term detention."}
        )
    if t.random() >= INCIDENT_RATE * max(builder.quality, 0.25):
        return
    aware = add_wd(start, t.randint(20, 120))
    if aware > limit:
        return
    notified = add_wd(aware, t.randint(2, 6) if t.random() < LATE_NOTIFICATION * builder.quality else t.randint(0, 1))
    reviewed = None if t.random() < NO_REVIEW * builder.quality else add_wd(notified, t.randint(10, 19))
    document["serious_incidents"].append(
        {
            "id": "SI1",
            "category": t.choice(SERIOUS_INCIDENT_CATEGORIES[:5]),
            "date": iso(aware),
            "aware": iso(aware),
            "offence": None,
            "notified": iso(notified) if notified <= limit else None,
            "review_completed": iso(reviewed) if reviewed is not None and reviewed <= limit else None,
            "review_learning": t.choice(LEARNING) if reviewed is not None and reviewed <= limit else None,
        }
    )
