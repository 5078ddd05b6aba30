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

Practice is imperfect at plausible rates (RATES below), so that the rules of today's
record have something to find: AssetPlus stages late or never completed, no
self-assessment, a plan made before the explanations and conclusions, a PDAT after the
decision panel, victims offered contact late or never, no victim safety plan where one was
needed, and missing KPI data.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from casequality.demo.generator.calendar import CUSTODIAL, add_wd, back_to_weekday, iso

ASSETPLUS_FROM = date(2016, 4, 4)
YOUTH_CAUTIONS_FROM = date(2013, 4, 8)
OUTCOME_22_FROM = date(2019, 4, 1)
PDAT_FROM = date(2024, 4, 1)
KPI_FROM = date(2023, 4, 1)

# Shortfall rates of today's practice, per eligible item (demo assumptions, not measured).
RATES = {
    "stage_late": 0.10,  # an AssetPlus's stages finished weeks after it was started
    "stage_missing": 0.08,  # a stage never completed
    "no_self_assessment": 0.15,  # the child's self-assessment not recorded
    "plan_before_conclusions": 0.08,  # the plan made before the explanations and conclusions
    "pdat_after_panel": 0.12,  # the PDAT completed after the decision panel
    "pdat_no_child_plan": 0.10,
    "victim_contact_late": 0.15,
    "victim_contact_never": 0.05,
    "views_after_plan": 0.12,
    "no_safety_plan": 0.20,
    "kpi_missing": 0.06,  # each KPI item of a circumstances record not recorded
}

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
    "robbery of a mobile phone", "assault occasioning actual bodily harm", "common assault", "burglary of a dwelling",
    "affray", "assault on an emergency worker", "threats to kill made over social media",
    "racially aggravated harassment", "theft of a pedal cycle",
}
BUSINESS_VICTIM = {"theft from a shop", "criminal damage", "burglary of a garage", "aggravated vehicle taking",
                   "handling stolen goods"}
MINOR_OFFENCES = ("theft from a shop", "criminal damage", "common assault", "public order offences",
                  "theft of a pedal cycle", "handling stolen goods")
LEVEL = {"low": "standard", "medium": "enhanced", "high": "intensive"}
PARTNERS = (("local_authority_childrens_services", 0.95), ("police", 0.85), ("probation", 0.7), ("health", 0.65),
            ("education", 0.75))

