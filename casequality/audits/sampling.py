"""Drawing an audit sample from the stored cases, after the inspectorate's case sampler.

The algorithm (docs/audits.md, "Sampling", and docs/decisions/0005-audit-sampling.md for
the choices it leaves open):

1. Long list: cases with a statutory order that started in the window (by default at
   least 4 weeks and at most 3 months before the as-of date). An order not yet started
   (no start, or a start after the as-of date) whose court date falls in the window
   puts its case on the long list only to be excluded with `order_not_started`. A
   case's stratum and start come from its earliest started statutory order in the
   window; its RoSH from its latest assessment on or before the as-of date (low where
   there is none).
2. Exclusions, in this order, each case once: `sex_not_known`, `order_not_started`,
   `duplicate_child` (same name and date of birth; the case whose order started
   earliest stays, then the lowest case reference).
3. Strata: female; male (and `other`) x custodial/community x RoSH low/not low.
4. Allocation proportional to stratum size, rounded half up; a shortfall is added one
   at a time to the smallest strata first, an excess taken from the largest first; no
   stratum gives more than it holds. Reserve cases (the buffer) are allocated the same
   way from what each stratum has left.
5. Cap: at most `max_per_case_manager` cases (sample and reserves together) from one
   case manager; a capped case manager's case is passed over for the next case of the
   same stratum.
6. Random order within each stratum from the seed, over the stratum's cases sorted by
   reference, so the same long list and seed always give the same sample.

Pure functions (`allocate`, `sample_draw`) work on `Candidate`s; `long_list_read` reads
them from the database in a few queries.
"""

from __future__ import annotations

import math
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Q
from scipy.stats import norm

from casequality.audits.applicability import OUT_OF_COURT_ORDERS
from casequality.audits.frameworks import SampleSizeRule
from casequality.cases.models import Assessment, Case, Order, Service
from casequality.cases.vocabulary import CUSTODIAL_ORDERS, STATUTORY_ORDERS, months_before

STRATA = (
    "female",
    "male_custodial_rosh_low",
    "male_custodial_rosh_not_low",
    "male_community_rosh_low",
    "male_community_rosh_not_low",
)
STRATUM_LABELS = {
    "female": "Female",
    "male_custodial_rosh_low": "Male, custodial, RoSH low",
    "male_custodial_rosh_not_low": "Male, custodial, RoSH medium or above",
    "male_community_rosh_low": "Male, community, RoSH low",
    "male_community_rosh_not_low": "Male, community, RoSH medium or above",
}
# The strata of a framework's children's sample (hmip-youth-2025): the work the case
# is (custody and resettlement, court in the community, out-of-court) x sex x RoSH.
DISPOSALS = ("custody", "community", "out_of_court")
CHILDREN_STRATA = tuple(
    f"{d}_{sex}_rosh_{r}" for d in DISPOSALS for sex in ("female", "male") for r in ("low", "not_low")
)
# The strata of a victims' sample: a person or a business (or other), and whether the
# victim consented to contact.
VICTIM_STRATA = tuple(f"{k}_{c}" for k in ("person", "business_or_other") for c in ("consented", "not_consented"))
_DISPOSAL_WORDS = {
    "custody": "Custody and resettlement",
    "community": "Court, community",
    "out_of_court": "Out-of-court",
}
for _d in DISPOSALS:
    for _sex in ("female", "male"):
        STRATUM_LABELS[f"{_d}_{_sex}_rosh_low"] = f"{_DISPOSAL_WORDS[_d]}, {_sex}, RoSH low"
        STRATUM_LABELS[f"{_d}_{_sex}_rosh_not_low"] = f"{_DISPOSAL_WORDS[_d]}, {_sex}, RoSH medium or above"
STRATUM_LABELS.update(
    {
        "person_consented": "Person, consented to contact",
        "person_not_consented": "Person, no consent to contact",
        "business_or_other_consented": "Business or other, consented",
        "business_or_other_not_consented": "Business or other, no consent",
    }
)
EXCLUSION_REASONS = {
    "sex_not_known": "sex not recorded",
    "order_not_started": "order not yet started",
    "duplicate_child": "same child as another case on the long list",
    "another_victim_of_the_case": "another victim of the same case is on the list (one victims' case per child's case)",
}


