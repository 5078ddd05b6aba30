"""The assessments of a case: the start assessment, reviews after time and change,
transfer and end assessments, their Asset scores, evidence, RoSH and vulnerability."""

from __future__ import annotations

from datetime import date, timedelta

from casequality.cases.vocabulary import oversight_reasons
from casequality.demo import texts as T
from casequality.demo.generator.calendar import (
    CUSTODIAL,
    DAY,
    LEVEL_RANK,
    LEVELS,
    STATUTORY,
    add_wd,
    back_to_weekday,
    band_of,
    iso,
    words,
)
from casequality.demo.generator.staffing import Member
from casequality.demo.generator.tables import SECTIONS
from casequality.demo.phrases import pick_sentences

try:  # the similarity the rulebook uses for LOR-004; only a guard against accidental copies
    from rapidfuzz.distance import Indel as _Indel
except ImportError:  # pragma: no cover - rapidfuzz is a dependency
    _Indel = None


class Assessment:
    __slots__ = (
        "id",
        "date",
        "stage",
        "author",
        "instrument",
        "scores",
        "static",
        "band",
        "recorded_band",
        "evidence",
        "rosh_level",
        "screening",
        "full",
        "vuln_level",
        "vuln_evidence",
        "other_agency",
        "barriers",
        "views",
        "parent",
        "countersigned",
        "norm",
    )

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
            "id": self.id,
            "date": iso(self.date),
            "author": self.author,
            "stage": self.stage,
            "instrument": self.instrument,
            "likelihood": likelihood,
            "rosh": {"screening": self.screening, "full": self.full, "level": self.rosh_level},
            "vulnerability": {
                "level": self.vuln_level,
                "evidence": self.vuln_evidence,
                "other_agency_information_used": self.other_agency,
            },
            "diversity_barriers": self.barriers,
            "child_views": self.views,
            "parent_contributed": self.parent,
            "countersigned": self.countersigned,
        }

    def texts(self) -> str:
        parts = list(self.evidence.values())
        if self.full:
            parts.extend(v for k, v in self.full.items() if k != "date")
        parts.append(self.vuln_evidence)
        return " ".join(parts)


SCREENING_KEYS = (
    "harm_related_behaviour",
    "current_offence",
    "other_behaviour",
    "concern_from_others",
    "intuitive_feelings",
)
FULL_KEYS = ("nature_of_harm", "who_at_risk", "victims", "imminence", "risk_factors", "protective_factors")


class AssessmentsMixin:
    """How a case's assessments are written. A part of `CaseBuilder` (casequality/demo/generator/case.py):
    its methods use the builder's random stream and record lists, so the same draws
    happen in the same order as when the builder was one class."""

    def new_assessment(
        self, d: date, stage: str, author: Member, *, initial: bool = False, previous: Assessment | None = None
    ) -> Assessment:
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
            a.scores = [
                min(4, max(0, s + (1 if r < 0.07 else -1 if r < 0.16 else 0)))
                for s, r in zip(previous.scores, (rng.random() for _ in SECTIONS))
            ]
            a.static = min(16, previous.static + (1 if rng.random() < 0.1 else 0))
            a.rosh_level = self.drift(previous.rosh_level)
            a.vuln_level = self.drift(previous.vuln_level)
        thin = not copy and a.instrument == "asset" and self.short("LOR-003") and max(a.scores) >= 2
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

        a.barriers = self.render(
            rng.choice(T.DIVERSITY_BARRIERS[:1] + T.DIVERSITY_BARRIERS[2:])
            if self.has_needs
            else rng.choice(T.DIVERSITY_BARRIERS)
        )
        if stage == "start":
            a.views = None if self.short("ENG-001") else self.render(rng.choice(T.CHILD_VIEWS))
            a.parent = not self.short("ENG-002")
        else:
            a.views = self.render(rng.choice(T.CHILD_VIEWS)) if rng.random() < 0.7 else None
            a.parent = rng.random() < 0.75
        needs_oversight = bool(
            oversight_reasons(rosh_level=a.rosh_level, vulnerability_level=a.vuln_level, full_rosh=a.full is not None)
        )
        a.countersigned = self.oversee(a.id, d, author, needs_oversight)
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
            self.event(
                start,
                "significant_change",
                self.cm.id,
                self.render(T.CHANGE_DETAIL["sentence_start"][0]),
                kind="sentence_start",
            )
            if start_date > start and self.short("REV-001"):
                start_date = add_wd(start, rng.randint(12, 14))  # late for the review after sentence
        elif statutory and self.short("LOR-001"):
            start_date = add_wd(start, due + rng.randint(8, 30))
            if rng.random() < 0.3:
                start_date = limit + DAY  # never done
        self.start_assessment = None
        previous = self.presentence
        if start_date <= limit:
            previous = self.start_assessment = self.new_assessment(
                start_date, "start", self.author_on(start_date), initial=previous is None, previous=previous
            )
        # Significant changes.
        changes: list[tuple[date, str]] = []
        span = (limit - start).days
        if custodial and self.release and self.release <= limit:
            changes.append((self.release, "release"))
        if span > 30:
            for kind, p in (("address", 0.12), ("care_status", 0.04), ("new_offence", 0.08), ("other", 0.04)):
                if rng.random() < p:
                    lo = 20 * 5 // 7
                    hi = max(lo + 1, (span - 20) * 5 // 7)
                    changes.append((add_wd(start, rng.randint(lo, hi)), kind))
        changes = sorted(c for c in changes if c[0] <= limit)
        lapse = None
        if statutory and span > 110 and not self.closed and self.short("REV-002"):
            lapse = self.as_of - timedelta(days=rng.randint(100, min(span, 200)))
        self.changes = changes
        for cdate, kind in changes:
            self.event(
                cdate,
                "significant_change",
                self.cm.id if not self.transfer_date or cdate >= self.transfer_date else self.previous_cm.id,
                self.render(rng.choice(T.CHANGE_DETAIL[kind])),
                kind=kind,
            )
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


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
