"""The synthetic caseload of a youth offending service, in the interchange format.

`write_caseload(out, cases=N, seed=S, as_of=D)` writes one interchange document
(docs: shared case-format, version 1) case by case, so memory stays constant however many
cases are asked for. The same arguments give the same bytes: every case draws from its
own `random.Random` seeded by (seed, case number), nothing reads the clock, and nothing
iterates a set. The as-of date (default 17 June 2013, the first day of the inspection
fieldwork the project starts from) is the "today" of the caseload: no record is dated
after it, open orders are open on it, and deadlines not yet reached on it are left as
work in progress rather than shortfalls.

Practice is realistic rather than perfect. Each case draws a practice quality (a tenth
are faultless, the rest good, typical or weak) that scales a table of shortfall rates
taken from the 2013 Short Quality Screening (RATES below: about half of initial
assessments not good enough, reviews copied, medium risk of harm without a full
assessment, late referral order panels, plans without SMART objectives, missing
countersignatures ...). So that a small demo shows every rule of the rulebook, a fixed
set of early cases (SHOWCASE) each carries one named shortfall on a case shaped for it.
"""
from __future__ import annotations

import bisect
import functools
import json
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import BinaryIO, Iterator

from casequality.demo import names as N
from casequality.demo import texts as T
from casequality.demo.phrases import pick_sentences

try:  # the similarity the rulebook uses for LOR-004; only a guard against accidental copies
    from rapidfuzz.distance import Indel as _Indel
except ImportError:  # pragma: no cover - rapidfuzz is a dependency
    _Indel = None

FORMAT = "casequality/1"
DEFAULT_AS_OF = date(2013, 6, 17)
DEFAULT_SEED = 2013
DEFAULT_SERVICE = {"code": "DEMO", "name": "Demo Youth Offending Service (synthetic data)"}
SECTIONS = T.SECTIONS
LEVELS = ("low", "medium", "high", "very_high")
LEVEL_RANK = {level: n for n, level in enumerate(LEVELS)}

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
STATUTORY = ("referral_order", "youth_rehabilitation_order", "detention_and_training_order", "long_term_detention")
CUSTODIAL = ("detention_and_training_order", "long_term_detention")
COMMUNITY = ("referral_order", "youth_rehabilitation_order")
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


# --- dates ----------------------------------------------------------------------------
DAY = timedelta(days=1)


def add_wd(d: date, n: int) -> date:
    """`n` weekdays after `d` (a weekend `d` first moves to Monday). Bank holidays only
    make real working-day deadlines later, so a date within n weekdays is within n
    working days."""
    wd = d.weekday()
    if wd >= 5:
        d += timedelta(days=7 - wd)
        wd = 0
    weeks, rem = divmod(n, 5)
    if wd + rem >= 5:
        rem += 2
    return d + timedelta(days=7 * weeks + rem)