def sample_size(caseload: int, rule: SampleSizeRule) -> int:
    """The sample size for a caseload under a framework's size rule (decision 0021).

    The finite-population size at the rule's confidence and margin, p = 0.5, rounded
    up, held between the rule's minimum and maximum; every case where the caseload is
    smaller than the minimum.
    """
    if caseload < 0:
        raise SamplingError("the caseload cannot be negative")
    if caseload <= rule.minimum:
        return caseload
    z = Fraction(str(round(float(norm.ppf(1 - (1 - rule.confidence) / 2)), 6)))
    n0 = z * z * Fraction(1, 4) / (Fraction(str(rule.margin)) ** 2)
    n = Fraction(caseload) * n0 / (caseload + n0 - 1)
    return max(rule.minimum, min(rule.maximum, math.ceil(n)))


class SamplingError(Exception):
    """The sample cannot be drawn as asked (a clear message for the user)."""


@dataclass(frozen=True)
class Candidate:
    """A case on the long list, with what the sampler needs to know of it."""

    case: str
    case_id: int
    case_manager: str | None
    sex: str
    child_name: str = field(repr=False)
    child_dob: date | None = field(repr=False)
    start: date | None  # None: its order has not started
    custodial: bool = False
    rosh_low: bool = True
    # Set for a framework's samples: custody, community or out_of_court (children), or
    # the victim's stratum (victims); None keeps the 2013 strata.
    disposal: str | None = None
    victim_stratum: str | None = None
    victim: str | None = None  # the victim's id within the case, for a victims' sample

    @property
    def stratum(self) -> str:
        if self.victim_stratum is not None:
            return self.victim_stratum
        if self.disposal is not None:
            sex = "female" if self.sex == "female" else "male"
            return f"{self.disposal}_{sex}_rosh_{'low' if self.rosh_low else 'not_low'}"
        if self.sex == "female":
            return "female"
        return f"male_{'custodial' if self.custodial else 'community'}_rosh_{'low' if self.rosh_low else 'not_low'}"

    @property
    def child_key(self) -> tuple[str, date | None]:
        return (" ".join(self.child_name.casefold().split()), self.child_dob)


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date


def sampling_window(as_of: date, *, min_weeks: int = 4, max_months: int = 3) -> Window:
    """Orders that started at least `min_weeks` and at most `max_months` before as_of."""
    return Window(earliest=months_before(as_of, max_months), latest=as_of - timedelta(weeks=min_weeks))


def long_list_read(*, service: Service, as_of: date, window: Window | None = None) -> list[Candidate]:
    """The long list of the service's stored cases, before exclusions. Three queries."""
    window = window or sampling_window(as_of)
    not_started = Q(start__isnull=True) | Q(start__gt=as_of)
    in_window = Q(start__gte=window.earliest, start__lte=window.latest) | (
        not_started & Q(court_date__gte=window.earliest, court_date__lte=window.latest)
    )
    orders = Order.objects.filter(in_window, case__service=service, type__in=STATUTORY_ORDERS)
    by_case: dict[int, list[dict]] = defaultdict(list)
    for row in orders.values("case_id", "start", "court_date", "type", "id"):
        by_case[row["case_id"]].append(row)
    if not by_case:
        return []
    case_ids = orders.values("case_id")
    rosh: dict[int, str] = {}
    for row in (
        Assessment.objects.filter(case_id__in=case_ids, date__lte=as_of)
        .order_by("case_id", "date", "id")
        .values("case_id", "rosh")
    ):
        rosh[row["case_id"]] = (row["rosh"] or {}).get("level", "low")  # the last one wins: latest
    candidates = []
    for row in Case.objects.filter(id__in=case_ids).values(
        "id", "ref", "child_name", "child_dob", "child_sex", "case_manager__ref"
    ):
        case_orders = by_case[row["id"]]
        started = [o for o in case_orders if o["start"] is not None and o["start"] <= as_of]
        if started:
            first = min(started, key=lambda o: (o["start"], o["id"]))
            start = first["start"]
        else:
            first = min(case_orders, key=lambda o: (o["court_date"], o["id"]))
            start = None
        candidates.append(
            Candidate(
                case=row["ref"],
                case_id=row["id"],
                case_manager=row["case_manager__ref"],
                sex=row["child_sex"],
                child_name=row["child_name"],
                child_dob=row["child_dob"],
                start=start,
                custodial=first["type"] in CUSTODIAL_ORDERS,
                rosh_low=rosh.get(row["id"], "low") == "low",
            )
        )
    return sorted(candidates, key=lambda c: c.case)


