"""Today's record (format 2, docs/case-format.md): offences with their gravity, out-of-court
outcomes with PDAT assessments, AssetPlus, victims, the circumstances the KPIs read, and
the management board's meetings.

Drawn from a random stream of its own (seed, case number, "today"), after the rest of the
case: the format 1 part of a case is the same whether or not this is added, so the
rulebook's 2013 rules fire on the demo at the rates they always did. What is recorded
follows the era of its date, so a caseload dated in 2013 (the default) holds no AssetPlus,
PDAT or KPI data, and one dated today holds them all:

- AssetPlus replaced Asset for the demo service from ASSETPLUS_FROM. The YJB's rollout
  began in September 2015, with most services live by July 2016 (YJB, "AssetPlus" page;
  the date chosen for the demo service is an assumption within that rollout). An
  assessment dated from then is an AssetPlus assessment: no Asset scores, its stages,
  rationale and self-assessments.
- Youth cautions and youth conditional cautions: from 8 April 2013 (LASPO 2012 s135,
  commencement assumed); outcome 22 from 1 April 2019 (Home Office crime outcomes);
  community resolutions throughout.
- PDAT, the YJB's Prevention and Diversion Assessment Tool, from PDAT_FROM (the launch
  news told services to implement it "this April"; that the year was 2024 is assumed).
- The KPI circumstances (accommodation, ETE, SEND, mental health, substance misuse,
  wider services) are recorded for orders and programmes starting from 1 April 2023, when
  reporting of the ten YJB KPIs began.

Practice is imperfect at the rates the rules of today's record name: each shortfall that
one of those rules finds is drawn at that rule's `demo_rate` (its family module,
casequality/standards/rules/), scaled by the case's practice quality as the rest of the
case is, so a faultless case meets every rule and a typical one falls short about as often
as the rule says. The timings of good practice are read from the rules' parameters (their
defaults: `param`), so the demo moves with the rulebook. The shortfalls: AssetPlus stages
late or never completed, or finished after the plan (APL-001), no self-assessment
(APL-003), a terse rationale (APL-004), a plan without a desistance objective (APL-005)
or without an objective for a need rated medium or above (APL-006), a referral decided
late (OOC-001) or without a joint panel (OOC-002), a PDAT after the panel (PDAT-001),
without the child's part (PDAT-002) or with no, a late or a partial exit plan (PDAT-003),
a victim offered contact late or never (VIC-001), restorative justice offered late or never
(VIC-002), views sought after the decision (VIC-003), no safety plan in time (VIC-004), and
missing KPI data (OTHER_RATES: no rule reads it). APL-002's review is the review REV-001
asks for, so it falls short where the format 1 part of the case has no review in time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from casequality.demo.generator.calendar import CUSTODIAL, add_wd, back_to_weekday, iso
from casequality.demo.generator.tables import RATES as RULE_RATES
from casequality.demo.generator.yjb import yjb_side
from casequality.standards.rulebook import rulebook
from casequality.standards.text import count_words, name_tokens


def param(name: str) -> Any:
    """A rulebook parameter's default: the timings good practice keeps to."""
    return rulebook().parameters[name].default


ASSETPLUS_FROM = date(2016, 4, 4)
YOUTH_CAUTIONS_FROM = date(2013, 4, 8)
OUTCOME_22_FROM = date(2019, 4, 1)
PDAT_FROM = date.fromisoformat(str(param("pdat_in_use_from")))
KPI_FROM = date(2023, 4, 1)

# Shortfalls no rule reads, per eligible item (demo assumptions, not measured). The others
# are the rules' own `demo_rate`s (RULE_RATES, by rule id).
OTHER_RATES = {
    "kpi_missing": 0.06,  # each KPI item of a circumstances record not recorded
}
# How a rule's shortfall shows, where it can show in more than one way: (way, share of its rate).
WAYS = {
    "APL-001": (("late", 0.45), ("missing", 0.35), ("after_plan", 0.20)),
    "PDAT-003": (("late", 0.4), ("never", 0.4), ("partial", 0.2)),
    "VIC-001": (("late", 0.75), ("never", 0.25)),
    "VIC-002": (("late", 0.6), ("never", 0.4)),
    "VIC-004": (("late", 0.5), ("never", 0.5)),
}
# A rationale too short to give reasons (APL-004's shortfall).
TERSE = ("Low.", "As before.", "See previous assessment.", "Medium, see the police summary.", "No change.")
# Evidence a rationale ends with, so a reasoned one has at least evidence_min_words words.
EVIDENCE = (
    " This rests on the police summary, the school's report and two interviews with {name} and {his} family.",
    " The evidence is from {name}'s own account, the previous convictions and what {his} teachers describe.",
)

