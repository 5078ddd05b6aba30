"""One case of the caseload: `CaseBuilder` draws everything from (seed, case number) and
writes the case's child, orders, reports, assessments, plans and events, then (format 2)
today's record (`today`). Each concern's
methods are in their own module (reports, assessments, plans, contacts, oversight) and
come together here in one class, so they share one random stream in one order."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Protocol

from casequality.demo import names as N
from casequality.demo import texts as T
from casequality.demo.generator.assessments import Assessment, AssessmentsMixin
from casequality.demo.generator.calendar import (
    CUSTODIAL,
    STATUTORY,
    add_months,
    add_wd,
    back_to_weekday,
    iso,
)
from casequality.demo.generator.contacts import ContactsMixin
from casequality.demo.generator.examples import DemoExample, example_document, example_for
from casequality.demo.generator.identities import PRONOUNS, child_identity
from casequality.demo.generator.oversight import OversightMixin
from casequality.demo.generator.plans import PlansMixin
from casequality.demo.generator.reports import ReportsMixin
from casequality.demo.generator.staffing import Member, Staffing
from casequality.demo.generator.tables import (
    AGES,
    FORMAT,
    ORDER_WORDS,
    ORDERS,
    PRACTICE,
    RATES,
    SECTIONS,
    STORY_MONTHS,
    story_factor,
    weighted,
)
from casequality.demo.generator.today import TodayMixin


class Run(Protocol):
    """What a case builder reads of the run that makes it (writer's `Generator` is one).
    Named here, not imported from the writer, so that the writer imports this module and
    this module does not import the writer back."""

    n: int
    seed: int
    as_of: date
    service: dict
    closed_share: float
    fmt: str
    staffing: Staffing
    examples: tuple[DemoExample | None, ...]
    story: bool


class CaseBuilder(ReportsMixin, AssessmentsMixin, PlansMixin, ContactsMixin, OversightMixin, TodayMixin):
    """Builds case number `number`: all of its randomness comes from (seed, number)."""

    def __init__(self, gen: Run, number: int):
        self.gen = gen
        self.staffing = gen.staffing
        self.as_of = gen.as_of
        self.number = number
        self.rng = random.Random(f"{gen.seed}:{number}")
        # Case numbers 3, 8, 13, ... carry the rules' examples (examples.py); the rest are drawn.
        self.example = example_for(gen.examples, number)
        self.quality = 1.0 if self.example else weighted(self.rng, [(m, w) for _, m, w in PRACTICE])
        self.events: list[tuple] = []
        self.assessments: list[Assessment] = []
        self.plans: list[dict] = []
        self.reports: list[dict] = []
        self.orders: list[dict] = []
        self.seq = 0
        self.year_gone: float | None = None  # the demo's year (tables.STORY), once the order's start is drawn

    def rate(self, rule: str) -> float:
        """The rule's shortfall rate for this case: its demo_rate, scaled by the case's
        practice and (in the demo's year) by how far into the year the case began."""
        rate = RATES[rule] * self.quality
        return rate * story_factor(rule, self.year_gone) if self.year_gone is not None else rate

    # -- helpers ---------------------------------------------------------------------
    def short(self, rule: str) -> bool:
        return self.rng.random() < min(0.95, self.rate(rule))

    def event(self, d: date, etype: str, by: str | None, detail: str, **extra) -> None:
        if d > self.limit:
            return
        self.seq += 1
        self.events.append((d, self.seq, {"type": etype, "date": iso(d), "by": by, "detail": detail, **extra}))

    def author_on(self, d: date) -> Member:
        return self.previous_cm if self.transfer_date and d < self.transfer_date else self.cm

    def render(self, phrase, **overrides) -> str:
        if overrides:
            return phrase.render(self.rng, {**self.ctx, **overrides})
        return phrase.render(self.rng, self.ctx)

    # -- the case --------------------------------------------------------------------
    def build(self) -> dict:
        rng = self.rng
        gen = self.gen
        if self.example is not None:
            return example_document(
                self.example,
                case_id=f"{gen.service['code']}-{self.number + 1:06d}",
                number=self.number,
                gen_seed=gen.seed,
                gen_n=gen.n,
                staffing=gen.staffing,
                as_of=gen.as_of,
                fmt=gen.fmt,
            )
        st = self.staffing
        self.child = child_identity(gen.seed, self.number)
        self.cm = st.case_managers[st.case_manager_index(self.number)]
        self.tm = st.manager_of(self.cm)
        team = st.team_cms[st.team_of_cm[st.case_manager_index(self.number)]]

        otype = weighted(rng, [(t, w) for t, (w, _) in ORDERS.items()])
        self.otype = otype
        months = rng.choice(ORDERS[otype][1])
        closed = rng.random() < gen.closed_share
        length_days = (add_months(self.as_of, months) - self.as_of).days
        if closed:
            elapsed = length_days + rng.randint(30, 160)
        else:
            elapsed = rng.randint(2, max(3, min(length_days - 5, 560)))
        start = back_to_weekday(self.as_of - timedelta(days=elapsed))
        end = add_months(start, months)
        self.start = start
        if gen.story:
            year_start = add_months(self.as_of, -STORY_MONTHS)
            self.year_gone = (start - year_start).days / (self.as_of - year_start).days
        self.limit = self.as_of
        if closed:
            if end >= self.as_of:
                end = back_to_weekday(self.as_of - timedelta(days=rng.randint(5, 30)))
            # Closed two to four weeks after the order ended: time for the last countersignatures.
            self.limit = min(back_to_weekday(self.as_of), add_wd(end, rng.randint(12, 20)))
        self.closed = closed
        self.end = end

        # The child.
        age = weighted(rng, AGES)
        dob = self.as_of - timedelta(days=365 * age + (age + 2) // 4 + rng.randint(1, 360))
        tenth = date(dob.year + 10, dob.month, min(dob.day, 28))
        if tenth > start:
            dob = date(start.year - 10, start.month, min(start.day, 28)) - timedelta(days=rng.randint(1, 200))
        self.dob = dob
        sex = self.child.sex
        looked_after = rng.random() < 0.15
        carer_word = "foster carer" if looked_after else weighted(rng, T.CARERS)
        self.looked_after = looked_after
        pron = PRONOUNS[sex] if sex in ("male", "female") else PRONOUNS["they"]
        his = pron["his"]
        boys, girls, _ = N.ETHNICITIES[self.child.pool][2]
        sibling = rng.choice(boys if rng.random() < 0.5 else girls)
        cm_first = self.cm.first
        self.ctx = {
            "name": self.child.first,
            "full": self.child.full,
            **pron,
            "carer": f"{his} {carer_word}",
            "carer_cap": f"{pron['His']} {carer_word}",
            "carer_word": carer_word,
            "sibling": sibling,
            "sib_rel": rng.choice(T.SIBLING_RELATIONS),
            "school": rng.choice(T.SCHOOL_NAMES),
            "area": (area := rng.choice(T.AREAS)),
            "area_cap": area[0].upper() + area[1:],
            "substance": rng.choice(T.SUBSTANCES),
            "offence": rng.choice(T.OFFENCES),
            "hobby": rng.choice(T.HOBBIES),
            "course": rng.choice(T.COURSES),
            "cm": cm_first,
            "age": str((start - dob).days // 365),
            "health": rng.choice(T.HEALTH),
            "victim": rng.choice(T.VICTIMS),
            "curfew": rng.choice(("8pm", "9pm", "9.30pm", "10pm")),
            "order_word": ORDER_WORDS[otype],
            "rosh_word": "low",
            "band_word": "medium",
            "proposal": ORDER_WORDS[otype],
        }
        slcn = weighted(rng, (("identified", 25), ("not_identified", 75)))
        needs = sorted(rng.sample(T.DIVERSITY_NEEDS, rng.choice((1, 1, 2)))) if rng.random() < 0.4 else []
        learning_style = rng.choice(T.LEARNING_STYLES)
        if self.short("DIV-001"):
            if rng.random() < 0.5:
                learning_style = None
            else:
                slcn = "not_assessed"
        self.has_needs = slcn == "identified" or bool(needs)
        self.div_objective = not (self.has_needs and self.short("DIV-002"))
        social_worker = None
        if looked_after and not self.short("VUL-004"):
            social_worker = f"{rng.choice(N.STAFF_FIRST)} {rng.choice(N.STAFF_SURNAMES)} (children's social care)"
        elif not looked_after and rng.random() < 0.12:
            social_worker = f"{rng.choice(N.STAFF_FIRST)} {rng.choice(N.STAFF_SURNAMES)} (child in need)"
        child = {
            "name": self.child.name,
            "dob": iso(dob),
            "sex": sex,
            "ethnicity": self.child.ethnicity,
            "looked_after": looked_after,
            "social_worker": social_worker,
            "diversity": {"learning_style": learning_style, "slcn": slcn, "needs": needs},
        }

        # Transfers between case managers of one team.
        self.previous_cm = self.cm
        self.transfer_date = None
        others = [c for c in team if st.case_managers[c] is not self.cm]
        if others and elapsed > 70 and rng.random() < 0.08:
            self.previous_cm = st.case_managers[rng.choice(others)]
            self.transfer_date = add_wd(
                start, rng.randint(25, max(26, (min(self.limit, self.as_of) - start).days * 5 // 7 - 10))
            )
            if self.transfer_date > self.limit:
                self.transfer_date = None
                self.previous_cm = self.cm

        # Likelihood, RoSH and vulnerability profile.
        band = weighted(rng, (("low", 30), ("medium", 45), ("high", 25)))
        if otype in CUSTODIAL and band == "low":
            band = "medium"
        rosh = weighted(
            rng,
            {
                "low": (("low", 80), ("medium", 18), ("high", 2)),
                "medium": (("low", 50), ("medium", 42), ("high", 8)),
                "high": (("low", 25), ("medium", 50), ("high", 22), ("very_high", 3)),
            }[band],
        )
        if otype in CUSTODIAL and rosh == "low" and rng.random() < 0.6:
            rosh = "medium"
        vuln = weighted(
            rng,
            (("low", 38), ("medium", 45), ("high", 15), ("very_high", 2))
            if not looked_after
            else (("low", 10), ("medium", 50), ("high", 35), ("very_high", 5)),
        )
        self.profile = (band, rosh, vuln)

        # Orders.
        if rng.random() < 0.25 and otype in STATUTORY:
            pstart = back_to_weekday(start - timedelta(days=rng.randint(120, 700)))
            if pstart > date(dob.year + 10, dob.month, min(dob.day, 28)):
                ptype = rng.choice(("youth_caution", "youth_caution", "youth_conditional_caution"))
                self.orders.append(
                    {
                        "id": "O1",
                        "type": ptype,
                        "court_date": iso(pstart),
                        "start": iso(pstart),
                        "end": iso(pstart + timedelta(days=84)),
                        "custody_considered": False,
                        "custody_release": None,
                    }
                )
        self.order_id = f"O{len(self.orders) + 1}"
        custody_considered = (
            otype in CUSTODIAL
            or (otype == "youth_rehabilitation_order" and rng.random() < 0.3)
            or (otype == "referral_order" and rng.random() < 0.02)
        )
        release = add_wd(add_months(start, max(1, months // 2)), 0) if otype in CUSTODIAL else None
        self.release = release
        self.orders.append(
            {
                "id": self.order_id,
                "type": otype,
                "court_date": iso(start),
                "start": iso(start),
                "end": iso(end),
                "custody_considered": custody_considered,
                "custody_release": iso(release),
            }
        )

        self.reports_and_presentence(custody_considered)
        self.assessment_timeline()
        self.plan_everything()
        if otype == "referral_order":
            self.panels()
        self.contacts()
        self.compliance()
        self.management()
        if self.closed:
            self.event(self.limit, "closed", self.cm.id, self.render(rng.choice(T.CLOSED_DETAIL)))

        self.events.sort(key=lambda e: (e[0], e[1]))
        events = []
        for n, (_, _, e) in enumerate(self.events, 1):
            events.append({"id": f"E{n}", **e})
        self.assessments.sort(key=lambda a: (a.date, a.id))
        self.plans.sort(key=lambda p: (p["date"], p["id"]))
        document = {
            "id": f"{gen.service['code']}-{self.number + 1:06d}",
            "child": child,
            "case_manager": self.cm.id,
            "orders": self.orders,
            "reports": self.reports,
            "assessments": [a.document() for a in self.assessments],
            "plans": self.plans,
            "events": events,
        }
        if self.short("LOR-005"):
            self.lor005_intrusion(document)
        if gen.fmt == FORMAT:
            self.today(document)  # format 2: today's record, from a random stream of its own
        return document

    def lor005_intrusion(self, document: dict) -> None:
        """Seeded LOR-005: one evidence text written about another child of the service,
        as when a case manager starts from another child's assessment."""
        n, seed, number = self.gen.n, self.gen.seed, self.number
        if n < 2:
            return
        rng = random.Random(f"{seed}:{number}:lor005")
        assessments = [a for a in document["assessments"] if a["stage"] in ("start", "review", "transfer")]
        if not assessments:
            return
        me = child_identity(seed, number)
        for _ in range(20):
            other_number = (number + 1 + rng.randrange(min(n - 1, 200))) % n
            other = child_identity(seed, other_number)
            if other.full != me.full:
                break
        else:
            return
        target = rng.choice(assessments)
        section = rng.choice(SECTIONS)
        pron = PRONOUNS[other.sex] if other.sex in ("male", "female") else PRONOUNS["they"]
        tier = T.EVIDENCE[section][rng.choice(("mid", "high"))]
        text = tier[rng.randrange(len(tier))].render(
            rng,
            {**self.ctx, **pron, "name": other.full, "carer": f"{pron['his']} mum", "carer_cap": f"{pron['His']} mum"},
        )
        if not text.startswith(other.full):
            text = f"{other.full}: {text}"
        target["likelihood"]["evidence"][section] = text