def _latest_rosh(case_ids, as_of: date) -> dict[int, str]:
    rosh: dict[int, str] = {}
    for row in (
        Assessment.objects.filter(case_id__in=case_ids, date__lte=as_of)
        .order_by("case_id", "date", "id")
        .values("case_id", "rosh")
    ):
        rosh[row["case_id"]] = (row["rosh"] or {}).get("level", "low")  # the last one wins: latest
    return rosh


def _in(window: Window, day: date | None) -> bool:
    return day is not None and window.earliest <= day <= window.latest


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def children_long_list_read(*, service: Service, as_of: date, window: Window | None = None) -> list[Candidate]:
    """The long list of a framework's children's sample (hmip-youth-2025): cases whose
    court disposal or out-of-court disposal started in the window. Out-of-court work is
    a v1 caution order, or an entry of the casequality/2 `out_of_court` list (its start,
    else its decision date). A case's stratum comes from its earliest disposal started
    in the window (custody, community or out_of_court); a statutory order sentenced in
    the window and not started, with nothing else started, is excluded as before."""
    window = window or sampling_window(as_of)
    not_started = Q(start__isnull=True) | Q(start__gt=as_of)
    in_window = Q(start__gte=window.earliest, start__lte=window.latest) | (
        not_started & Q(court_date__gte=window.earliest, court_date__lte=window.latest, type__in=STATUTORY_ORDERS)
    )
    disposals: dict[int, list[tuple[date | None, str, date | None]]] = defaultdict(list)  # (start, kind, court date)
    for row in Order.objects.filter(
        in_window, case__service=service, type__in=STATUTORY_ORDERS | OUT_OF_COURT_ORDERS
    ).values("case_id", "start", "court_date", "type"):
        kind = (
            "out_of_court"
            if row["type"] in OUT_OF_COURT_ORDERS
            else ("custody" if row["type"] in CUSTODIAL_ORDERS else "community")
        )
        start = row["start"] if row["start"] is not None and row["start"] <= as_of else None
        disposals[row["case_id"]].append((start, kind, row["court_date"]))
    for row in Case.objects.filter(service=service).exclude(out_of_court=[]).values("id", "out_of_court"):
        for outcome in row["out_of_court"] or []:
            day = _iso(outcome.get("start")) or _iso(outcome.get("decision_date"))
            if _in(window, day) and day <= as_of:
                disposals[row["id"]].append((day, "out_of_court", None))
    if not disposals:
        return []
    rosh = _latest_rosh(list(disposals), as_of)
    candidates = []
    for row in Case.objects.filter(id__in=list(disposals)).values(
        "id", "ref", "child_name", "child_dob", "child_sex", "case_manager__ref"
    ):
        started = [d for d in disposals[row["id"]] if d[0] is not None]
        first = (
            min(started, key=lambda d: (d[0], DISPOSALS.index(d[1])))
            if started
            else min(disposals[row["id"]], key=lambda d: (d[2] or date.max, DISPOSALS.index(d[1])))
        )
        candidates.append(
            Candidate(
                case=row["ref"],
                case_id=row["id"],
                case_manager=row["case_manager__ref"],
                sex=row["child_sex"],
                child_name=row["child_name"],
                child_dob=row["child_dob"],
                start=first[0] if started else None,
                custodial=first[1] == "custody",
                rosh_low=rosh.get(row["id"], "low") == "low",
                disposal=first[1],
            )
        )
    return sorted(candidates, key=lambda c: c.case)


def victims_long_list_read(*, service: Service, as_of: date, window: Window | None = None) -> list[Candidate]:
    """The long list of a victims' sample: the victims (casequality/2 `victims` of a
    case) the service learned of in the window. Each is stratified by kind (a person,
    or a business or other) and by consent to contact; the cap counts the victim's
    worker (the case manager where none is named)."""
    window = window or sampling_window(as_of)
    candidates = []
    for row in (
        Case.objects.filter(service=service)
        .exclude(victims=[])
        .values("id", "ref", "child_name", "child_dob", "child_sex", "case_manager__ref", "victims")
    ):
        for victim in row["victims"] or []:
            identified = _iso(victim.get("identified"))
            if not _in(window, identified):
                continue
            kind = "person" if victim.get("kind") == "person" else "business_or_other"
            consent = "consented" if victim.get("consent") == "given" else "not_consented"
            candidates.append(
                Candidate(
                    case=row["ref"],
                    case_id=row["id"],
                    case_manager=victim.get("worker") or row["case_manager__ref"],
                    sex=row["child_sex"],
                    child_name=row["child_name"],
                    child_dob=row["child_dob"],
                    start=identified,
                    victim=str(victim.get("id")),
                    victim_stratum=f"{kind}_{consent}",
                )
            )
    return sorted(candidates, key=lambda c: (c.case, c.victim))