# Offence, gravity score range (YJB gravity scores 1-8), serious violence (YJB KPI 9).
OFFENCE_GRAVITY: dict[str, tuple[int, int, bool]] = {
    "robbery of a mobile phone": (5, 6, True),
    "theft from a shop": (1, 2, False),
    "assault occasioning actual bodily harm": (5, 5, True),
    "common assault": (3, 3, False),
    "possession of a bladed article": (5, 5, True),
    "criminal damage": (2, 3, False),
    "burglary of a dwelling": (5, 6, False),
    "burglary of a garage": (3, 4, False),
    "aggravated vehicle taking": (4, 5, False),
    "possession with intent to supply cannabis": (5, 6, True),
    "affray": (4, 5, True),
    "handling stolen goods": (2, 3, False),
    "assault on an emergency worker": (4, 4, False),
    "public order offences": (2, 3, False),
    "threats to kill made over social media": (5, 6, True),
    "theft of a pedal cycle": (2, 2, False),
    "racially aggravated harassment": (4, 4, False),
    "possession of an offensive weapon": (5, 5, True),
}
PERSON_VICTIM = {
    "robbery of a mobile phone",
    "assault occasioning actual bodily harm",
    "common assault",
    "burglary of a dwelling",
    "affray",
    "assault on an emergency worker",
    "threats to kill made over social media",
    "racially aggravated harassment",
    "theft of a pedal cycle",
}
BUSINESS_VICTIM = {
    "theft from a shop",
    "criminal damage",
    "burglary of a garage",
    "aggravated vehicle taking",
    "handling stolen goods",
}
MINOR_OFFENCES = (
    "theft from a shop",
    "criminal damage",
    "common assault",
    "public order offences",
    "theft of a pedal cycle",
    "handling stolen goods",
)
LEVEL = {"low": "standard", "medium": "enhanced", "high": "intensive"}
PARTNERS = (
    ("local_authority_childrens_services", 0.95),
    ("police", 0.85),
    ("probation", 0.7),
    ("health", 0.65),
    ("education", 0.75),
)

DESISTANCE = (
    "Wants to get a place on a {course} course",
    "Close to {his} grandmother, who sets clear limits",
    "Plays {hobby} at a club with a coach {name} respects",
    "Has started to see a future beyond the group",
    "A part-time job at a local shop",
    "Has moved away from the older group",
    "Sister's new baby: wants to be around",
)
RATIONALE_LOR = (
    "Offending has been with older peers, in the evenings, when {name} has been drinking; it stopped during the "
    "months at college.",
    "{name}'s offending is tied to cannabis use and debts to older boys; the risk rises out of education.",
    "The offences were impulsive and in company; no offences while staying at {his} grandmother's.",
)
RATIONALE_SAW = (
    "{name} is at risk of exploitation by older boys who supply cannabis; missing from home twice this year.",
    "Settled at home; the school reports no concerns; low mood after a bereavement is known to CAMHS.",
    "Sleeps at friends' houses several nights a week; {his} family do not always know where.",
)
RATIONALE_ROSH = (
    "Harm has been in street robberies of other boys, with threats; no weapon was seen.",
    "No behaviour that would cause serious harm; the offences are against property.",
    "Carried a knife when out with the group and said it was for protection; harm to other young people possible.",
)
PDAT_CIRCUMSTANCES = (
    "{name} lives with {his} mother and two younger sisters; attends school most days; no exploitation concerns.",
    "{name} lives with {his} father; was excluded for a fixed term last term; some concern about older peers.",
    "{name} is looked after and lives in a children's home out of the area; speech and language needs identified.",
)
PDAT_BEHAVIOUR = (
    "{offence}, with two friends; said it was a dare and was sorry straight away.",
    "{offence}, after an argument on the way home from school; {name} says {his} friends egged it on.",
    "{offence}, late in the evening with older boys; {name} had been drinking.",
)
CHILD_PLAN = (
    {
        "strengths": "I'm good at {hobby}",
        "help_wanted": "Help to stay out of arguments",
        "who_will_help": "My mum and my worker",
    },
    {
        "strengths": "I work hard when I like something",
        "help_wanted": "Help getting back into school",
        "who_will_help": "My teacher and my worker",
    },
)
PROFESSIONAL_PLAN = (
    "Four sessions on choices and consequences; a letter of apology; referral to the {hobby} club.",
    "Six sessions on peer pressure and online safety; school attendance support with the education worker.",
)
EXIT_WORK = ("Completed all sessions and the letter of apology.", "Attended five of six sessions; joined the club.")
EXIT_WORKED = ("Sessions at the club rather than the office.", "Meeting with {his} mum there.")
EXIT_NEXT = ("Continues at the {hobby} club; no further work.", "Early help worker continues with the family.")
VICTIM_VIEWS = (
    "Wants to know that {name} understands how frightening it was.",
    "Would like the damage paid for or put right.",
    "Does not want any contact, but wants to be told the outcome.",
    "Would like an apology letter.",
)


