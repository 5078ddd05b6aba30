"""Oversight of a case: countersignatures and the requests for them, and the team
manager's own entries, MAPPA, referrals and transfers."""

from __future__ import annotations

from datetime import date, timedelta

from casequality.demo import texts as T
from casequality.demo.generator.calendar import LEVEL_RANK, add_wd, back_to_weekday, iso
from casequality.demo.generator.staffing import Member
from casequality.demo.generator.tables import SECTIONS


class OversightMixin:
    """How a case's oversight and management are written. A part of `CaseBuilder` (casequality/demo/generator/case.py):
    its methods use the builder's random stream and record lists, so the same draws
    happen in the same order as when the builder was one class."""

    def oversee(self, subject: str, d: date, author: Member, required: bool) -> dict | None:
        """The countersignature of an assessment or plan, and the oversight request that
        asked for it (if the case manager asked)."""
        rng = self.rng
        st = self.staffing
        if not required and rng.random() < 0.55:
            return None
        manager = st.manager_of(author) or st.qa_leads[0]
        if author.role != "case_manager" or rng.random() < 0.06:
            manager = st.qa_leads[self.number % len(st.qa_leads)]
        request = required and rng.random() < 0.4
        if request:
            self.event(d, "oversight_request", author.id, self.render(rng.choice(T.OVERSIGHT_REQUEST)), subject=subject)
            if self.short("OVS-004"):
                if rng.random() < 0.5:
                    return None  # never answered
                cs_date = add_wd(d, rng.randint(12, 25))
                return self.signature(manager.id, cs_date, "approved")
        cs_date = add_wd(d, rng.randint(0, 4))
        by = manager.id
        outcome = "approved"
        # Oversight that was asked for is given (OVS-004 aside); what goes missing is the
        # oversight nobody asked for (SQS 2.8).
        if required and not request and self.short("OVS-001"):
            fault = rng.choice(("missing", "missing", "missing", "late", "late", "colleague", "returned"))
            if fault == "missing":
                return None
            if fault == "late":
                cs_date = add_wd(d, rng.randint(13, 30))
            elif fault == "colleague":
                team = [
                    c
                    for c in st.team_cms[st.team_of_cm[st.case_manager_index(self.number)]]
                    if st.case_managers[c].id != author.id
                ]
                by = st.case_managers[rng.choice(team)].id if team else author.id
            elif fault == "returned":
                outcome = "returned"
        if self.short("OVS-003"):
            by = author.id
        return self.signature(by, cs_date, outcome)

    def signature(self, by: str, d: date, outcome: str) -> dict | None:
        if d > self.limit:
            return None
        return {
            "by": by,
            "date": iso(d),
            "outcome": outcome,
            "comment": self.render(self.rng.choice(T.COUNTERSIGN_COMMENT[outcome])),
        }

    # -- management -----------------------------------------------------------------
    def management(self) -> None:
        rng = self.rng
        tm = self.tm
        current = self.assessments[-1] if self.assessments else None
        stop = self.limit
        high = [a for a in self.assessments if LEVEL_RANK[a.rosh_level] >= 2]
        if high and tm:
            first_high = high[0].date
            skip_recent = (
                not self.closed
                and current is not None
                and LEVEL_RANK[current.rosh_level] >= 2
                and self.short("OVS-005")
            )
            d = add_wd(first_high, rng.randint(0, 3))
            if d > stop:
                d = stop
            last_allowed = self.as_of - timedelta(days=rng.randint(100, 200)) if skip_recent else stop
            while d <= min(stop, last_allowed):
                self.event(d, "manager_entry", tm.id, self.render(rng.choice(T.MANAGER_ENTRY)))
                d = back_to_weekday(d + timedelta(days=rng.randint(30, 75)))
            mappa_level = 2 if high[-1].rosh_level == "high" else 3
            if rng.random() < 0.7:
                self.event(
                    add_wd(high[0].date, rng.randint(1, 10)),
                    "mappa",
                    self.cm.id,
                    self.render(rng.choice(T.MAPPA_DETAIL)),
                    category=2,
                    level=mappa_level if rng.random() < 0.5 else 1,
                )
        elif tm and rng.random() < 0.2:
            d = add_wd(self.start, rng.randint(10, 80))
            self.event(d, "manager_entry", tm.id, self.render(rng.choice(T.MANAGER_ENTRY)))
        if self.otype == "long_term_detention" and rng.random() < 0.8:
            self.event(
                add_wd(self.start, rng.randint(2, 10)),
                "mappa",
                self.cm.id,
                self.render(T.MAPPA_DETAIL[0]),
                category=2,
                level=1,
            )
        if current is not None and rng.random() < 0.35:
            scores = dict(zip(SECTIONS, current.scores))
            options = []
            if scores["substance_use"] >= 2:
                options.append("substance_misuse")
            if scores["education_training_employment"] >= 2:
                options.append("education")
            if scores["emotional_mental_health"] >= 2 or scores["physical_health"] >= 2:
                options.append("health")
            if self.dob.year + 16 <= self.as_of.year and self.looked_after:
                options.append("leaving_care")
            options.append("other")
            for to in sorted(set(rng.sample(options, min(len(options), rng.choice((1, 1, 2)))))):
                d = add_wd(self.first_contact, rng.randint(1, 30))
                self.event(d, "referral", self.author_on(d).id, self.render(rng.choice(T.REFERRAL_DETAIL[to])), to=to)
        if self.transfer_date:
            by = tm.id if tm else None
            self.event(
                self.transfer_date,
                "transfer",
                by,
                self.render(rng.choice(T.TRANSFER_DETAIL)),
                **{"from": self.previous_cm.id, "to": self.cm.id},
            )