def exclusions_apply(candidates: list[Candidate]) -> tuple[list[Candidate], list[tuple[Candidate, str]]]:
    """(eligible, [(excluded, reason)]), each case excluded once, in the spec's order."""
    excluded: list[tuple[Candidate, str]] = []
    remaining = []
    if candidates and candidates[0].victim is not None:
        return _victim_exclusions(candidates)
    for c in candidates:
        if c.sex == "not_known":
            excluded.append((c, "sex_not_known"))
        elif c.start is None:
            excluded.append((c, "order_not_started"))
        else:
            remaining.append(c)
    by_child: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in remaining:
        by_child[c.child_key].append(c)
    eligible = []
    for group in by_child.values():
        group.sort(key=lambda c: (c.start, c.case))
        eligible.append(group[0])
        excluded.extend((c, "duplicate_child") for c in group[1:])
    return sorted(eligible, key=lambda c: c.case), sorted(excluded, key=lambda e: e[0].case)


def _victim_exclusions(candidates: list[Candidate]) -> tuple[list[Candidate], list[tuple[Candidate, str]]]:
    """A victims' long list: one victim per child's case (the one identified first, then
    the lowest id), since an audit answers once per case."""
    by_case: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_case[c.case].append(c)
    eligible, excluded = [], []
    for group in by_case.values():
        group.sort(key=lambda c: (c.start or date.max, c.victim or ""))
        eligible.append(group[0])
        excluded.extend((c, "another_victim_of_the_case") for c in group[1:])
    return sorted(eligible, key=lambda c: c.case), sorted(excluded, key=lambda e: (e[0].case, e[0].victim or ""))


def _round_half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def allocate(weights: dict[str, int], total: int, capacity: dict[str, int] | None = None) -> dict[str, int]:
    """Split `total` over strata in proportion to `weights`, rounded half up.

    A rounding shortfall is added one at a time to the smallest strata first (by
    weight, then name), an excess taken from the largest first; no stratum gets more
    than its capacity (its weight unless given). Raises SamplingError if the strata
    cannot hold `total`.
    """
    capacity = dict(weights) if capacity is None else capacity
    room = sum(capacity.values())
    if total > room:
        raise SamplingError(f"cannot allocate {total} cases: the strata hold only {room}")
    weight_sum = sum(weights.values())
    if total == 0 or weight_sum == 0:
        return {s: 0 for s in weights}
    shares = {s: min(capacity[s], _round_half_up(Fraction(total * w, weight_sum))) for s, w in weights.items()}
    difference = total - sum(shares.values())
    smallest_first = sorted(weights, key=lambda s: (weights[s], s))
    largest_first = sorted(weights, key=lambda s: (-weights[s], s))
    while difference > 0:
        for s in smallest_first:
            if difference and shares[s] < capacity[s]:
                shares[s] += 1
                difference -= 1
    while difference < 0:
        for s in largest_first:
            if difference and shares[s] > 0:
                shares[s] -= 1
                difference += 1
    return shares


@dataclass(frozen=True)
class Picked:
    case: str
    case_id: int
    stratum: str
    case_manager: str | None
    reserve: bool
    victim: str | None = None


@dataclass
class StratumSummary:
    name: str
    long_list: int
    share: float
    sample: int
    sample_share: float
    allocated: int = 0
    reserve: int = 0