class TodayMixin:
    """Today's record of a case, added after the rest. A part of `CaseBuilder`."""

    def today(self, document: dict) -> None:
        self.t = random.Random(f"{self.gen.seed}:{self.number}:today")
        self.first_name = document["child"]["name"].split()[0]
        document.update(offences=[], out_of_court=[], diversion_assessments=[], victims=[], circumstances=[])
        self.programmes: list[tuple[str, date, date | None, bool]] = []  # (of, start, end, intervention)
        self._offences(document)
        self._out_of_court(document)
        self._assetplus(document)
        self._victims(document)
        self._circumstances(document)
        yjb_side(self, document)  # format 2.1: MAPPA eligibility, serious incidents (yjb.py)

    # -- helpers ---------------------------------------------------------------------
    def _fill(self, text: str, offence: str = "") -> str:
        ctx = self.ctx
        return text.format(
            name=self.first_name,
            his=ctx.get("his", "their"),
            offence=offence,
            hobby=ctx.get("hobby", "football"),
            course=ctx.get("course", "construction"),
        )

    def _short(self, what: str, share: float = 1.0) -> bool:
        """Whether this item falls short: `what` is a rule id (at its demo_rate times
        `share`) or a key of OTHER_RATES, scaled by the case's practice quality (0 for a
        faultless case, which never falls short)."""
        rate = self.rate(what) if what in RULE_RATES else OTHER_RATES[what] * self.quality
        return self.t.random() < min(0.95, rate * share)

    def _way(self, rule: str) -> str | None:
        """How an item falls short of `rule` (one of WAYS[rule]), or None: one draw."""
        x = self.t.random()
        rate = self.rate(rule)
        for way, share in WAYS[rule]:
            x -= min(0.95, rate) * share
            if x < 0:
                return way
        return None

    def _upto(self, d: date | None) -> str | None:
        """`d` as a date string if it is not after the case's last day, else None (not yet)."""
        return iso(d) if d is not None and d <= self.limit else None

    def _offence(self, document: dict, description: str, d: date) -> str:
        t = self.t
        low, high, violent = OFFENCE_GRAVITY.get(description, (3, 4, False))
        oid = f"OF{len(document['offences']) + 1}"
        document["offences"].append(
            {
                "id": oid,
                "date": iso(d),
                "description": description[0].upper() + description[1:],
                "gravity": t.randint(low, high),
                "serious_violence": violent,
            }
        )
        self.offence_words[oid] = description
        return oid

    # -- offences --------------------------------------------------------------------
    def _offences(self, document: dict) -> None:
        """The offence of each order (days to months before court), and of each new offence."""
        t = self.t
        self.offence_words: dict[str, str] = {}
        self.order_offence: dict[str, str] = {}
        for order in document["orders"]:
            court = date.fromisoformat(order["court_date"])
            before = (
                t.randint(3, 30)
                if order["type"] in ("youth_caution", "youth_conditional_caution")
                else t.randint(20, 120)
            )
            description = self.ctx["offence"] if order["id"] == self.order_id else t.choice(MINOR_OFFENCES)
            self.order_offence[order["id"]] = self._offence(
                document, description, back_to_weekday(court - timedelta(days=before))
            )
        for event in document["events"]:
            if event["type"] == "significant_change" and event.get("kind") == "new_offence":
                d = date.fromisoformat(event["date"]) - timedelta(days=t.randint(1, 10))
                self._offence(document, t.choice(MINOR_OFFENCES), d)

    # -- out-of-court outcomes and PDAT ------------------------------------------------
    def _out_of_court(self, document: dict) -> None:
        t = self.t
        # A caution given as an order (format 1 style) is an out-of-court outcome with its programme.
        for order in document["orders"]:
            if order["type"] not in ("youth_caution", "youth_conditional_caution"):
                continue
            start = date.fromisoformat(order["start"])
            if start < YOUTH_CAUTIONS_FROM:
                continue
            current = order["id"] == self.order_id
            end = date.fromisoformat(order["end"]) if order["end"] else None
            done = not current or self.closed or (end is not None and end <= self.limit)
            self._add_out_of_court(
                document,
                order["type"],
                start,
                offence=self.order_offence[order["id"]],
                order=order["id"],
                intervention=True,
                end=end,
                done=done,
                first_time=not any(o["start"] < order["start"] for o in document["orders"]),
            )
        # Earlier diversion: a community resolution or outcome 22 before the order.
        if t.random() < 0.22:
            referred = back_to_weekday(self.start - timedelta(days=t.randint(90, 500)))
            kinds = ["community_resolution"] + (["outcome_22", "outcome_22"] if referred >= OUTCOME_22_FROM else [])
            kind = t.choice(kinds)
            oid = self._offence(
                document, t.choice(MINOR_OFFENCES), back_to_weekday(referred - timedelta(days=t.randint(2, 20)))
            )
            intervention = t.random() < 0.7
            self._add_out_of_court(
                document,
                kind,
                referred,
                offence=oid,
                order=None,
                intervention=intervention,
                end=add_wd(referred, t.choice((50, 70, 75))) if intervention else None,
                done=True,
                first_time=False,
                referred=referred,
            )

    def _add_out_of_court(
        self,
        document: dict,
        kind: str,
        start: date,
        *,
        offence: str,
        order: str | None,
        intervention: bool,
        end: date | None,
        done: bool,
        first_time: bool,
        referred: date | None = None,
    ) -> None:
        """An out-of-court outcome: referred, heard at the joint decision panel, decided, and
        its programme. A caution given as an order was decided on its start day."""
        t = self.t
        decide_wd = int(param("ooc_decision_wd"))
        if order is not None:
            decision = start
            # Referred up to 18 days (at most 14 working days) before the decision; late: 6 weeks or more.
            back = t.randint(30, 60) if self._short("OOC-001") else t.randint(7, 18)
            referred = back_to_weekday(decision - timedelta(days=back))
            panel = (
                decision
                if t.random() < 0.85
                else max(referred, back_to_weekday(decision - timedelta(days=t.randint(1, 4))))
            )
            # The police refer a child after the offence: a caution's offence (drawn from its
            # court date) that would fall after the referral moves to a few days before it.
            # No draw is taken, so the rest of the demo stays as it was.
            committed = next(o for o in document["offences"] if o["id"] == offence)
            if date.fromisoformat(committed["date"]) >= referred:
                committed["date"] = iso(back_to_weekday(referred - timedelta(days=3)))
        else:
            panel = add_wd(referred, t.randint(5, 12))
            decision = panel if t.random() < 0.85 else min(add_wd(panel, t.randint(1, 3)), add_wd(referred, decide_wd))
            if self._short("OOC-001"):
                panel = decision = add_wd(referred, decide_wd + t.randint(1, 15))
            start = add_wd(decision, t.randint(1, 10))
        heard = panel  # the day the PDAT was due by: the panel's, or the decision's where no panel sat
        if self._short("OOC-002"):
            panel = None
        ocid = f"OC{len(document['out_of_court']) + 1}"
        # A youth caution and a YCC make a first-time entrant; a community resolution and outcome 22 do not.
        fte = (
            (first_time if kind in ("youth_caution", "youth_conditional_caution") else False)
            if t.random() > 0.04
            else None
        )
        completed = (t.random() < 0.88) if intervention and done else None
        document["out_of_court"].append(
            {
                "id": ocid,
                "type": kind,
                "offence": offence,
                "referred": iso(referred),
                "panel_date": self._upto(panel),
                "decision_date": self._upto(decision),
                "order": order,
                "intervention": intervention,
                "start": self._upto(start) if intervention else None,
                "end": self._upto(end) if intervention and done else None,
                "completed": completed,
                "first_time_entrant": fte,
            }
        )
        if order is None:  # a caution's programme is its order's: its circumstances are the order's
            self.programmes.append((ocid, start, end if done else None, intervention))
        if PDAT_FROM <= referred <= self.limit:
            words = self.offence_words[offence]
            self._pdat(
                document, ocid, referred, heard, end if done and intervention else None, words[0].upper() + words[1:]
            )

    def _pdat(self, document: dict, ocid: str, referred: date, panel: date, ended: date | None, offence: str) -> None:
        t = self.t
        # Within pdat_due_wd working days of the referral and by the panel; late: after the panel.
        d = min(add_wd(referred, t.randint(2, min(7, int(param("pdat_due_wd"))))), panel)
        if self._short("PDAT-001"):
            d = add_wd(max(panel, add_wd(referred, int(param("pdat_due_wd")))), t.randint(1, 6))
        if d > self.limit:
            return
        band, _rosh, vuln = self.profile
        author = self.author_on(d)
        exit_plan = None
        if ended is not None and ended <= self.limit:
            exit_wd = int(param("exit_plan_due_wd"))
            way = self._way("PDAT-003")
            written = add_wd(ended, t.randint(exit_wd + 2, exit_wd + 20) if way == "late" else t.randint(0, exit_wd))
            if way != "never" and written <= self.limit:
                exit_plan = {
                    "date": iso(written),
                    "work_done": self._fill(t.choice(EXIT_WORK)),
                    "what_worked": "" if way == "partial" else self._fill(t.choice(EXIT_WORKED)),
                    "safety_wellbeing": t.choice(("low", vuln)),
                    "next_steps": self._fill(t.choice(EXIT_NEXT)),
                }
        child_plan = (
            None if self._short("PDAT-002") else {key: self._fill(value) for key, value in t.choice(CHILD_PLAN).items()}
        )
        signed = None
        if t.random() < 0.6 or vuln in ("high", "very_high"):
            manager = self.staffing.manager_of(author) or self.staffing.qa_leads[0]
            signed = {"by": manager.id, "date": iso(add_wd(d, t.randint(0, 3))), "outcome": "approved", "comment": ""}
            if date.fromisoformat(signed["date"]) > self.limit:
                signed = None
        document["diversion_assessments"].append(
            {
                "id": f"PD{len(document['diversion_assessments']) + 1}",
                "date": iso(d),
                "author": author.id,
                "out_of_court": ocid,
                "circumstances": self._fill(
                    PDAT_CIRCUMSTANCES[2] if self.looked_after else t.choice(PDAT_CIRCUMSTANCES[:2])
                ),
                "behaviour": self._fill(t.choice(PDAT_BEHAVIOUR), offence=offence),
                "child_plan": child_plan,
                "professional_plan": self._fill(t.choice(PROFESSIONAL_PLAN)),
                "safety_wellbeing": vuln,
                "exit_plan": exit_plan,
                "countersigned": signed,
            }
        )

    # -- AssetPlus -------------------------------------------------------------------
    def _assetplus(self, document: dict) -> None:
        t = self.t
        changes = [
            (date.fromisoformat(e["date"]), e["id"])
            for e in document["events"]
            if e["type"] == "significant_change" and e.get("kind") != "sentence_start"
        ]
        plans_of: dict[str, list[date]] = {}
        for plan in document["plans"]:
            if plan["assessment"]:
                plans_of.setdefault(plan["assessment"], []).append(date.fromisoformat(plan["date"]))
        for a in document["assessments"]:
            d = date.fromisoformat(a["date"])
            if a["instrument"] != "asset" or d < ASSETPLUS_FROM:
                a["assetplus"] = None
                continue
            a["instrument"] = "assetplus"
            a["likelihood"].pop("scores", None)
            a["likelihood"].pop("static_score", None)
            trigger = {
                "pre_sentence": "start",
                "start": "start",
                "review": "review",
                "transfer": "transfer",
                "end": "end",
            }[a["stage"]]
            change = next((cid for cdate, cid in reversed(changes) if cdate <= d <= cdate + timedelta(days=20)), None)
            if trigger == "review" and change is not None:
                trigger = "significant_change"
            else:
                change = None
            author = a["author"]
            gathered = back_to_weekday(d - timedelta(days=t.randint(2, 8)))
            concluded, planned = d, d
            missing = None
            earliest_plan = min(plans_of.get(a["id"], []), default=None)
            way = self._way("APL-001") if trigger == "start" else None
            if way == "after_plan" and earliest_plan is None:
                way = "late"
            if way == "late":
                concluded = add_wd(d, t.randint(15, 30))
                planned = add_wd(concluded, t.randint(0, 3))
            elif way == "after_plan":  # the plan made before the explanations and conclusions
                concluded = max(concluded, add_wd(earliest_plan, t.randint(16, 24)))
                planned = max(planned, concluded)
            elif way == "missing":
                missing = t.choice(("explanations_conclusions", "pathways_planning"))
            no_self = self._short("APL-003")
            stages = {
                "information_gathering": (gathered, author),
                "explanations_conclusions": (concluded, author),
                "pathways_planning": (planned, author),
                "self_assessment": (
                    None if no_self else back_to_weekday(gathered - timedelta(days=t.randint(0, 5))),
                    None if no_self else author,
                ),
            }
            if missing is not None:
                stages[missing] = (None, None)
                if missing == "explanations_conclusions":
                    stages["pathways_planning"] = (None, None)
            stage_docs = {}
            for name, (when, by) in stages.items():
                done = when is not None and when <= self.limit
                stage_docs[name] = {"completed": iso(when) if done else None, "by": by if done else None}
            band = a["likelihood"]["band"]
            level = LEVEL[band]
            if a["rosh"]["level"] in ("high", "very_high") and level != "intensive":
                level = "intensive" if t.random() < 0.6 else "enhanced"
            a["assetplus"] = {
                "trigger": trigger,
                "significant_change": change,
                "stages": stage_docs,
                "rationale": self._rationale(),
                "desistance_factors": [self._fill(f) for f in t.sample(DESISTANCE, t.randint(1, 3))],
                "intervention_level": level,
                "child_self_assessment": None
                if no_self
                else "About me: "
                + self._fill(
                    t.choice(
                        (
                            "I want to do {hobby} and not get in trouble.",
                            "My mum worries about me. I want to go to college.",
                            "I don't like school but I like my {course} taster days.",
                        )
                    )
                ),
                "parent_self_assessment": None
                if t.random() < 0.4
                else self._fill("Worried about who {name} goes out with."),
            }
        self._plans_on_assetplus(document)

    def _rationale(self) -> dict[str, str]:
        """The reasons for the three judgements, each of at least evidence_min_words words;
        at APL-004's rate one of them terse."""
        t = self.t
        minimum = int(param("evidence_min_words"))
        rationale = {}
        for key, texts in (
            ("likelihood_of_reoffending", RATIONALE_LOR),
            ("safety_wellbeing", RATIONALE_SAW),
            ("rosh", RATIONALE_ROSH),
        ):
            text = self._fill(t.choice(texts))
            for more in t.sample(EVIDENCE, len(EVIDENCE)):
                if count_words(name_tokens(text)) >= minimum:
                    break
                text += self._fill(more)
            rationale[key] = text
        if self._short("APL-004"):
            rationale[t.choice(sorted(rationale))] = t.choice(TERSE)
        return rationale

    def _plans_on_assetplus(self, document: dict) -> None:
        """An intervention plan made on an AssetPlus assessment (the one it names, else the
        latest by its date, as APL-005 and APL-006 read it) speaks its language: an objective
        addressing desistance (but at APL-005's rate), and objectives addressing safety and
        wellbeing and RoSH where the assessment rates them medium or above (but at APL-006's
        rate one of them left out)."""
        t = self.t
        assessments = sorted(document["assessments"], key=lambda a: a["date"])
        by_id = {a["id"]: a for a in assessments}
        rated = ("medium", "high", "very_high")
        for plan in document["plans"]:
            if plan["type"] != "intervention" or not plan["objectives"]:
                continue
            named = by_id.get(plan["assessment"])
            if named is None or named["instrument"] != "assetplus":
                named = None
                for a in assessments:
                    if a["date"] > plan["date"]:
                        break
                    named = a
            if named is None or named["instrument"] != "assetplus":
                continue
            objectives = plan["objectives"]
            for objective in objectives:
                if objective["addresses"] == ["vulnerability"]:
                    objective["addresses"] = ["safety_wellbeing"]
            if not self._short("APL-005"):
                objective = objectives[t.randrange(len(objectives))]
                objective["addresses"] = [*objective["addresses"], "desistance"]
            needs = [
                need
                for need, level in (
                    ("safety_wellbeing", named["vulnerability"]["level"]),
                    ("rosh", named["rosh"]["level"]),
                )
                if level in rated
            ]
            if not needs:
                continue
            if self._short("APL-006"):
                left_out = {t.choice(needs)} | ({"vulnerability"} if "safety_wellbeing" in needs else set())
                for objective in objectives:
                    kept = [x for x in objective["addresses"] if x not in left_out]
                    objective["addresses"] = kept or ["lifestyle"]
                continue
            for need in needs:
                if not any(
                    need in o["addresses"] or (need == "safety_wellbeing" and "vulnerability" in o["addresses"])
                    for o in objectives
                ):
                    objective = objectives[t.randrange(len(objectives))]
                    objective["addresses"] = [*objective["addresses"], need]

    # -- victims ---------------------------------------------------------------------
    def _victims(self, document: dict) -> None:
        """The victims of the case's offences. The service learns of a victim at the referral
        for an out-of-court outcome, at the order's start, or else soon after the offence.
        Good practice keeps to the rules' timings (their parameters): contact offered within
        victim_contact_wd working days, restorative justice offered within rj_offer_wd of
        consent, a safety plan within victim_safety_plan_wd, and the victim's views sought
        before the decision point VIC-003 reads (the panel on their offence, else the first
        intervention plan made since the service learned of them)."""
        t = self.t
        contact_wd, rj_wd = int(param("victim_contact_wd")), int(param("rj_offer_wd"))
        safety_wd = int(param("victim_safety_plan_wd"))
        plans = sorted(date.fromisoformat(p["date"]) for p in document["plans"] if p["type"] == "intervention")
        referral: dict[str, date] = {}
        heard: dict[str, date] = {}
        for oc in document["out_of_court"]:
            referral.setdefault(oc["offence"], date.fromisoformat(oc["referred"]))
            day = oc["panel_date"] or oc["decision_date"]
            if day is not None:
                heard.setdefault(oc["offence"], date.fromisoformat(day))
        for offence in list(document["offences"]):
            words = self.offence_words[offence["id"]]
            kind = "person" if words in PERSON_VICTIM else "business" if words in BUSINESS_VICTIM else None
            if kind is None or t.random() < 0.25:
                continue
            if offence["id"] in referral:
                identified = add_wd(referral[offence["id"]], t.randint(0, 2))
            elif offence["id"] == self.order_offence.get(self.order_id):
                identified = add_wd(self.start, t.randint(0, 3))
            else:
                identified = add_wd(date.fromisoformat(offence["date"]), t.randint(0, 3))
            if identified > self.limit:
                continue
            point = heard.get(offence["id"]) or next((d for d in plans if d >= identified), None)
            if point is not None and point < identified:
                point = None  # decided before the service knew of the victim: nothing to bring to it
            way = self._way("VIC-001")
            offered = {
                None: add_wd(identified, t.randint(1, min(8, contact_wd))),
                "late": add_wd(identified, t.randint(contact_wd + 2, contact_wd + 20)),
                "never": None,
            }[way]
            consent, consent_date = "not_asked", None
            if offered is not None and offered <= self.limit:
                consent = t.choice(("given", "given", "given", "declined", "not_contactable"))
                consent_date = add_wd(offered, t.randint(1, 5)) if consent in ("given", "declined") else None
            views_sought = views = None
            if consent == "given":
                views_sought = add_wd(consent_date, t.randint(0, 4))
                if point is not None and way is None:
                    if self._short("VIC-003"):  # views sought after the panel or the plan
                        views_sought = max(views_sought, add_wd(point, t.randint(1, 10)))
                    elif views_sought > point:  # one conversation: contact, consent and views before it
                        offered = min(offered, point)
                        consent_date = max(offered, min(consent_date, point))
                        views_sought = max(consent_date, min(views_sought, point))
            if consent_date is not None and consent_date > self.limit:
                consent, consent_date, views_sought = "not_asked", None, None
            if views_sought is not None and views_sought > self.limit:
                views_sought = None
            views = self._fill(t.choice(VICTIM_VIEWS)) if views_sought is not None else None
            rj_offered = rj_engaged = rj_done = rj_kind = None
            if consent == "given":
                rj_way = self._way("VIC-002")
                rj_offered = {
                    None: max(add_wd(consent_date, t.randint(2, rj_wd)), views_sought or consent_date),
                    "late": add_wd(consent_date, t.randint(rj_wd + 2, rj_wd + 20)),
                    "never": None,
                }[rj_way]
                if rj_offered is not None and rj_offered <= self.limit:
                    rj_engaged = t.random() < 0.45
                    if rj_engaged:
                        rj_kind = t.choice(("direct", "indirect", "indirect"))
                        done = add_wd(rj_offered, t.randint(10, 40))
                        rj_done = done if done <= self.limit else None
                else:
                    rj_offered = None
            needed = kind == "person" and (offence["gravity"] >= 5 or t.random() < 0.15)
            plan_date = None
            if needed:
                plan_way = self._way("VIC-004")
                plan_date = {
                    None: add_wd(identified, t.randint(0, safety_wd)),
                    "late": add_wd(identified, t.randint(safety_wd + 2, safety_wd + 20)),
                    "never": None,
                }[plan_way]
            document["victims"].append(
                {
                    "id": f"V{len(document['victims']) + 1}",
                    "offence": offence["id"],
                    "kind": kind,
                    "identified": iso(identified),
                    "contact_offered": self._upto(offered),
                    "consent": consent,
                    "consent_date": iso(consent_date),
                    "views_sought": iso(views_sought),
                    "views": views,
                    "rj_offered": iso(rj_offered),
                    "rj_engaged": rj_engaged,
                    "rj_done": iso(rj_done),
                    "rj_kind": rj_kind,
                    "safety_plan_needed": needed,
                    "safety_plan": self._upto(plan_date),
                    "worker": self.author_on(identified).id,
                }
            )

    # -- circumstances (KPI data) ----------------------------------------------------
    def _circumstances(self, document: dict) -> None:
        main = next(o for o in document["orders"] if o["id"] == self.order_id)
        end = date.fromisoformat(main["end"]) if main["end"] else None
        ended = self.closed or (end is not None and end <= self.limit)
        self.programmes.append((self.order_id, self.start, end if ended else None, True))
        seen = set()
        for of, start, finish, intervention in self.programmes:
            if of in seen or not intervention or start < KPI_FROM or start > self.limit:
                continue
            seen.add(of)
            state = self._circumstance(document, of, start, "start", None)
            if finish is not None and finish <= self.limit:
                self._circumstance(document, of, back_to_weekday(finish), "end", state)

    def _circumstance(self, document: dict, of: str, d: date, point: str, before: dict | None) -> dict:
        t = self.t
        custodial = self.otype in CUSTODIAL and of == self.order_id and point == "start"
        looked_after = self.looked_after

        def item(value: Any) -> Any:
            return None if self._short("kpi_missing") else value

        if custodial:
            accommodation = {"type": "custody", "suitable": True}
        else:
            kind = (
                ("foster_care" if t.random() < 0.6 else "residential_care")
                if looked_after
                else (
                    "family_home"
                    if t.random() < 0.85
                    else t.choice(("relative_or_friend", "supported", "no_fixed_abode"))
                )
            )
            accommodation = {"type": kind, "suitable": kind != "no_fixed_abode" and t.random() < 0.9}
        status = t.choice(("full_time", "full_time", "part_time", "none"))
        if before and before.get("ete") and t.random() < 0.3:
            status = "full_time"
        hours = {"full_time": 25, "part_time": t.choice((6, 10, 12, 15)), "none": 0}[status]
        ete = {
            "status": status,
            "suitable": status == "full_time" or (status == "part_time" and t.random() < 0.4),
            "hours": hours if t.random() < 0.85 else None,
        }
        need = "identified" if t.random() < 0.3 else t.choice(("not_identified", "not_identified", "not_assessed"))
        send = {
            "need": need,
            "plan": t.choice(("ehcp", "ehcp", "other_plan", "none")) if need == "identified" else "none",
        }

        def service_use(rate: float) -> dict:
            screened = t.random() < 0.85
            need_ = screened and t.random() < rate
            offered = need_ and t.random() < 0.8
            return {
                "screened": screened,
                "need": need_,
                "offered": offered,
                "attended": offered and point == "end" and t.random() < 0.7,
            }

        wider = sorted(
            {
                *(["looked_after"] if looked_after else []),
                *(
                    s
                    for s, p in (("early_help", 0.12), ("child_in_need", 0.1), ("child_protection", 0.05))
                    if t.random() < p
                ),
            }
        )
        record = {
            "date": iso(d),
            "point": point,
            "of": of,
            "accommodation": item(accommodation),
            "ete": item(ete),
            "send": item(send),
            "mental_health": item(service_use(0.35)),
            "substance_misuse": item(service_use(0.3)),
            "wider_services": item(wider),
        }
        document["circumstances"].append(record)
        return record


def board_meetings(seed: int, as_of: date) -> list[dict]:
    """The management board's quarterly meetings over the two years to `as_of`: the second
    Tuesday of January, April, July and October, with the partners who attended."""
    rng = random.Random(f"{seed}:board")
    meetings = []
    for year in range(as_of.year - 2, as_of.year + 1):
        for month in (1, 4, 7, 10):
            first = date(year, month, 1)
            tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
            if tuesday > as_of or tuesday < date(as_of.year - 2, as_of.month, 1):
                continue
            attendance = {partner: (None if rng.random() < 0.03 else rng.random() < rate) for partner, rate in PARTNERS}
            meetings.append({"date": iso(tuesday), "attendance": attendance})
    return meetings