DESISTANCE = (
    "Wants to get a place on a {course} course", "Close to {his} grandmother, who sets clear limits",
    "Plays {hobby} at a club with a coach {name} respects", "Has started to see a future beyond the group",
    "A part-time job at a local shop", "Has moved away from the older group", "Sister's new baby: wants to be around",
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
    "Took goods from a shop with two friends; said it was a dare and was sorry straight away.",
    "Pushed another pupil during an argument on the way home; the other boy had a cut lip.",
    "Damaged a bus shelter with friends late in the evening; had been drinking.",
)
CHILD_PLAN = (
    {"strengths": "I'm good at {hobby}", "help_wanted": "Help to stay out of arguments",
     "who_will_help": "My mum and my worker"},
    {"strengths": "I work hard when I like something", "help_wanted": "Help getting back into school",
     "who_will_help": "My teacher and my worker"},
)
PROFESSIONAL_PLAN = (
    "Four sessions on choices and consequences; a letter of apology; referral to the {hobby} club.",
    "Six sessions on peer pressure and online safety; school attendance support with the education worker.",
)
EXIT_WORK = ("Completed all sessions and the letter of apology.", "Attended five of six sessions; joined the club.")
EXIT_WORKED = ("Sessions at the club rather than the office.", "Meeting with {his} mum there.")
EXIT_NEXT = ("Continues at the {hobby} club; no further work.", "Early help worker continues with the family.")
VICTIM_VIEWS = (
    "Wants to know that {name} understands how frightening it was.", "Would like the damage paid for or put right.",
    "Does not want any contact, but wants to be told the outcome.", "Would like an apology letter.",
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

    # -- helpers ---------------------------------------------------------------------
    def _fill(self, text: str) -> str:
        ctx = self.ctx
        return text.format(name=self.first_name, his=ctx.get("his", "their"),
                           hobby=ctx.get("hobby", "football"), course=ctx.get("course", "construction"))

    def _short(self, what: str) -> bool:
        return self.t.random() < min(0.95, RATES[what] * max(self.quality, 0.3))

    def _upto(self, d: date | None) -> str | None:
        """`d` as a date string if it is not after the case's last day, else None (not yet)."""
        return iso(d) if d is not None and d <= self.limit else None

    def _offence(self, document: dict, description: str, d: date) -> str:
        t = self.t
        low, high, violent = OFFENCE_GRAVITY.get(description, (3, 4, False))
        oid = f"OF{len(document['offences']) + 1}"
        document["offences"].append({"id": oid, "date": iso(d), "description": description[0].upper() + description[1:],
                                     "gravity": t.randint(low, high), "serious_violence": violent})
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
            before = t.randint(3, 30) if order["type"] in ("youth_caution", "youth_conditional_caution") else t.randint(20, 120)
            description = self.ctx["offence"] if order["id"] == self.order_id else t.choice(MINOR_OFFENCES)
            self.order_offence[order["id"]] = self._offence(document, description, back_to_weekday(court - timedelta(days=before)))
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
            self._add_out_of_court(document, order["type"], start, offence=self.order_offence[order["id"]],
                                   order=order["id"], intervention=True, end=end, done=done,
                                   first_time=not any(o["start"] < order["start"] for o in document["orders"]))
        # Earlier diversion: a community resolution or outcome 22 before the order.
        if t.random() < 0.22:
            referred = back_to_weekday(self.start - timedelta(days=t.randint(90, 500)))
            kinds = ["community_resolution"] + (["outcome_22", "outcome_22"] if referred >= OUTCOME_22_FROM else [])
            kind = t.choice(kinds)
            oid = self._offence(document, t.choice(MINOR_OFFENCES), back_to_weekday(referred - timedelta(days=t.randint(2, 20))))
            intervention = t.random() < 0.7
            self._add_out_of_court(document, kind, referred, offence=oid, order=None, intervention=intervention,
                                   end=add_wd(referred, t.choice((50, 70, 75))) if intervention else None,
                                   done=True, first_time=False, referred=referred)

    def _add_out_of_court(self, document: dict, kind: str, start: date, *, offence: str, order: str | None,
                          intervention: bool, end: date | None, done: bool, first_time: bool,
                          referred: date | None = None) -> None:
        """An out-of-court outcome: referred, heard at the joint decision panel, decided, and
        its programme. A caution given as an order was decided on its start day."""
        t = self.t
        if order is not None:
            decision = start
            panel = decision if t.random() < 0.85 else back_to_weekday(decision - timedelta(days=t.randint(1, 4)))
            referred = back_to_weekday(panel - timedelta(days=t.randint(7, 20)))
        else:
            panel = add_wd(referred, t.randint(5, 12))
            decision = panel if t.random() < 0.85 else add_wd(panel, t.randint(1, 3))
            start = add_wd(decision, t.randint(1, 10))
        ocid = f"OC{len(document['out_of_court']) + 1}"
        # A youth caution and a YCC make a first-time entrant; a community resolution and outcome 22 do not.
        fte = (first_time if kind in ("youth_caution", "youth_conditional_caution") else False) if t.random() > 0.04 else None
        completed = (t.random() < 0.88) if intervention and done else None
        document["out_of_court"].append({
            "id": ocid, "type": kind, "offence": offence, "referred": iso(referred),
            "panel_date": self._upto(panel), "decision_date": self._upto(decision), "order": order,
            "intervention": intervention, "start": self._upto(start) if intervention else None,
            "end": self._upto(end) if intervention and done else None, "completed": completed,
            "first_time_entrant": fte,
        })
        if order is None:  # a caution's programme is its order's: its circumstances are the order's
            self.programmes.append((ocid, start, end if done else None, intervention))
        if PDAT_FROM <= referred <= self.limit:
            self._pdat(document, ocid, referred, panel, end if done and intervention else None)

    def _pdat(self, document: dict, ocid: str, referred: date, panel: date, ended: date | None) -> None:
        t = self.t
        d = add_wd(referred, t.randint(2, 7))
        if d >= panel or self._short("pdat_after_panel"):
            d = add_wd(panel, t.randint(1, 6))
        if d > self.limit:
            return
        band, _rosh, vuln = self.profile
        author = self.author_on(d)
        exit_plan = None
        if ended is not None and ended <= self.limit:
            exit_plan = {"date": iso(back_to_weekday(ended)), "work_done": self._fill(t.choice(EXIT_WORK)),
                         "what_worked": self._fill(t.choice(EXIT_WORKED)), "safety_wellbeing": t.choice(("low", vuln)),
                         "next_steps": self._fill(t.choice(EXIT_NEXT))}
        child_plan = None if self._short("pdat_no_child_plan") else {
            key: self._fill(value) for key, value in t.choice(CHILD_PLAN).items()}
        signed = None
        if t.random() < 0.6 or vuln in ("high", "very_high"):
            manager = self.staffing.manager_of(author) or self.staffing.qa_leads[0]
            signed = {"by": manager.id, "date": iso(add_wd(d, t.randint(0, 3))), "outcome": "approved", "comment": ""}
            if date.fromisoformat(signed["date"]) > self.limit:
                signed = None
        document["diversion_assessments"].append({
            "id": f"PD{len(document['diversion_assessments']) + 1}", "date": iso(d), "author": author.id,
            "out_of_court": ocid, "circumstances": self._fill(t.choice(PDAT_CIRCUMSTANCES)),
            "behaviour": self._fill(t.choice(PDAT_BEHAVIOUR)), "child_plan": child_plan,
            "professional_plan": self._fill(t.choice(PROFESSIONAL_PLAN)), "safety_wellbeing": vuln,
            "exit_plan": exit_plan, "countersigned": signed,
        })

    # -- AssetPlus -------------------------------------------------------------------
    def _assetplus(self, document: dict) -> None:
        t = self.t
        changes = [(date.fromisoformat(e["date"]), e["id"]) for e in document["events"]
                   if e["type"] == "significant_change" and e.get("kind") != "sentence_start"]
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
            trigger = {"pre_sentence": "start", "start": "start", "review": "review", "transfer": "transfer",
                       "end": "end"}[a["stage"]]
            change = next((cid for cdate, cid in reversed(changes) if cdate <= d <= cdate + timedelta(days=20)), None)
            if trigger == "review" and change is not None:
                trigger = "significant_change"
            else:
                change = None
            author = a["author"]
            gathered = back_to_weekday(d - timedelta(days=t.randint(2, 8)))
            concluded, planned = d, d
            if self._short("stage_late"):
                concluded = add_wd(d, t.randint(15, 30))
                planned = add_wd(concluded, t.randint(0, 3))
            earliest_plan = min(plans_of.get(a["id"], []), default=None)
            if earliest_plan is not None and self._short("plan_before_conclusions"):
                concluded = max(concluded, add_wd(earliest_plan, t.randint(2, 8)))
                planned = max(planned, concluded)
            no_self = self._short("no_self_assessment")
            stages = {
                "information_gathering": (gathered, author),
                "explanations_conclusions": (concluded, author),
                "pathways_planning": (planned, author),
                "self_assessment": (None if no_self else back_to_weekday(gathered - timedelta(days=t.randint(0, 5))),
                                    None if no_self else author),
            }
            if self._short("stage_missing"):
                missing = t.choice(("explanations_conclusions", "pathways_planning"))
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
                "trigger": trigger, "significant_change": change, "stages": stage_docs,
                "rationale": {"likelihood_of_reoffending": self._fill(t.choice(RATIONALE_LOR)),
                              "safety_wellbeing": self._fill(t.choice(RATIONALE_SAW)),
                              "rosh": self._fill(t.choice(RATIONALE_ROSH))},
                "desistance_factors": [self._fill(f) for f in t.sample(DESISTANCE, t.randint(1, 3))],
                "intervention_level": level,
                "child_self_assessment": None if no_self else "About me: " + self._fill(t.choice((
                    "I want to do {hobby} and not get in trouble.", "My mum worries about me. I want to go to college.",
                    "I don't like school but I like my {course} taster days."))),
                "parent_self_assessment": None if t.random() < 0.4 else self._fill("Worried about who {name} goes out with."),
            }
        # Plans that follow an AssetPlus assessment speak its language.
        assetplus_ids = {a["id"] for a in document["assessments"] if a["instrument"] == "assetplus"}
        for plan in document["plans"]:
            if plan["assessment"] in assetplus_ids and plan["objectives"] and t.random() < 0.5:
                objective = plan["objectives"][t.randrange(len(plan["objectives"]))]
                objective["addresses"] = [*objective["addresses"], "desistance"]
                for objective in plan["objectives"]:
                    if objective["addresses"] == ["vulnerability"]:
                        objective["addresses"] = ["safety_wellbeing"]

    # -- victims ---------------------------------------------------------------------
    def _victims(self, document: dict) -> None:
        t = self.t
        first_plan = min((date.fromisoformat(p["date"]) for p in document["plans"] if p["type"] == "intervention"),
                         default=None)
        for offence in list(document["offences"]):
            words = self.offence_words[offence["id"]]
            kind = "person" if words in PERSON_VICTIM else "business" if words in BUSINESS_VICTIM else None
            if kind is None or t.random() < 0.25:
                continue
            order_start = self.start if offence["id"] == self.order_offence.get(self.order_id) else None
            identified = add_wd(order_start or date.fromisoformat(offence["date"]), t.randint(0, 3))
            if identified > self.limit:
                continue
            offered = add_wd(identified, t.randint(1, 8))
            if self._short("victim_contact_late"):
                offered = add_wd(identified, t.randint(16, 30))
            if self._short("victim_contact_never"):
                offered = None
            consent, consent_date = "not_asked", None
            if offered is not None and offered <= self.limit:
                consent = t.choice(("given", "given", "given", "declined", "not_contactable"))
                consent_date = add_wd(offered, t.randint(1, 5)) if consent in ("given", "declined") else None
                if consent_date is not None and consent_date > self.limit:
                    consent, consent_date = "not_asked", None
            views_sought = views = None
            if consent == "given":
                views_sought = add_wd(consent_date, t.randint(0, 4))
                if first_plan is not None and views_sought >= first_plan and not self._short("views_after_plan"):
                    views_sought = max(consent_date, back_to_weekday(first_plan - timedelta(days=1)))
                views = self._fill(t.choice(VICTIM_VIEWS)) if views_sought <= self.limit else None
            rj_offered = rj_engaged = rj_done = rj_kind = None
            if consent == "given" and views_sought is not None:
                rj_offered = add_wd(views_sought, t.randint(2, 10))
                if rj_offered <= self.limit:
                    rj_engaged = t.random() < 0.45
                    if rj_engaged:
                        rj_kind = t.choice(("direct", "indirect", "indirect"))
                        done = add_wd(rj_offered, t.randint(10, 40))
                        rj_done = done if done <= self.limit else None
                else:
                    rj_offered = None
            needed = kind == "person" and (offence["gravity"] >= 5 or t.random() < 0.15)
            plan_date = None
            if needed and not self._short("no_safety_plan"):
                plan_date = add_wd(identified, t.randint(2, 10))
            document["victims"].append({
                "id": f"V{len(document['victims']) + 1}", "offence": offence["id"], "kind": kind,
                "identified": iso(identified), "contact_offered": self._upto(offered), "consent": consent,
                "consent_date": iso(consent_date), "views_sought": self._upto(views_sought), "views": views,
                "rj_offered": iso(rj_offered), "rj_engaged": rj_engaged, "rj_done": iso(rj_done), "rj_kind": rj_kind,
                "safety_plan_needed": needed, "safety_plan": self._upto(plan_date),
                "worker": self.author_on(identified).id,
            })

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
            kind = ("foster_care" if t.random() < 0.6 else "residential_care") if looked_after else (
                "family_home" if t.random() < 0.85 else t.choice(("relative_or_friend", "supported", "no_fixed_abode")))
            accommodation = {"type": kind, "suitable": kind != "no_fixed_abode" and t.random() < 0.9}
        status = t.choice(("full_time", "full_time", "part_time", "none"))
        if before and before.get("ete") and t.random() < 0.3:
            status = "full_time"
        hours = {"full_time": 25, "part_time": t.choice((6, 10, 12, 15)), "none": 0}[status]
        ete = {"status": status, "suitable": status == "full_time" or (status == "part_time" and t.random() < 0.4),
               "hours": hours if t.random() < 0.85 else None}
        need = "identified" if t.random() < 0.3 else t.choice(("not_identified", "not_identified", "not_assessed"))
        send = {"need": need, "plan": t.choice(("ehcp", "ehcp", "other_plan", "none")) if need == "identified" else "none"}

        def service_use(rate: float) -> dict:
            screened = t.random() < 0.85
            need_ = screened and t.random() < rate
            offered = need_ and t.random() < 0.8
            return {"screened": screened, "need": need_, "offered": offered,
                    "attended": offered and point == "end" and t.random() < 0.7}

        wider = sorted({*(["looked_after"] if looked_after else []),
                        *(s for s, p in (("early_help", 0.12), ("child_in_need", 0.1), ("child_protection", 0.05))
                          if t.random() < p)})
        record = {
            "date": iso(d), "point": point, "of": of, "accommodation": item(accommodation), "ete": item(ete),
            "send": item(send), "mental_health": item(service_use(0.35)), "substance_misuse": item(service_use(0.3)),
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
