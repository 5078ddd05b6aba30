"""The plans of a case (intervention, custodial sentence, risk and vulnerability
management) and a referral order's panels, which agree its first plan as a contract."""

from __future__ import annotations

from datetime import date, timedelta

from casequality.demo import texts as T
from casequality.demo.generator.assessments import Assessment
from casequality.demo.generator.calendar import (
    COMMUNITY,
    CUSTODIAL,
    DAY,
    LEVEL_RANK,
    add_months,
    add_wd,
    back_to_weekday,
    iso,
)
from casequality.demo.generator.staffing import Member
from casequality.demo.generator.tables import SECTIONS
from casequality.demo.phrases import pick_sentences


class PlansMixin:
    """How a case's plans and panels are written. A part of `CaseBuilder` (casequality/demo/generator/case.py):
    its methods use the builder's random stream and record lists, so the same draws
    happen in the same order as when the builder was one class."""

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

    def add_plan(
        self,
        ptype: str,
        d: date,
        author: Member,
        a: Assessment | None,
        objectives: list,
        *,
        phases=(),
        contingency=None,
        child_version=None,
        agreed=(True, True),
        review_months=3,
        oversight: bool = False,
    ) -> dict | None:
        if d > self.limit:
            return None
        pid = f"P{len(self.plans) + 1}"
        plan = {
            "id": pid,
            "date": iso(d),
            "author": author.id,
            "type": ptype,
            "assessment": a.id if a is not None else None,
            "objectives": objectives,
            "phases": list(phases),
            "contingency": contingency,
            "agreed_with_child": agreed[0],
            "agreed_with_parent": agreed[1],
            "child_version": child_version,
            "countersigned": None,
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
            elif a.stage in ("review", "transfer") and (
                otype not in CUSTODIAL or (self.release and a.date >= self.release)
            ):
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
            elif (
                a.stage == "review"
                and otype in CUSTODIAL
                and (not self.release or a.date < self.release)
                and rng.random() < 0.5
            ):
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
            child_version = (
                None
                if rng.random() < 0.25
                else " ".join(self.render(p) for p in rng.sample(T.COMPLEX_CHILD_VERSION, 2))
            )
        else:
            child_version = pick_sentences(rng, T.CHILD_VERSION, rng.randint(3, 5), {**self.ctx, "cm": author.first})
        named = a if a.date <= d else None
        self.add_plan(
            "intervention", d, author, named, objectives, child_version=child_version, agreed=agreed, oversight=False
        )

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
        self.add_plan(
            "custodial_sentence",
            d,
            author,
            named,
            objectives,
            phases=phases,
            agreed=(rng.random() < 0.85, rng.random() < 0.7),
            review_months=3,
        )

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
                {
                    "text": self.render(T.OBJECTIVES["rosh"][0]),
                    "addresses": ["rosh"],
                    "by": iso(d + timedelta(weeks=8)),
                    "who": self.render(T.OBJECTIVE_WHO[0]),
                }
            ]
        if self.short("PLAN-002"):
            objectives[0] = self.objective(objectives[0]["addresses"][0], d, vague=True)
        self.add_plan(
            "risk_management",
            d,
            author,
            a,
            objectives,
            contingency=contingency,
            agreed=(rng.random() < 0.8, rng.random() < 0.7),
            oversight=True,
        )

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
        self.add_plan(
            "vulnerability_management",
            d,
            author,
            a,
            objectives,
            contingency=contingency,
            agreed=(rng.random() < 0.85, rng.random() < 0.8),
            oversight=True,
        )

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
        self.reports.append(
            {
                "id": f"R{len(self.reports) + 1}",
                "type": "panel_report",
                "order": self.order_id,
                "requested": True,
                "not_requested_reason": None,
                "yos_challenged": None,
                "date": iso(back_to_weekday(d - timedelta(days=rng.randint(2, 6)))),
                "author": self.author_on(d).id,
                "text": " ".join(self.render(p) for p in T.PANEL_REPORT),
                "discussed_with_child": True,
                "discussed_with_parent": rng.random() < 0.8,
            }
        )
        self.event(
            d,
            "panel_meeting",
            self.author_on(d).id,
            "Initial youth offender panel: contract agreed and signed by " + self.ctx["name"] + ".",
            kind="initial",
        )
        p = add_months(d, 3)
        while p < self.end and p <= self.limit:
            p = add_wd(p, 0)
            self.event(p, "panel_meeting", self.author_on(p).id, "Progress panel: contract reviewed.", kind="progress")
            p = add_months(p, 3)
        if self.closed:
            self.event(
                back_to_weekday(self.end), "panel_meeting", self.cm.id, "Final panel: order completed.", kind="final"
            )