def back_to_weekday(d: date) -> date:
    wd = d.weekday()
    return d - timedelta(days=wd - 4) if wd >= 5 else d


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    days = (date(year + month // 12, month % 12 + 1, 1) - DAY).day
    return date(year, month, min(d.day, days))


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


@functools.lru_cache(maxsize=4096)
def month_weekdays(first: date) -> list[date]:
    """Monday to Friday of the month starting on `first` (a cached list: do not change it)."""
    days = []
    d = first
    while d.month == first.month:
        if d.weekday() < 5:
            days.append(d)
        d += DAY
    return days


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def band_of(total: int) -> str:
    return "low" if total <= 14 else "medium" if total <= 32 else "high"


def weighted(rng: random.Random, pairs) -> object:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


# --- staff ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str
    team: str | None
    manager: str | None

    def document(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "team": self.team, "manager": self.manager}

    @property
    def first(self) -> str:
        return self.name.split()[0]


class Staffing:
    """The service's staff for `n_cases` cases: about 13.5 cases per case manager, teams of
    about six case managers with a team manager, a QA lead per 20 teams, two inspectors, a
    board member and an administrator. Cases are spread over case managers by a fixed
    permutation, so the case manager of case i is known without generating other cases."""

    def __init__(self, seed: int, n_cases: int):
        rng = random.Random(f"{seed}:staff")
        capacities: list[int] = []
        target = max(1, math.ceil(n_cases * 1.04))
        while sum(capacities) < target or len(capacities) < 2:
            capacities.append(rng.choice((6, 8)) if rng.random() < 0.1 else rng.randint(11, 16))
        n_cm = len(capacities)
        n_teams = max(1, round(n_cm / 6))
        used: set[str] = set()

        def person() -> str:
            while True:
                name = f"{rng.choice(N.STAFF_FIRST)} {rng.choice(N.STAFF_SURNAMES)}"
                if name not in used or len(used) > 40000:
                    used.add(name)
                    return name

        self.members: list[Member] = []
        self.case_managers: list[Member] = []
        self.team_of_cm: list[int] = []
        self.team_cms: list[list[int]] = []
        self.by_id: dict[str, Member] = {}
        number = 0

        def add(name: str, role: str, team: str | None, manager: str | None) -> Member:
            nonlocal number
            number += 1
            member = Member(f"S{number}", name, role, team, manager)
            self.members.append(member)
            self.by_id[member.id] = member
            return member

        areas = N.TEAM_AREAS
        for t in range(n_teams):
            team = areas[t % len(areas)] if t < len(areas) else f"{areas[t % len(areas)]} {t // len(areas) + 1}"
            tm = add(person(), "team_manager", team, None)
            cms = []
            for _ in range(t * n_cm // n_teams, (t + 1) * n_cm // n_teams):
                cms.append(len(self.case_managers))
                self.case_managers.append(add(person(), "case_manager", team, tm.id))
                self.team_of_cm.append(t)
            self.team_cms.append(cms)
        self.qa_leads = [add(person(), "qa_lead", None, None) for _ in range(max(1, n_teams // 20))]
        for _ in range(2):
            add(person(), "inspector", None, None)
        add(person(), "board", None, None)
        add(person(), "admin", None, None)

        self.cumulative: list[int] = []
        running = 0
        for c in capacities:
            running += c
            self.cumulative.append(running)
        self.total = running
        self.step = next(p for p in (7919, 104729, 1299709, 15485863) if math.gcd(p, self.total) == 1)
        self.offset = rng.randrange(self.total)

    def case_manager_index(self, case_number: int) -> int:
        slot = (case_number * self.step + self.offset) % self.total
        return bisect.bisect_right(self.cumulative, slot)

    def manager_of(self, member: Member) -> Member | None:
        return self.by_id.get(member.manager) if member.manager else None


# --- children -------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    name: str
    sex: str
    ethnicity: str
    pool: int  # index into N.ETHNICITIES

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def full(self) -> str:
        parts = self.name.split()
        return f"{parts[0]} {parts[-1]}"


def child_identity(seed: int, number: int) -> Identity:
    """The child of case `number`: from its own random stream, so another case can name it."""
    rng = random.Random(f"{seed}:{number}:child")
    sex = weighted(rng, (("male", 800), ("female", 180), ("not_known", 15), ("other", 5)))
    pool = weighted(rng, [(k, w) for k, (_, w, _) in enumerate(N.ETHNICITIES)])
    ethnicity, _, (boys, girls, surnames) = N.ETHNICITIES[pool]
    firsts = girls if sex == "female" or (sex in ("other", "not_known") and rng.random() < 0.5) else boys
    first = rng.choice(firsts)
    surname = rng.choice(surnames)
    if rng.random() < 0.04:
        surname = f"{surname}-{rng.choice(surnames)}" if rng.random() < 0.5 else surname
    middle = f" {rng.choice(firsts)}" if rng.random() < 0.06 else ""
    return Identity(f"{first}{middle} {surname}", sex, ethnicity, pool)


PRONOUNS = {
    "male": dict(he="he", He="He", him="him", his="his", His="His", s="s", es="es", has="has", was="was", does="does"),
    "female": dict(he="she", He="She", him="her", his="her", His="Her", s="s", es="es", has="has", was="was", does="does"),
    "they": dict(he="they", He="They", him="them", his="their", His="Their", s="", es="", has="have", was="were", does="do"),
}
PRONOUNS["male"]["is"] = PRONOUNS["female"]["is"] = "is"
PRONOUNS["they"]["is"] = "are"


# --- one case -------------------------------------------------------------------------
class Assessment:
    __slots__ = ("id", "date", "stage", "author", "instrument", "scores", "static", "band", "recorded_band",
                 "evidence", "rosh_level", "screening", "full", "vuln_level", "vuln_evidence", "other_agency",
                 "barriers", "views", "parent", "countersigned", "norm")

    def normalised(self) -> str:
        """Its texts as LOR-004 compares them (lower case, white space folded), computed once."""
        if self.norm is None:
            self.norm = _norm(self.texts())
        return self.norm

    def document(self) -> dict:
        likelihood: dict = {"band": self.recorded_band}
        if self.instrument == "asset":
            likelihood["scores"] = dict(zip(SECTIONS, self.scores))
            likelihood["static_score"] = self.static
        likelihood["evidence"] = self.evidence
        return {
            "id": self.id, "date": iso(self.date), "author": self.author, "stage": self.stage,
            "instrument": self.instrument, "likelihood": likelihood,
            "rosh": {"screening": self.screening, "full": self.full, "level": self.rosh_level},
            "vulnerability": {"level": self.vuln_level, "evidence": self.vuln_evidence,
                              "other_agency_information_used": self.other_agency},
            "diversity_barriers": self.barriers, "child_views": self.views,
            "parent_contributed": self.parent, "countersigned": self.countersigned,
        }

    def texts(self) -> str:
        parts = list(self.evidence.values())
        if self.full:
            parts.extend(v for k, v in self.full.items() if k != "date")
        parts.append(self.vuln_evidence)
        return " ".join(parts)


SCREENING_KEYS = ("harm_related_behaviour", "current_offence", "other_behaviour", "concern_from_others", "intuitive_feelings")
FULL_KEYS = ("nature_of_harm", "who_at_risk", "victims", "imminence", "risk_factors", "protective_factors")


class CaseBuilder:
    """Builds case number `number`: all of its randomness comes from (seed, number)."""

    def __init__(self, gen: "Generator", number: int):
        self.gen = gen
        self.staffing = gen.staffing
        self.as_of = gen.as_of
        self.number = number
        self.rng = random.Random(f"{gen.seed}:{number}")
        k = number - SHOWCASE_OFFSET
        show = SHOWCASE[k // SHOWCASE_EVERY] if k >= 0 and k % SHOWCASE_EVERY == 0 and k // SHOWCASE_EVERY < len(SHOWCASE) else None
        self.force = {show[0]} if show else set()
        self.shape = dict(show[1]) if show else {}
        # A showcase case must be able to show its rule: CMP-003 needs the two warnings.
        self.suppress = {"CMP-001"} if self.force == {"CMP-003"} else set()
        if show:
            self.quality = 1.0
        else:
            self.quality = weighted(self.rng, [(m, w) for _, m, w in PRACTICE])
        self.events: list[tuple] = []
        self.assessments: list[Assessment] = []
        self.plans: list[dict] = []
        self.reports: list[dict] = []
        self.orders: list[dict] = []
        self.seq = 0

    # -- helpers ---------------------------------------------------------------------
    def short(self, rule: str) -> bool:
        if rule in self.force:
            return True
        if rule in self.suppress:
            return False
        return self.rng.random() < min(0.95, RATES[rule] * self.quality)

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
        st = self.staffing
        self.child = child_identity(gen.seed, self.number)
        self.cm = st.case_managers[st.case_manager_index(self.number)]
        self.tm = st.manager_of(self.cm)
        team = st.team_cms[st.team_of_cm[st.case_manager_index(self.number)]]

        otype = self.shape.get("order") or weighted(rng, [(t, w) for t, (w, _) in ORDERS.items()])
        self.otype = otype
        months = self.shape.get("length") or rng.choice(ORDERS[otype][1])
        if self.shape and "length" not in self.shape and otype in COMMUNITY:
            months = max(months, 9)
        closed = not self.shape and rng.random() < gen.closed_share
        length_days = (add_months(self.as_of, months) - self.as_of).days
        if closed:
            elapsed = length_days + rng.randint(30, 160)
        elif "elapsed" in self.shape:
            lo, hi = self.shape["elapsed"]
            elapsed = rng.randint(lo, min(hi, max(lo, length_days - 5)))
        else:
            elapsed = rng.randint(2, max(3, min(length_days - 5, 560)))
        if self.shape and "elapsed" not in self.shape:
            elapsed = max(elapsed, rng.randint(110, 200))
            elapsed = min(elapsed, length_days - 5) if length_days > 120 else elapsed
        start = back_to_weekday(self.as_of - timedelta(days=elapsed))
        end = add_months(start, months)
        self.start = start
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
        looked_after = self.shape.get("looked_after") or rng.random() < 0.15
        carer_word = "foster carer" if looked_after else weighted(rng, T.CARERS)
        self.looked_after = looked_after
        pron = PRONOUNS[sex] if sex in ("male", "female") else PRONOUNS["they"]
        his = pron["his"]
        boys, girls, _ = N.ETHNICITIES[self.child.pool][2]
        sibling = rng.choice(boys if rng.random() < 0.5 else girls)
        cm_first = self.cm.first
        self.ctx = {
            "name": self.child.first, "full": self.child.full, **pron,
            "carer": f"{his} {carer_word}", "carer_cap": f"{pron['His']} {carer_word}", "carer_word": carer_word,
            "sibling": sibling, "sib_rel": rng.choice(T.SIBLING_RELATIONS), "school": rng.choice(T.SCHOOL_NAMES),
            "area": (area := rng.choice(T.AREAS)), "area_cap": area[0].upper() + area[1:],
            "substance": rng.choice(T.SUBSTANCES), "offence": rng.choice(T.OFFENCES), "hobby": rng.choice(T.HOBBIES),
            "course": rng.choice(T.COURSES), "cm": cm_first, "age": str((start - dob).days // 365),
            "health": rng.choice(T.HEALTH), "victim": rng.choice(T.VICTIMS),
            "curfew": rng.choice(("8pm", "9pm", "9.30pm", "10pm")), "order_word": ORDER_WORDS[otype],
            "rosh_word": "low", "band_word": "medium", "proposal": ORDER_WORDS[otype],
        }
        needs_forced = self.shape.get("needs")
        slcn = weighted(rng, (("identified", 25), ("not_identified", 75)))
        needs = sorted(rng.sample(T.DIVERSITY_NEEDS, rng.choice((1, 1, 2)))) if needs_forced or rng.random() < 0.4 else []
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
            "name": self.child.name, "dob": iso(dob), "sex": sex, "ethnicity": self.child.ethnicity,
            "looked_after": looked_after, "social_worker": social_worker,
            "diversity": {"learning_style": learning_style, "slcn": slcn, "needs": needs},
        }

        # Transfers between case managers of one team.
        self.previous_cm = self.cm
        self.transfer_date = None
        others = [c for c in team if st.case_managers[c] is not self.cm]
        if others and elapsed > 70 and not self.shape and rng.random() < 0.08:
            self.previous_cm = st.case_managers[rng.choice(others)]
            self.transfer_date = add_wd(start, rng.randint(25, max(26, (min(self.limit, self.as_of) - start).days * 5 // 7 - 10)))
            if self.transfer_date > self.limit:
                self.transfer_date = None
                self.previous_cm = self.cm

        # Likelihood, RoSH and vulnerability profile.
        band = self.shape.get("band") or weighted(rng, (("low", 30), ("medium", 45), ("high", 25)))
        if otype in CUSTODIAL and band == "low":
            band = "medium"
        rosh = self.shape.get("rosh") or weighted(rng, {
            "low": (("low", 80), ("medium", 18), ("high", 2)),
            "medium": (("low", 50), ("medium", 42), ("high", 8)),
            "high": (("low", 25), ("medium", 50), ("high", 22), ("very_high", 3)),
        }[band])
        if otype in CUSTODIAL and rosh == "low" and rng.random() < 0.6:
            rosh = "medium"
        vuln = self.shape.get("vulnerability") or weighted(
            rng, (("low", 38), ("medium", 45), ("high", 15), ("very_high", 2)) if not looked_after
            else (("low", 10), ("medium", 50), ("high", 35), ("very_high", 5)))
        self.profile = (band, rosh, vuln)

        # Orders.
        if rng.random() < 0.25 and otype in STATUTORY:
            pstart = back_to_weekday(start - timedelta(days=rng.randint(120, 700)))
            if pstart > date(dob.year + 10, dob.month, min(dob.day, 28)):
                ptype = rng.choice(("youth_caution", "youth_caution", "youth_conditional_caution"))
                self.orders.append({"id": "O1", "type": ptype, "court_date": iso(pstart), "start": iso(pstart),
                                    "end": iso(pstart + timedelta(days=84)), "custody_considered": False,
                                    "custody_release": None})
        self.order_id = f"O{len(self.orders) + 1}"
        custody_considered = otype in CUSTODIAL or bool(self.shape.get("custody_considered")) or (
            otype == "youth_rehabilitation_order" and rng.random() < 0.3) or (otype == "referral_order" and rng.random() < 0.02)
        release = add_wd(add_months(start, max(1, months // 2)), 0) if otype in CUSTODIAL else None
        self.release = release
        self.orders.append({
            "id": self.order_id, "type": otype, "court_date": iso(start), "start": iso(start),
            "end": iso(end), "custody_considered": custody_considered, "custody_release": iso(release),
        })

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
            gen.lor005_intrusion(document, self)
        return document

    # -- reports ---------------------------------------------------------------------
    def reports_and_presentence(self, custody_considered: bool) -> None:
        rng, otype, start = self.rng, self.otype, self.start
        st = self.staffing
        if "psr" in self.shape:
            requested = self.shape["psr"]
        else:
            share = {"referral_order": 0.1, "youth_rehabilitation_order": 0.8 if custody_considered else 0.7,
                     "detention_and_training_order": 0.95, "long_term_detention": 1.0}.get(otype, 0.0)
            requested = rng.random() < share
        self.psr_writer = None
        self.presentence = None
        if requested:
            writer = self.cm if rng.random() < 0.5 else st.case_managers[rng.randrange(len(st.case_managers))]
            self.psr_writer = writer
            d = back_to_weekday(start - timedelta(days=rng.randint(3, 18)))
            pre = self.new_assessment(d, "pre_sentence", writer, initial=True)
            self.presentence = pre
            self.ctx["rosh_word"] = pre.rosh_level.replace("_", " ")
            self.ctx["band_word"] = pre.recorded_band
            discussed_child = discussed_parent = True
            if self.short("PSR-002"):
                if rng.random() < 0.5:
                    discussed_parent = False
                else:
                    discussed_child = False
            self.reports.append({
                "id": f"R{len(self.reports) + 1}", "type": "pre_sentence_report", "order": self.order_id,
                "requested": True, "not_requested_reason": None, "yos_challenged": None,
                "date": iso(d), "author": writer.id,
                "text": " ".join(self.render(p, cm=writer.first) for p in T.PSR),
                "discussed_with_child": discussed_child, "discussed_with_parent": discussed_parent,
            })
        elif custody_considered:
            if self.short("PSR-001"):
                if rng.random() < 0.5:
                    return  # nothing recorded at all
                reason, challenged = None, (rng.choice((True, False)) if rng.random() < 0.4 else None)
            else:
                reason = rng.choice((
                    "The court sentenced on the day on a stand-down report after the defence asked to proceed.",
                    "Magistrates declined an adjournment for a report; the YOS court officer gave an oral update.",
                    "The court had a recent pre-sentence report from three months earlier and did not order a new one.",
                ))
                challenged = rng.random() < 0.6
            self.reports.append({
                "id": f"R{len(self.reports) + 1}", "type": "pre_sentence_report", "order": self.order_id,
                "requested": False, "not_requested_reason": reason, "yos_challenged": challenged,
                "date": None, "author": None, "text": None,
                "discussed_with_child": False, "discussed_with_parent": False,
            })

    # -- assessments -----------------------------------------------------------------
    def new_assessment(self, d: date, stage: str, author: Member, *, initial: bool = False,
                       previous: Assessment | None = None) -> Assessment:
        rng = self.rng
        a = Assessment()
        a.norm = None
        a.id = f"A{len(self.assessments) + 1}"
        a.date, a.stage, a.author = d, stage, author.id
        a.instrument = "asset" if self.otype != "youth_caution" or rng.random() < 0.5 else "other"
        band, rosh, vuln = self.profile
        self.ctx["cm"] = author.first
        copy = previous is not None and stage == "review" and self.short("LOR-004")
        if initial or previous is None:
            a.scores, a.static = self.initial_scores(band)
            a.rosh_level, a.vuln_level = rosh, vuln
        elif copy:
            a.scores, a.static = list(previous.scores), previous.static
            a.rosh_level, a.vuln_level = previous.rosh_level, previous.vuln_level
        else:
            a.scores = [min(4, max(0, s + (1 if r < 0.07 else -1 if r < 0.16 else 0)))
                        for s, r in zip(previous.scores, (rng.random() for _ in SECTIONS))]
            a.static = min(16, previous.static + (1 if rng.random() < 0.1 else 0))
            a.rosh_level = self.drift(previous.rosh_level)
            a.vuln_level = self.drift(previous.vuln_level)
        if "rosh" in self.shape:
            a.rosh_level = self.shape["rosh"]
        if "vulnerability" in self.shape:
            a.vuln_level = self.shape["vulnerability"]
        thin = (not copy and a.instrument == "asset" and self.short("LOR-003")
                and (max(a.scores) >= 2 or "LOR-003" in self.force))
        if thin and max(a.scores) < 2:
            a.scores[a.scores.index(max(a.scores))] = 2
        a.band = band_of(sum(a.scores) + a.static)
        a.recorded_band = a.band
        if self.short("LOR-002"):
            a.recorded_band = {"low": "medium", "medium": rng.choice(("low", "high")), "high": "medium"}[a.band]
        if a.instrument != "asset":
            a.recorded_band = a.band

        if copy:
            a.evidence = dict(previous.evidence)
            section = SECTIONS[rng.randrange(12)]
            a.evidence[section] = a.evidence[section] + " No change since the last review."
        else:
            a.evidence = self.evidence(a.scores)
        if thin:
            candidates = [s for s, sc in zip(SECTIONS, a.scores) if sc >= 2]
            for s in rng.sample(candidates, min(len(candidates), rng.choice((1, 1, 2, 3)))):
                a.evidence[s] = self.render(rng.choice(T.THIN_EVIDENCE))

        # Risk of serious harm to others.
        a.screening = {k: False for k in SCREENING_KEYS}
        a.full = None
        if copy:
            a.screening = dict(previous.screening)
            if previous.full:
                a.full = dict(previous.full)
                a.full["date"] = iso(d)
        elif LEVEL_RANK[a.rosh_level] >= 1:
            if a.rosh_level == "medium" and self.short("ROSH-002"):
                pass  # classified medium, no indicator ticked, no full assessment (SQS 2.4)
            else:
                for k in rng.sample(SCREENING_KEYS, rng.randint(1, 3)):
                    a.screening[k] = True
                a.full = self.full_rosh(d, low=False)
        else:
            if self.short("ROSH-001"):
                a.screening[rng.choice(("intuitive_feelings", "concern_from_others", "other_behaviour"))] = True
                late = add_wd(d, rng.randint(16, 30))
                if rng.random() < 0.4 and late <= self.limit:
                    a.full = self.full_rosh(late, low=True)
            elif rng.random() < 0.15:
                a.screening[rng.choice(SCREENING_KEYS)] = True
                a.full = self.full_rosh(d, low=True)

        # Vulnerability.
        thin_vuln = stage == "start" and self.short("VUL-001")
        if copy:
            a.vuln_evidence = previous.vuln_evidence
        elif thin_vuln:
            a.vuln_evidence = self.render(self.rng.choice(T.THIN_VULNERABILITY))
        else:
            a.vuln_evidence = self.render(rng.choice(T.VULNERABILITY[a.vuln_level]))
        if LEVEL_RANK[a.vuln_level] >= 1:
            a.other_agency = not self.short("VUL-003")
        else:
            a.other_agency = rng.random() < 0.5

        if not copy and previous is not None and _Indel is not None:
            # Fresh texts of one child can come close to the last ones by chance (about 1 in
            # 200 above 0.85); write them afresh, so only the seeded copies reach LOR-004's 0.90.
            before = previous.normalised()
            for _ in range(3):
                if not _Indel.normalized_similarity(a.normalised(), before, score_cutoff=0.8):
                    break
                a.evidence = self.evidence(a.scores)
                a.norm = None

        a.barriers = self.render(rng.choice(T.DIVERSITY_BARRIERS[:1] + T.DIVERSITY_BARRIERS[2:])
                                 if self.has_needs else rng.choice(T.DIVERSITY_BARRIERS))
        if stage == "start":
            a.views = None if self.short("ENG-001") else self.render(rng.choice(T.CHILD_VIEWS))
            a.parent = not self.short("ENG-002")
        else:
            a.views = self.render(rng.choice(T.CHILD_VIEWS)) if rng.random() < 0.7 else None
            a.parent = rng.random() < 0.75
        needs_oversight = LEVEL_RANK[a.rosh_level] >= 1 or LEVEL_RANK[a.vuln_level] >= 1 or a.full is not None
        a.countersigned = self.oversee(a.id, d, author, needs_oversight or bool(self.shape.get("countersign")))
        self.assessments.append(a)
        return a

    def drift(self, level: str) -> str:
        r = self.rng.random()
        n = LEVEL_RANK[level]
        if r < 0.08 and n < 3:
            n += 1
        elif r < 0.18 and n > 0:
            n -= 1
        return LEVELS[n]

    def initial_scores(self, band: str) -> tuple[list[int], int]:
        rng = self.rng
        total = {"low": rng.randint(3, 14), "medium": rng.randint(15, 32), "high": rng.randint(33, 50)}[band]
        static = min(16, max(0, round(total * rng.uniform(0.15, 0.3))))
        remaining = total - static
        weights = [rng.random() ** 2 + 0.05 for _ in SECTIONS]
        scores = [0] * 12
        while remaining > 0:
            open_ = [k for k in range(12) if scores[k] < 4]
            k = rng.choices(open_, [weights[j] for j in open_])[0]
            scores[k] += 1
            remaining -= 1
        return scores, static

    def evidence(self, scores: list[int]) -> dict:
        rng = self.rng
        out = {}
        for section, score in zip(SECTIONS, scores):
            if score == 0:
                text = self.render(T.NO_CONCERN[int(rng.random() * len(T.NO_CONCERN))])
            else:
                tier = T.EVIDENCE[section]["low" if score == 1 else "mid" if score == 2 else "high"]
                text = pick_sentences(rng, tier, 1 if score == 1 else 2, self.ctx)
                if score >= 2 and words(text) < 18:
                    text += " " + pick_sentences(rng, T.EVIDENCE[section]["mid"], 1, self.ctx)
            out[section] = text
        return out

    def full_rosh(self, d: date, *, low: bool) -> dict:
        rng = self.rng
        full = {"date": iso(d)}
        for key in FULL_KEYS:
            phrases = T.LOW_ROSH_FULL_NATURE if (low and key == "nature_of_harm") else T.FULL_ROSH[key]
            full[key] = self.render(rng.choice(phrases))
        if self.short("ROSH-003"):
            full[rng.choice(FULL_KEYS[:3])] = self.render(rng.choice(T.THIN_ROSH))
        return full

    def assessment_timeline(self) -> None:
        """Start assessment after a first contact, reviews every 10-12 weeks and after each
        significant change, a transfer assessment, an end assessment for closed cases."""
        rng, start, otype = self.rng, self.start, self.otype
        limit = self.limit
        custodial = otype in CUSTODIAL
        statutory = otype in STATUTORY
        # First contact, and the start assessment.
        last_day = back_to_weekday(limit)
        self.first_contact = min(last_day, add_wd(start, rng.randint(0, 3)))
        due = 20 if otype == "referral_order" else 15
        if self.short("REV-003") and otype != "youth_caution" and add_wd(start, 2) <= last_day:
            start_date = start
            self.first_contact = min(last_day, add_wd(start, rng.randint(2, 5)))
        else:
            # A case has its start assessment by the as-of date (REV-002 judges the state on it).
            start_date = min(last_day, add_wd(self.first_contact, rng.randint(0, 4)))
        if self.presentence is not None:
            self.event(start, "significant_change", self.cm.id, self.render(T.CHANGE_DETAIL["sentence_start"][0]),
                       kind="sentence_start")
            if start_date > start and self.short("REV-001"):
                start_date = add_wd(start, rng.randint(12, 14))  # late for the review after sentence
        elif statutory and self.short("LOR-001"):
            start_date = add_wd(start, due + rng.randint(8, 30))
            if rng.random() < 0.3:
                start_date = limit + DAY  # never done
        self.start_assessment = None
        previous = self.presentence
        if start_date <= limit:
            previous = self.start_assessment = self.new_assessment(start_date, "start", self.author_on(start_date),
                                                                  initial=previous is None, previous=previous)
        # Significant changes.
        changes: list[tuple[date, str]] = []
        span = (limit - start).days
        if custodial and self.release and self.release <= limit:
            changes.append((self.release, "release"))
        if span > 30:
            for kind, p in (("address", 0.12), ("care_status", 0.04), ("new_offence", 0.08), ("other", 0.04)):
                if self.shape.get("change") == kind or rng.random() < p:
                    lo = max(5, (20 if self.shape.get("change") != kind else min(span - 25, 60)) * 5 // 7)
                    hi = max(lo + 1, (span - 20) * 5 // 7)
                    changes.append((add_wd(start, rng.randint(lo, hi)), kind))
        changes = sorted(c for c in changes if c[0] <= limit)
        lapse = None
        if statutory and span > 110 and not self.closed and self.short("REV-002"):
            lapse = self.as_of - timedelta(days=rng.randint(100, min(span, 200)))
        self.changes = changes
        for cdate, kind in changes:
            self.event(cdate, "significant_change", self.cm.id if not self.transfer_date or cdate >= self.transfer_date
                       else self.previous_cm.id, self.render(rng.choice(T.CHANGE_DETAIL[kind])), kind=kind)
        # Walk forward.
        cursor = start_date if start_date <= limit else start
        pending = list(changes)
        transfer = self.transfer_date
        while True:
            nxt = back_to_weekday(cursor + timedelta(days=rng.randint(70, 82)))
            stage = "review"
            if pending and pending[0][0] <= nxt:
                cdate, kind = pending.pop(0)
                if cdate < cursor:
                    continue
                if self.short("REV-001") and kind != "release":
                    continue
                nxt = add_wd(cdate, rng.randint(1, 7))
            if transfer and transfer <= cursor:
                transfer = None
            if transfer and transfer <= nxt:
                nxt = add_wd(transfer, rng.randint(2, 8))
                stage = "transfer"
                transfer = None
            if nxt > limit or (lapse and nxt > lapse):
                break
            if self.closed and nxt > self.end:
                break
            previous = self.new_assessment(nxt, stage, self.author_on(nxt), previous=previous)
            cursor = nxt
        if self.closed and previous is not None:
            d = back_to_weekday(self.end)
            if d > previous.date:
                self.new_assessment(d, "end", self.author_on(d), previous=previous)

    # -- plans -----------------------------------------------------------------------
    def objective(self, address: str, plan_date: date, vague: bool = False) -> dict:
        rng = self.rng
        if vague:
            text = self.render(rng.choice(T.VAGUE_OBJECTIVES))
            by = None if rng.random() < 0.6 else iso(plan_date + timedelta(weeks=rng.randint(4, 16)))
            who = None if rng.random() < 0.6 else self.render(rng.choice(T.OBJECTIVE_WHO))
            if by and who:
                who = None
        else:
            text = self.render(rng.choice(T.OBJECTIVES[address]))
            by = iso(plan_date + timedelta(weeks=rng.randint(4, 16)))
            who = self.render(rng.choice(T.OBJECTIVE_WHO))
        return {"text": text, "addresses": [address], "by": by, "who": who}

    def add_plan(self, ptype: str, d: date, author: Member, a: Assessment | None, objectives: list, *,
                 phases=(), contingency=None, child_version=None, agreed=(True, True), review_months=3,
                 oversight: bool = False) -> dict | None:
        if d > self.limit:
            return None
        pid = f"P{len(self.plans) + 1}"
        plan = {
            "id": pid, "date": iso(d), "author": author.id, "type": ptype,
            "assessment": a.id if a is not None else None, "objectives": objectives, "phases": list(phases),
            "contingency": contingency, "agreed_with_child": agreed[0], "agreed_with_parent": agreed[1],
            "child_version": child_version, "countersigned": None,
            "review_by": iso(add_months(d, review_months)) if review_months else None,
        }
        plan["countersigned"] = self.oversee(pid, d, author, oversight)
        self.plans.append(plan)
        return plan

    def plan_everything(self) -> None:
        rng = self.rng
        otype = self.otype
        first_intervention_done = False
        for a in list(self.assessments):
            author = self.staffing.by_id[a.author]
            d0 = a.date
            # Intervention plans: after the start assessment (community and out-of-court), after
            # most reviews, and for the community part of a custodial sentence after release.
            wants_intervention = False
            if a.stage == "start" and otype not in CUSTODIAL:
                wants_intervention = True
            elif a.stage in ("review", "transfer") and (otype not in CUSTODIAL or (self.release and a.date >= self.release)):
                wants_intervention = rng.random() < 0.6
            if wants_intervention:
                d = add_wd(d0, rng.randint(0, 4))
                if not first_intervention_done and otype in COMMUNITY:
                    first_intervention_done = True
                    if otype == "referral_order":
                        self.contract_date = d = self.panel_date()
                    elif self.short("PLAN-001"):
                        if rng.random() < 0.4:
                            d = self.limit + DAY  # no plan
                        else:
                            d = add_wd(self.start, rng.randint(23, 40))
                self.intervention_plan(d, author, a)
            if a.stage == "start" and otype in CUSTODIAL:
                self.custodial_plan(add_wd(d0, rng.randint(0, 4)), author, a)
            elif a.stage == "review" and otype in CUSTODIAL and (not self.release or a.date < self.release) and rng.random() < 0.5:
                self.custodial_plan(add_wd(d0, rng.randint(0, 4)), author, a, first=False)
            if LEVEL_RANK[a.rosh_level] >= 1:
                self.risk_plan(a, author)
            if LEVEL_RANK[a.vuln_level] >= 1:
                self.vulnerability_plan(a, author)

    def intervention_plan(self, d: date, author: Member, a: Assessment) -> None:
        rng = self.rng
        if d > self.limit:
            return
        sections = [s for s, sc in zip(SECTIONS, a.scores) if sc >= 3]
        if sections and (self.short("PLAN-003")):
            sections.remove(rng.choice(sections))
        mids = [s for s, sc in zip(SECTIONS, a.scores) if sc == 2]
        sections += rng.sample(mids, min(len(mids), rng.choice((0, 1, 2))))
        if not sections:
            sections = [rng.choice(("attitudes_to_offending", "motivation_to_change", "lifestyle"))]
        sections.sort(key=SECTIONS.index)
        objectives = [self.objective(s, d) for s in sections]
        if self.has_needs and self.div_objective:
            objectives.append(self.objective("diversity", d))
        if rng.random() < 0.3:
            objectives.append(self.objective("compliance", d))
        if self.short("PLAN-002"):
            k = rng.randrange(len(objectives))
            objectives[k] = self.objective(objectives[k]["addresses"][0], d, vague=True)
        agreed = (True, True)
        if self.short("PLAN-006"):
            agreed = rng.choice(((False, True), (True, False), (False, False)))
        if self.short("PLAN-007"):
            child_version = None if rng.random() < 0.25 else " ".join(
                self.render(p) for p in rng.sample(T.COMPLEX_CHILD_VERSION, 2))
        else:
            child_version = pick_sentences(rng, T.CHILD_VERSION, rng.randint(3, 5), {**self.ctx, "cm": author.first})
        named = a if a.date <= d else None
        self.add_plan("intervention", d, author, named, objectives, child_version=child_version, agreed=agreed,
                      oversight=False)

    def custodial_plan(self, d: date, author: Member, a: Assessment, first: bool = True) -> None:
        rng = self.rng
        phases, named = ("custody", "community"), a
        if first and self.short("PLAN-005"):
            fault = rng.choice(("phase", "assessment", "late", "missing"))
            if fault == "phase":
                phases = ("custody",)
            elif fault == "assessment":
                named = None
            elif fault == "late":
                d = add_wd(self.start, rng.randint(23, 40))
            else:
                return
        sections = [s for s, sc in zip(SECTIONS, a.scores) if sc >= 3][:4] or ["education_training_employment"]
        objectives = [self.objective(s, d) for s in sections]
        if LEVEL_RANK[a.rosh_level] >= 1 and not self.short("ROSH-006"):
            objectives.append(self.objective("rosh", d))
        if self.has_needs and self.div_objective:
            objectives.append(self.objective("diversity", d))
        self.add_plan("custodial_sentence", d, author, named, objectives, phases=phases,
                      agreed=(rng.random() < 0.85, rng.random() < 0.7), review_months=3)

    def risk_plan(self, a: Assessment, author: Member) -> None:
        rng = self.rng
        d = add_wd(a.date, rng.randint(0, 5))
        objectives = [self.objective("rosh", d) for _ in range(rng.choice((1, 2)))]
        if rng.random() < 0.5:
            objectives.append(self.objective(rng.choice(("lifestyle", "thinking_and_behaviour", "substance_use")), d))
        contingency = self.render(rng.choice(T.CONTINGENCY_RISK))
        if self.short("ROSH-004"):
            fault = rng.choice(("missing", "missing", "late", "contingency", "objective"))
            if fault == "missing":
                return
            if fault == "late":
                d = add_wd(a.date, rng.randint(18, 30))
            elif fault == "contingency":
                contingency = None
            else:
                objectives = [o for o in objectives if o["addresses"] != ["rosh"]] or [self.objective("lifestyle", d)]
        if a.full and a.full.get("victims") and self.short("ROSH-005"):
            contingency = self.render(rng.choice(T.CONTINGENCY_RISK_NO_VICTIM)) if contingency else None
            objectives = [o for o in objectives if "victim" not in o["text"].lower()] or [
                {"text": self.render(T.OBJECTIVES["rosh"][0]), "addresses": ["rosh"],
                 "by": iso(d + timedelta(weeks=8)), "who": self.render(T.OBJECTIVE_WHO[0])}]
        if self.short("PLAN-002"):
            objectives[0] = self.objective(objectives[0]["addresses"][0], d, vague=True)
        self.add_plan("risk_management", d, author, a, objectives, contingency=contingency,
                      agreed=(rng.random() < 0.8, rng.random() < 0.7), oversight=True)

    def vulnerability_plan(self, a: Assessment, author: Member) -> None:
        rng = self.rng
        d = add_wd(a.date, rng.randint(0, 5))
        objectives = [self.objective("vulnerability", d) for _ in range(rng.choice((1, 2)))]
        contingency = self.render(rng.choice(T.CONTINGENCY_VULNERABILITY))
        if self.short("VUL-002"):
            fault = rng.choice(("missing", "missing", "missing", "contingency", "objective"))
            if fault == "missing":
                return
            if fault == "contingency":
                contingency = None
            else:
                objectives = [self.objective("emotional_mental_health", d)]
        if self.short("PLAN-002"):
            objectives[0] = self.objective(objectives[0]["addresses"][0], d, vague=True)
        self.add_plan("vulnerability_management", d, author, a, objectives, contingency=contingency,
                      agreed=(rng.random() < 0.85, rng.random() < 0.8), oversight=True)

    # -- oversight -------------------------------------------------------------------
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
        request = required and (self.shape.get("request") or rng.random() < 0.4)
        if request and "OVS-001" not in self.force:
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
            if fault == "missing" and not self.shape.get("countersign"):
                return None
            if fault == "late":
                cs_date = add_wd(d, rng.randint(13, 30))
            elif fault == "colleague":
                team = [c for c in st.team_cms[st.team_of_cm[st.case_manager_index(self.number)]]
                        if st.case_managers[c].id != author.id]
                by = st.case_managers[rng.choice(team)].id if team else author.id
            elif fault == "returned":
                outcome = "returned"
        if self.short("OVS-003"):
            by = author.id
        return self.signature(by, cs_date, outcome)

    def signature(self, by: str, d: date, outcome: str) -> dict | None:
        if d > self.limit:
            return None
        return {"by": by, "date": iso(d), "outcome": outcome,
                "comment": self.render(self.rng.choice(T.COUNTERSIGN_COMMENT[outcome]))}

    # -- referral order panels --------------------------------------------------------
    def panel_date(self) -> date:
        rng = self.rng
        if self.short("PLAN-004"):
            return add_wd(self.start, rng.randint(26, 45))
        return add_wd(self.start, rng.randint(6, 13))

    def panels(self) -> None:
        rng = self.rng
        d = getattr(self, "contract_date", None) or self.panel_date()
        if d > self.limit:
            return
        self.reports.append({
            "id": f"R{len(self.reports) + 1}", "type": "panel_report", "order": self.order_id,
            "requested": True, "not_requested_reason": None, "yos_challenged": None,
            "date": iso(back_to_weekday(d - timedelta(days=rng.randint(2, 6)))), "author": self.author_on(d).id,
            "text": " ".join(self.render(p) for p in T.PANEL_REPORT),
            "discussed_with_child": True, "discussed_with_parent": rng.random() < 0.8,
        })
        self.event(d, "panel_meeting", self.author_on(d).id,
                   "Initial youth offender panel: contract agreed and signed by " + self.ctx["name"] + ".", kind="initial")
        p = add_months(d, 3)
        while p < self.end and p <= self.limit:
            p = add_wd(p, 0)
            self.event(p, "panel_meeting", self.author_on(p).id, "Progress panel: contract reviewed.", kind="progress")
            p = add_months(p, 3)
        if self.closed:
            self.event(back_to_weekday(self.end), "panel_meeting", self.cm.id, "Final panel: order completed.", kind="final")

    # -- contacts ---------------------------------------------------------------------
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
                days = weekdays[bisect.bisect_left(weekdays, lo):bisect.bisect_right(weekdays, hi)]
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
        n = self.shape.get("failures")
        if n is None:
            n = weighted(rng, ((0, 62), (1, 14), (2, 11), (3, 13)))
        if rng.random() < 0.15:
            d = add_wd(self.first_contact, rng.randint(5, 40))
            if d <= stop:
                self.event(d, "failure_to_comply", self.author_on(d).id,
                           self.render(rng.choice(T.ACCEPTABLE_FAILURE_DETAIL)), acceptable=True)
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
                        self.event(add_wd(d, rng.randint(1, 4)), "warning", by, self.render(rng.choice(T.WARNING_DETAIL)))
                    else:
                        self.event(add_wd(d, rng.randint(1, 4)), "breach", by, self.render(T.BREACH_DETAIL[1]),
                                   decision="alternative_strategy", manager_agreed=False)
                else:
                    court = rng.random() < 0.55
                    self.event(add_wd(d, rng.randint(1, 4)), "breach", by,
                               self.render(T.BREACH_DETAIL[0 if court else 1]),
                               decision="returned_to_court" if court else "alternative_strategy", manager_agreed=True)
            elif k >= 3 and not yro and rng.random() < 0.5:
                self.event(add_wd(d, rng.randint(1, 4)), "breach", by, "Referred back to court for breach of the contract.",
                           decision="returned_to_court", manager_agreed=True)
            elif not self.short("CMP-001"):
                self.event(add_wd(d, rng.randint(0, 4)), "warning", by, self.render(rng.choice(T.WARNING_DETAIL)))
                warnings += 1
            if k == 2:
                if self.short("CMP-002"):
                    if rng.random() < 0.4:
                        self.event(add_wd(d, rng.randint(16, 25)), "compliance_panel", by,
                                   self.render(rng.choice(T.PANEL_OUTCOME)), outcome="Late panel: expectations restated.")
                else:
                    self.event(add_wd(d, rng.randint(2, 9)), "compliance_panel", by,
                               self.render(rng.choice(T.PANEL_OUTCOME)),
                               outcome=rng.choice(("Expectations agreed; no further action.",
                                                   "Contract of expectations signed; review in four weeks.",
                                                   "Agreed change of appointment times.")))
            d = add_wd(d, rng.randint(10, 30))

    # -- management -----------------------------------------------------------------
    def management(self) -> None:
        rng = self.rng
        tm = self.tm
        current = self.assessments[-1] if self.assessments else None
        stop = self.limit
        high = [a for a in self.assessments if LEVEL_RANK[a.rosh_level] >= 2]
        if high and tm:
            first_high = high[0].date
            skip_recent = (not self.closed and current is not None and LEVEL_RANK[current.rosh_level] >= 2
                           and self.short("OVS-005"))
            d = add_wd(first_high, rng.randint(0, 3))
            if d > stop:
                d = stop
            last_allowed = self.as_of - timedelta(days=rng.randint(100, 200)) if skip_recent else stop
            while d <= min(stop, last_allowed):
                self.event(d, "manager_entry", tm.id, self.render(rng.choice(T.MANAGER_ENTRY)))
                d = back_to_weekday(d + timedelta(days=rng.randint(30, 75)))
            mappa_level = 2 if high[-1].rosh_level == "high" else 3
            if rng.random() < 0.7:
                self.event(add_wd(high[0].date, rng.randint(1, 10)), "mappa", self.cm.id, self.render(rng.choice(T.MAPPA_DETAIL)),
                           category=2, level=mappa_level if rng.random() < 0.5 else 1)
        elif tm and rng.random() < 0.2:
            d = add_wd(self.start, rng.randint(10, 80))
            self.event(d, "manager_entry", tm.id, self.render(rng.choice(T.MANAGER_ENTRY)))
        if self.otype == "long_term_detention" and rng.random() < 0.8:
            self.event(add_wd(self.start, rng.randint(2, 10)), "mappa", self.cm.id, self.render(T.MAPPA_DETAIL[0]),
                       category=2, level=1)
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
            self.event(self.transfer_date, "transfer", by, self.render(rng.choice(T.TRANSFER_DETAIL)),
                       **{"from": self.previous_cm.id, "to": self.cm.id})


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


# --- the document ------------------------------------------------------------------------
class Generator:
    def __init__(self, *, cases: int, seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF,
                 service: dict | None = None, closed_share: float = 0.08):
        if cases < 0:
            raise ValueError("cases must not be negative")
        self.n = cases
        self.seed = seed
        self.as_of = as_of
        self.service = dict(service or DEFAULT_SERVICE)
        self.closed_share = closed_share
        self.staffing = Staffing(seed, max(cases, 1))

    def header(self) -> dict:
        return {"format": FORMAT, "service": self.service, "staff": [m.document() for m in self.staffing.members]}

    def case(self, number: int) -> dict:
        return CaseBuilder(self, number).build()

    def lor005_intrusion(self, document: dict, builder: "CaseBuilder") -> None:
        """Seeded LOR-005: one evidence text written about another child of the service,
        as when a case manager starts from another child's assessment."""
        if self.n < 2:
            return
        number = builder.number
        rng = random.Random(f"{self.seed}:{number}:lor005")
        assessments = [a for a in document["assessments"] if a["stage"] in ("start", "review", "transfer")]
        if not assessments:
            return
        me = child_identity(self.seed, number)
        for _ in range(20):
            other_number = (number + 1 + rng.randrange(min(self.n - 1, 200))) % self.n
            other = child_identity(self.seed, other_number)
            if other.full != me.full:
                break
        else:
            return
        target = rng.choice(assessments)
        section = rng.choice(SECTIONS)
        pron = PRONOUNS[other.sex] if other.sex in ("male", "female") else PRONOUNS["they"]
        tier = T.EVIDENCE[section][rng.choice(("mid", "high"))]
        text = tier[rng.randrange(len(tier))].render(rng, {**builder.ctx, **pron, "name": other.full,
                                                            "carer": f"{pron['his']} mum", "carer_cap": f"{pron['His']} mum"})
        if not text.startswith(other.full):
            text = f"{other.full}: {text}"
        target["likelihood"]["evidence"][section] = text

    def iter_case_lines(self, numbers: range | None = None) -> Iterator[str]:
        for number in numbers if numbers is not None else range(self.n):
            document = self.case(number)
            yield json.dumps(document, ensure_ascii=False, separators=(",", ":"))


_WORKER_GENERATORS: dict[tuple, Generator] = {}


def _worker_lines(args: tuple) -> list[str]:
    seed, n, as_of, service, closed_share, lo, hi = args
    key = (seed, n, as_of, json.dumps(service, sort_keys=True), closed_share)
    gen = _WORKER_GENERATORS.get(key)
    if gen is None:
        _WORKER_GENERATORS.clear()
        gen = _WORKER_GENERATORS[key] = Generator(cases=n, seed=seed, as_of=as_of, service=service,
                                                  closed_share=closed_share)
    return list(gen.iter_case_lines(range(lo, hi)))


@dataclass
class Written:
    cases: int
    staff: int
    bytes: int


def write_caseload(out: BinaryIO, *, cases: int, seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF,
                   service: dict | None = None, jobs: int = 1, progress=None) -> Written:
    """Write the interchange document for `cases` synthetic cases to the binary stream `out`.

    `jobs` > 1 spreads case generation over processes; the bytes are the same. `progress`,
    if given, is called with the number of cases written so far after each batch.
    """
    gen = Generator(cases=cases, seed=seed, as_of=as_of, service=service)
    header = gen.header()
    head = json.dumps(header, ensure_ascii=False, indent=1)
    assert head.endswith("\n}") or head.endswith("]\n}")
    written = 0
    size = 0

    def emit(text: str) -> None:
        nonlocal size
        data = text.encode("utf-8")
        size += len(data)
        out.write(data)

    emit(head[: head.rfind("}")].rstrip() + ',\n "cases": [\n')
    first = True

    def lines() -> Iterator[list[str]]:
        batch = 250
        if jobs > 1 and cases > batch:
            import multiprocessing

            spans = [(seed, cases, as_of, gen.service, gen.closed_share, lo, min(cases, lo + batch))
                     for lo in range(0, cases, batch)]
            # forkserver: safe in a process that has threads (fork is not), cheaper than spawn.
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            with multiprocessing.get_context(method).Pool(jobs) as pool:
                yield from pool.imap(_worker_lines, spans)
        else:
            for lo in range(0, cases, batch):
                yield list(gen.iter_case_lines(range(lo, min(cases, lo + batch))))

    for chunk in lines():
        for line in chunk:
            emit(("" if first else ",\n") + line)
            first = False
        written += len(chunk)
        if progress:
            progress(written)
    emit("\n ]\n}\n")
    return Written(cases=written, staff=len(header["staff"]), bytes=size)