@dataclass
class Sample:
    seed: int
    size: int
    as_of: date
    window: Window
    buffer: float
    max_per_case_manager: int
    strata: list[StratumSummary]
    excluded: list[tuple[Candidate, str]]
    cases: list[Picked]
    framework: str | None = None  # set when a framework's strata and size rule drew it
    population: str = "children"
    size_rule: SampleSizeRule | None = None
    caseload: int | None = None  # eligible cases the size rule was applied to

    @property
    def shortfall(self) -> int:
        """Cases the cap per case manager left undrawn."""
        return self.size - sum(1 for c in self.cases if not c.reserve)

    def as_dict(self) -> dict:
        """The JSON shape of `casequality sample --format json` (a framework's sample adds
        `framework`, `population` and, where the size came from the caseload, `size_rule`)."""
        shape = self._shape()
        if self.framework is not None:
            shape["framework"] = self.framework
            shape["population"] = self.population
            if self.size_rule is not None:
                shape["size_rule"] = {
                    "caseload": self.caseload,
                    "minimum": self.size_rule.minimum,
                    "maximum": self.size_rule.maximum,
                    "confidence": self.size_rule.confidence,
                    "margin": self.size_rule.margin,
                    "source": self.size_rule.source,
                    "assumed": self.size_rule.assumed,
                }
            for row, picked in zip(shape["cases"], self.cases):
                if picked.victim is not None:
                    row["victim"] = picked.victim
            for row, (c, _) in zip(shape["excluded"], self.excluded):
                if c.victim is not None:
                    row["victim"] = c.victim
        return shape

    def _shape(self) -> dict:
        return {
            "seed": self.seed,
            "size": self.size,
            "as_of": self.as_of.isoformat(),
            "strata": [
                {
                    "name": s.name,
                    "long_list": s.long_list,
                    "share": s.share,
                    "sample": s.sample,
                    "sample_share": s.sample_share,
                }
                for s in self.strata
            ],
            "excluded": [{"case": c.case, "reason": reason} for c, reason in self.excluded],
            "cases": [
                {"case": p.case, "stratum": p.stratum, "case_manager": p.case_manager, "reserve": p.reserve}
                for p in self.cases
            ],
        }

    def analysis(self) -> dict:
        """What an audit keeps of its draw: the JSON shape plus the parameters used."""
        return {
            **self.as_dict(),
            "window": {"earliest": self.window.earliest.isoformat(), "latest": self.window.latest.isoformat()},
            "buffer": self.buffer,
            "max_per_case_manager": self.max_per_case_manager,
            "allocated": {s.name: s.allocated for s in self.strata},
            "shortfall": self.shortfall,
        }


def seed_new() -> int:
    return secrets.randbelow(2**31)


def sample_draw(
    candidates: list[Candidate],
    *,
    size: int | None,
    as_of: date,
    seed: int,
    buffer: float = 0,
    max_per_case_manager: int = 6,
    window: Window | None = None,
    strata: tuple[str, ...] = STRATA,
    size_rule: SampleSizeRule | None = None,
    framework: str | None = None,
    population: str = "children",
) -> Sample:
    """Draw the sample from a long list (before exclusions). Raises SamplingError.

    Without a size, `size_rule` sets it from the eligible caseload (a framework's rule).
    """
    if size is None:
        if size_rule is None:
            raise SamplingError("give a sample size, or a framework whose size rule sets it from the caseload")
        size = sample_size(len(exclusions_apply(candidates)[0]), size_rule)
        if size == 0:
            raise SamplingError("there are no eligible cases on the long list")
    else:
        size_rule = None
    if size < 1:
        raise SamplingError("the sample size must be at least 1")
    if buffer < 0:
        raise SamplingError("the buffer must be 0% or more")
    if max_per_case_manager < 1:
        raise SamplingError("the cap per case manager must be at least 1")
    eligible, excluded = exclusions_apply(candidates)
    if size > len(eligible):
        raise SamplingError(
            f"the sample size {size} is larger than the {len(eligible)} eligible cases on the long list"
        )
    by_stratum: dict[str, list[Candidate]] = {s: [] for s in strata}
    for c in eligible:
        by_stratum[c.stratum].append(c)
    sizes = {s: len(cs) for s, cs in by_stratum.items()}
    main = allocate(sizes, size)
    left = {s: sizes[s] - main[s] for s in strata}
    reserve_total = min(_round_half_up(Fraction(size) * Fraction(str(buffer)) / 100), sum(left.values()))
    reserves = allocate(sizes, reserve_total, capacity=left)

    per_manager: Counter = Counter()
    picked: list[Picked] = []
    for stratum in strata:
        rng = random.Random(f"casequality-sample/{seed}/{stratum}")
        ordered = sorted(by_stratum[stratum], key=lambda c: (c.case, c.victim or ""))
        ordered = rng.sample(ordered, len(ordered))
        wanted = [(False, main[stratum]), (True, reserves[stratum])]
        taken = {False: 0, True: 0}
        for candidate in ordered:
            phase = next((reserve for reserve, n in wanted if taken[reserve] < n), None)
            if phase is None:
                break
            manager = candidate.case_manager
            if manager is not None and per_manager[manager] >= max_per_case_manager:
                continue  # capped: the next case of this stratum instead
            per_manager[manager] += 1
            taken[phase] += 1
            picked.append(Picked(candidate.case, candidate.case_id, stratum, manager, phase, candidate.victim))
    drawn = Counter(p.stratum for p in picked if not p.reserve)
    drawn_reserve = Counter(p.stratum for p in picked if p.reserve)
    total_drawn = sum(drawn.values())
    summaries = [
        StratumSummary(
            name=s,
            long_list=sizes[s],
            share=round(sizes[s] / len(eligible), 4) if eligible else 0.0,
            sample=drawn[s],
            sample_share=round(drawn[s] / total_drawn, 4) if total_drawn else 0.0,
            allocated=main[s],
            reserve=drawn_reserve[s],
        )
        for s in strata
    ]
    picked.sort(key=lambda p: (p.reserve, strata.index(p.stratum)))  # stable: draw order kept within
    return Sample(
        seed=seed,
        size=size,
        as_of=as_of,
        window=window or sampling_window(as_of),
        buffer=buffer,
        max_per_case_manager=max_per_case_manager,
        strata=summaries,
        excluded=excluded,
        cases=picked,
        framework=framework,
        population=population,
        size_rule=size_rule,
        caseload=len(eligible) if size_rule is not None else None,
    )


