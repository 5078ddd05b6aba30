"""Contacts with the child month by month at the level the assessments call for, and
compliance: failures to comply, warnings, compliance panels and breach."""

from __future__ import annotations

import bisect
import math
from datetime import date

from casequality.demo import texts as T
from casequality.demo.generator.calendar import (
    COMMUNITY,
    CUSTODIAL,
    DAY,
    LEVEL_RANK,
    add_wd,
    month_start,
    month_weekdays,
    next_month,
)
from casequality.demo.generator.tables import CONTACTS, weighted


class ContactsMixin:
    """How a case's contacts and compliance events are written. A part of `CaseBuilder`
    (casequality/demo/generator/case.py): its methods use the builder's random stream and
    record lists, so the same draws happen in the same order as when the builder was one
    class."""

    def level_on(self, d: date) -> str:
        current = None
        for a in self.assessments:
            if a.date <= d and (current is None or a.date >= current.date):
                current = a
        if current is None:
            return "standard"
        if current.recorded_band == "high" or LEVEL_RANK[current.rosh_level] >= 2:
            return "intensive"
        if current.recorded_band == "medium" or current.rosh_level == "medium":
            return "enhanced"
        return "standard"

    def contacts(self) -> None:
        rng = self.rng
        start, otype = self.start, self.otype
        stop = min(self.limit, self.end) if self.closed else self.limit
        kinds = (("office", 55), ("home_visit", 25), ("phone", 10), ("other", 10))
        first = self.first_contact
        if first <= stop:
            self.contact(first, "other" if otype in CUSTODIAL else "office")
        in_custody_until = self.release if otype in CUSTODIAL else None
        short_months: set[date] = set()
        community = otype in COMMUNITY
        if community and self.short("CMP-004"):
            full_months = []
            m = next_month(month_start(start))
            while m < month_start(self.as_of):
                full_months.append(m)
                m = next_month(m)
            if full_months:
                for m in rng.sample(full_months, min(len(full_months), rng.choice((1, 1, 2, 3)))):
                    short_months.add(m)
        m = month_start(start)
        while m <= stop:
            m_end = next_month(m) - DAY
            lo, hi = max(m, first + DAY), min(m_end, stop)
            if lo <= hi:
                if in_custody_until and m_end < in_custody_until:
                    count, kindset = rng.choice((1, 2)), (("other", 1),)
                else:
                    level = self.level_on(m)
                    if otype not in COMMUNITY:
                        level = "standard" if otype not in CUSTODIAL else "enhanced"
                    required = CONTACTS[level][0 if (m - start).days <= 84 else 1]
                    count = required + weighted(rng, ((0, 4), (1, 4), (2, 2)))
                    if m in short_months:
                        count = max(0, required - rng.choice((1, 1, 2)))
                    kindset = kinds
                    if in_custody_until and m < in_custody_until <= m_end:
                        lo = max(lo, in_custody_until)
                    elif m == month_start(start) or m_end > stop:  # a part month: pro rata
                        fraction = ((hi - lo).days + 1) / ((m_end - m).days + 1)
                        count = math.ceil(count * fraction)
                weekdays = month_weekdays(m)
                days = weekdays[bisect.bisect_left(weekdays, lo) : bisect.bisect_right(weekdays, hi)]
                for x in sorted(rng.sample(days, min(count, len(days)))):
                    self.contact(x, weighted(rng, kindset))
            m = next_month(m)

    def contact(self, d: date, kind: str) -> None:
        self.event(d, "contact", self.author_on(d).id, self.render(self.rng.choice(T.CONTACT_DETAIL[kind])), kind=kind)

    # -- compliance and enforcement -------------------------------------------------------
    def compliance(self) -> None:
        rng = self.rng
        if self.otype not in COMMUNITY:
            return
        stop = min(self.limit, self.end) if self.closed else self.limit
        n = weighted(rng, ((0, 62), (1, 14), (2, 11), (3, 13)))
        if rng.random() < 0.15:
            d = add_wd(self.first_contact, rng.randint(5, 40))
            if d <= stop:
                self.event(
                    d,
                    "failure_to_comply",
                    self.author_on(d).id,
                    self.render(rng.choice(T.ACCEPTABLE_FAILURE_DETAIL)),
                    acceptable=True,
                )
        d = add_wd(self.first_contact, rng.randint(8, 25))
        warnings = 0
        for k in range(1, n + 1):
            if d > stop:
                break
            by = self.author_on(d).id
            self.event(d, "failure_to_comply", by, self.render(rng.choice(T.FAILURE_DETAIL)), acceptable=False)
            yro = self.otype == "youth_rehabilitation_order"
            if k >= 3 and yro and warnings >= 2:
                if self.short("CMP-003"):
                    if rng.random() < 0.5:
                        self.event(
                            add_wd(d, rng.randint(1, 4)), "warning", by, self.render(rng.choice(T.WARNING_DETAIL))
                        )
                    else:
                        self.event(
                            add_wd(d, rng.randint(1, 4)),
                            "breach",
                            by,
                            self.render(T.BREACH_DETAIL[1]),
                            decision="alternative_strategy",
                            manager_agreed=False,
                        )
                else:
                    court = rng.random() < 0.55
                    self.event(
                        add_wd(d, rng.randint(1, 4)),
                        "breach",
                        by,
                        self.render(T.BREACH_DETAIL[0 if court else 1]),
                        decision="returned_to_court" if court else "alternative_strategy",
                        manager_agreed=True,
                    )
            elif k >= 3 and not yro and rng.random() < 0.5:
                self.event(
                    add_wd(d, rng.randint(1, 4)),
                    "breach",
                    by,
                    "Referred back to court for breach of the contract.",
                    decision="returned_to_court",
                    manager_agreed=True,
                )
            elif not self.short("CMP-001"):
                self.event(add_wd(d, rng.randint(0, 4)), "warning", by, self.render(rng.choice(T.WARNING_DETAIL)))
                warnings += 1
            if k == 2:
                if self.short("CMP-002"):
                    if rng.random() < 0.4:
                        self.event(
                            add_wd(d, rng.randint(16, 25)),
                            "compliance_panel",
                            by,
                            self.render(rng.choice(T.PANEL_OUTCOME)),
                            outcome="Late panel: expectations restated.",
                        )
                else:
                    self.event(
                        add_wd(d, rng.randint(2, 9)),
                        "compliance_panel",
                        by,
                        self.render(rng.choice(T.PANEL_OUTCOME)),
                        outcome=rng.choice(
                            (
                                "Expectations agreed; no further action.",
                                "Contract of expectations signed; review in four weeks.",
                                "Agreed change of appointment times.",
                            )
                        ),
                    )
            d = add_wd(d, rng.randint(10, 30))