def sample_text(sample: Sample) -> str:
    """The sample and its analysis, for a person to read."""
    population = "victims' cases" if sample.population == "victims" else "cases"
    lines = [
        f"Sample of {sample.size} {population} as of {sample.as_of.isoformat()} (seed {sample.seed})"
        + (f", framework {sample.framework}" if sample.framework else ""),
        f"Orders started {sample.window.earliest.isoformat()} to {sample.window.latest.isoformat()}; "
        f"buffer {sample.buffer:g}%; at most {sample.max_per_case_manager} cases per case manager",
        "",
        f"{'Stratum':42} {'long list':>9} {'share':>7} {'sample':>7} {'share':>7} {'reserve':>8}",
    ]
    for s in sample.strata:
        lines.append(
            f"{STRATUM_LABELS[s.name]:42} {s.long_list:9d} {s.share:7.1%} {s.sample:7d} {s.sample_share:7.1%} "
            f"{s.reserve:8d}"
        )
    if sample.size_rule is not None:
        rule = sample.size_rule
        lines.insert(
            2,
            f"Size {sample.size} from a caseload of {sample.caseload} eligible cases "
            f"({rule.minimum} to {rule.maximum}; {rule.source})",
        )
    if sample.shortfall:
        lines.append(f"\nThe cap per case manager left {sample.shortfall} cases undrawn.")
    lines.append(f"\nExcluded ({len(sample.excluded)}):")
    counts = Counter(reason for _, reason in sample.excluded)
    victims = sample.population == "victims"
    for reason, words in EXCLUSION_REASONS.items():
        if (reason == "another_victim_of_the_case") == victims:
            lines.append(f"  {words}: {counts[reason]}")
    for c, reason in sample.excluded:
        lines.append(f"  {c.case}{'/' + c.victim if c.victim else ''}\t{reason}")
    lines.append("\nCases:")
    for p in sample.cases:
        ref = p.case + (f"/{p.victim}" if p.victim else "")
        lines.append(f"  {ref}\t{p.stratum}\t{p.case_manager or '-'}{'\treserve' if p.reserve else ''}")
    return "\n".join(lines)


__all__ = [
    "CHILDREN_STRATA",
    "Candidate",
    "Sample",
    "SamplingError",
    "STRATA",
    "VICTIM_STRATA",
    "allocate",
    "children_long_list_read",
    "exclusions_apply",
    "long_list_read",
    "sample_draw",
    "sample_size",
    "sample_text",
    "sampling_window",
    "seed_new",
    "victims_long_list_read",
]
