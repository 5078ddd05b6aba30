"""Audit frameworks as data: load, validate and look up the YAML files.

The frameworks shipped live in `casequality/audits/frameworks/*.yaml`; a service adds
its own by naming a directory in the setting CASEQUALITY_FRAMEWORK_DIRS (environment
variable of the same name, comma-separated). A file there with the id of a shipped
framework replaces it. Every file is validated when first read: a bad file raises
`FrameworkError` listing every problem with its place in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from casequality.audits.applicability import CONDITIONS

SHIPPED_DIR = Path(__file__).resolve().parent / "frameworks"
ANSWERS = ("yes", "no", "n/a")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
QUESTION_ID = re.compile(r"^[A-Z]{0,2}[0-9]+(\.[0-9]+)*[a-z]?$")
FRAMEWORK_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RULE_ID = re.compile(r"^[A-Z]+-[0-9]{3}$")
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")
# The three lenses every key question of HMIP's youth standards is read through.
LENSES = {
    "positive_change": "supporting the child's desistance (positive change)",
    "child_safety": "keeping the child safe",
    "community_safety": "keeping other people (the community) safe",
}
SAMPLES = ("children", "victims")
OVERALL_METHODS = ("points", "lowest_area")


class FrameworkError(Exception):
    """A framework file is invalid, or no framework has the id asked for."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or []
        super().__init__(message + ("".join(f"\n  {p}" for p in self.problems)))


@dataclass(frozen=True)
class Suggestion:
    rule: str
    reason: str | None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    theme_id: str
    applies_to: tuple[str, ...]
    applies_to_text: str
    subject: str
    predicate: str
    reasons: dict[str, str]
    suggested_by: tuple[Suggestion, ...] = ()
    key: bool = False
    source: str = ""
    prompts: tuple[str, ...] = ()
    lenses: tuple[str, ...] = ()
    assumed: str | None = None  # the id of the framework's assumption this question rests on

    @property
    def html_id(self) -> str:
        return f"q-{self.id}"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    questions: tuple[Question, ...]
    domain: str = ""
    source: str = ""
    sample: str = "children"  # which sample's cases answer this theme's questions
    assumed: str | None = None


@dataclass(frozen=True)
class JudgedStandard:
    """A standard inspectors rate from evidence other than the case sample
    (organisational delivery, policy and provision): its rating is given, not counted."""

    id: str
    title: str
    domain: str
    source: str
    prompts: tuple[str, ...]
    in_overall: bool
    assumed: str | None = None


@dataclass(frozen=True)
class Assumption:
    id: str
    text: str


@dataclass(frozen=True)
class SampleSizeRule:
    """Sample size by caseload: finite-population size at `confidence` and `margin`
    (p = 0.5), rounded up, held between `minimum` and `maximum`; every case where the
    caseload is below the minimum."""

    minimum: int
    maximum: int
    confidence: float
    margin: float
    source: str
    assumed: str | None = None


@dataclass(frozen=True)
class SamplingRules:
    sizes: dict[str, SampleSizeRule]
    max_per_case_manager: int
    source: str
    max_per_case_manager_assumed: str | None = None


@dataclass(frozen=True)
class Band:
    rating: str
    at_least: Fraction  # percent


@dataclass(frozen=True)
class RatingRules:
    standard_bands: tuple[Band, ...]
    overall_bands: tuple[Band, ...]
    points: dict[str, int]
    standards_in_inspection: int
    labels: dict[str, str]
    standard_source: str = ""
    overall_source: str = ""
    standard_assumed: str | None = None
    overall_assumed: str | None = None
    overall_standards: tuple[str, ...] = ()  # the standards counted, in order; () = not listed
    # How the overall rating is reached: "points" (the standards' points summed and
    # banded) or "lowest_area" (each area the lowest of its standards, the overall the
    # lowest area: decision 0054). Areas are (id, title, standard ids).
    overall_method: str = "points"
    areas: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ReportSettings:
    strength_at_least: Fraction = Fraction(75)
    improvement_below: Fraction = Fraction(65)
    compare_alpha: float = 0.05
    confidence: float = 0.90
    assumed: str | None = None  # the assumption the thresholds of strengths and improvements rest on


@dataclass(frozen=True)
class SelfAssessmentBand:
    label: str
    at_least: Fraction  # percent of the standard's case-questions answered yes


@dataclass(frozen=True)
class SelfAssessmentStandard:
    """One standard in a self-assessment report's own layout: the body's heading for it and
    the prompts of its strategic self-assessment (the service's narrative)."""

    id: str  # a theme's id
    title: str  # the body's heading for the standard
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class SelfAssessmentLayout:
    """A self-assessment report in the layout of the body it answers to (the YJB's National
    Standards self-assessment, decision 0055): its sections' headings in order, each
    standard's strategic and operational parts, and the bandings of a standard's result."""

    title: str
    source: str
    sections: dict[str, str]  # section key -> heading, in the body's order
    standards: tuple[SelfAssessmentStandard, ...]
    bands: tuple[SelfAssessmentBand, ...]
    bands_source: str = ""
    bands_assumed: str | None = None
    strategic_assumed: str | None = None
    tracking_assumed: str | None = None

    def band(self, percent: Fraction | None) -> str | None:
        """The banding of a share (None without one): the first band it reaches."""
        if percent is None:
            return None
        return next((b.label for b in self.bands if percent >= b.at_least), None)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(b.label for b in self.bands)

    def band_words(self) -> list[tuple[str, str]]:
        """Each band's label and the results it takes, in words ("80% or more", "below 50%")."""
        words = []
        for i, b in enumerate(self.bands):
            if b.at_least == 0 and i:
                words.append((b.label, f"below {self.bands[i - 1].at_least}%"))
            else:
                words.append((b.label, f"{b.at_least}% or more"))
        return words


SELF_ASSESSMENT_SECTIONS = ("results", "strategic", "operational", "bandings", "improvement", "tracking")


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    edition: str
    description: str
    themes: tuple[Theme, ...]
    report: ReportSettings
    rating: RatingRules | None
    path: Path = field(compare=False)
    source: str = ""
    assumptions: tuple[Assumption, ...] = ()
    judged_standards: tuple[JudgedStandard, ...] = ()
    sampling: SamplingRules | None = None
    self_assessment: SelfAssessmentLayout | None = None

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def assumption(self, assumption_id: str | None) -> Assumption | None:
        return next((a for a in self.assumptions if a.id == assumption_id), None)

    def _assumed(self, ids) -> list[Assumption]:
        seen = dict.fromkeys(i for i in ids if i)
        return [a for a in (self.assumption(i) for i in seen) if a is not None]

    def sampling_assumptions(self) -> list[Assumption]:
        """The assumptions the sample's size and cap rest on (figures no published source gives)."""
        if self.sampling is None:
            return []
        return self._assumed(
            [*(r.assumed for r in self.sampling.sizes.values()), self.sampling.max_per_case_manager_assumed]
        )

    def rating_assumptions(self) -> list[Assumption]:
        """The assumptions the ratings rest on: the bands of a standard and the overall rating."""
        if self.rating is None:
            return []
        return self._assumed([self.rating.standard_assumed, self.rating.overall_assumed])

    def report_assumptions(self) -> list[Assumption]:
        """The assumptions the report's thresholds (a strength, an area for improvement) rest on."""
        return self._assumed([self.report.assumed])

    def question_assumptions(self) -> list[Assumption]:
        """The assumptions the questions' wording rests on."""
        return self._assumed([q.assumed for q in self.questions])

    def self_assessment_assumptions(self, part: str) -> list[Assumption]:
        """The assumptions a part of the self-assessment's own layout rests on: "bands",
        "strategic" (its prompts) or "tracking"."""
        layout = self.self_assessment
        if layout is None:
            return []
        return self._assumed(
            [
                {
                    "bands": layout.bands_assumed,
                    "strategic": layout.strategic_assumed,
                    "tracking": layout.tracking_assumed,
                }[part]
            ]
        )

    def themes_for(self, sample: str) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.sample == sample)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for t in self.themes for q in t.questions)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]


class _Reader:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        self.assumed_refs: list[tuple[str, str]] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def mapping(
        self, value: Any, where: str, required: AbstractSet[str], optional: AbstractSet[str] = frozenset()
    ) -> dict:
        if not isinstance(value, dict):
            self.problem(where, f"must be a mapping, not {type(value).__name__}")
            return {}
        for key in sorted(required - value.keys()):
            self.problem(where, f"'{key}' is missing")
        for key in sorted(set(value) - required - set(optional)):
            self.problem(where, f"unknown key '{key}' (expected {', '.join(sorted(required | set(optional)))})")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "must be non-empty text")
            return ""
        return value.strip()

    def optional_text(self, value: Any, where: str) -> str:
        return "" if value is None else self.text(value, where)

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(where, "must be a list of texts")
            return ()
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def assumed(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "must name an assumption (an id from `assumptions`)")
            return None
        self.assumed_refs.append((where, value))
        return value

    def number(self, value: Any, where: str, low: float, high: float) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.problem(where, f"must be a number from {low:g} to {high:g}, not {value!r}")
            return Fraction(0)
        return Fraction(str(value))


def _bands(r: _Reader, raw: Any, where: str, top: float) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        r.problem(where, "must be a non-empty list of {rating, at_least}")
        return ()
    bands = []
    for i, item in enumerate(raw):
        item = r.mapping(item, f"{where}[{i}]", {"rating", "at_least"})
        rating = item.get("rating")
        if rating not in RATINGS:
            r.problem(f"{where}[{i}].rating", f"{rating!r} is not one of {', '.join(RATINGS)}")
        bands.append(
            Band(rating=str(rating), at_least=r.number(item.get("at_least", 0), f"{where}[{i}].at_least", 0, top))
        )
    if [b.at_least for b in bands] != sorted((b.at_least for b in bands), reverse=True) or len(
        {b.at_least for b in bands}
    ) != len(bands):
        r.problem(where, "bands must be listed from the highest lower bound down, without repeats")
    if bands and bands[-1].at_least != 0:
        r.problem(where, "the last band must start at 0, so that every value has a rating")
    return tuple(bands)


def _rating(r: _Reader, raw: Any) -> RatingRules | None:
    if raw is None:
        return None
    raw = r.mapping(raw, "rating", {"standard", "overall", "labels"})
    standard = r.mapping(raw.get("standard", {}), "rating.standard", {"method", "bands"}, {"source", "assumed"})
    if standard.get("method") != "lowest_key_question":
        r.problem("rating.standard.method", f"{standard.get('method')!r} is not a known method (lowest_key_question)")
    overall_raw = raw.get("overall", {})
    method = overall_raw.get("method", "points") if isinstance(overall_raw, dict) else "points"
    if method not in OVERALL_METHODS:
        r.problem("rating.overall.method", f"{method!r} is not one of {', '.join(OVERALL_METHODS)}")
        method = "points"
    if method == "lowest_area":  # no points: the areas say how the overall rating is reached
        overall_raw = {"points": {k: i for i, k in enumerate(reversed(RATINGS))}, "bands": [], **overall_raw}
    overall = r.mapping(
        overall_raw,
        "rating.overall",
        {"standards_in_inspection", "points", "bands"},
        {"source", "assumed", "standards", "method", "areas"},
    )
    n = overall.get("standards_in_inspection")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        r.problem("rating.overall.standards_in_inspection", f"must be a whole number of at least 1, not {n!r}")
        n = 1
    points = overall.get("points", {})
    if (
        not isinstance(points, dict)
        or set(points) != set(RATINGS)
        or not all(isinstance(v, int) for v in points.values())
    ):
        r.problem("rating.overall.points", f"must give whole-number points for each of {', '.join(RATINGS)}")
        points = {k: 0 for k in RATINGS}
    top = max(points.values(), default=0) * n
    labels = raw.get("labels", {})
    if not isinstance(labels, dict) or set(labels) != set(RATINGS):
        r.problem("rating.labels", f"must name each of {', '.join(RATINGS)}")
        labels = {k: k.replace("_", " ").capitalize() for k in RATINGS}
    return RatingRules(
        standard_bands=_bands(r, standard.get("bands"), "rating.standard.bands", 100),
        overall_bands=(_bands(r, overall.get("bands"), "rating.overall.bands", top) if method == "points" else ()),
        points=dict(points),
        standards_in_inspection=n,
        labels=dict(labels),
        standard_source=r.optional_text(standard.get("source"), "rating.standard.source"),
        overall_source=r.optional_text(overall.get("source"), "rating.overall.source"),
        standard_assumed=r.assumed(standard.get("assumed"), "rating.standard.assumed"),
        overall_assumed=r.assumed(overall.get("assumed"), "rating.overall.assumed"),
        overall_standards=_overall_standards(r, overall.get("standards"), n),
        overall_method=str(method),
        areas=_areas(r, overall.get("areas"), method, overall.get("standards")),
    )


def _areas(r: _Reader, raw: Any, method: str, standards: Any) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    if raw is None:
        if method == "lowest_area":
            r.problem("rating.overall.areas", "the lowest_area method needs its areas")
        return ()
    if not isinstance(raw, list) or not raw:
        r.problem("rating.overall.areas", "must be a list of {id, title, standards}")
        return ()
    areas = []
    for i, item in enumerate(raw):
        item = r.mapping(item, f"rating.overall.areas[{i}]", {"id", "title", "standards"})
        ids = item.get("standards")
        if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
            r.problem(f"rating.overall.areas[{i}].standards", "must be a non-empty list of standard ids")
            ids = []
        areas.append(
            (str(item.get("id", "")), r.text(item.get("title"), f"rating.overall.areas[{i}].title"), tuple(ids))
        )
    listed = [sid for _, _, ids in areas for sid in ids]
    if isinstance(standards, list) and sorted(listed) != sorted(standards):
        r.problem("rating.overall.areas", "the areas must share out exactly the standards listed, each once")
    return tuple(areas)


def _overall_standards(r: _Reader, raw: Any, n: int) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw) or len(set(raw)) != len(raw):
        r.problem("rating.overall.standards", "must be a list of distinct standard ids")
        return ()
    if len(raw) != n:
        r.problem("rating.overall.standards", f"lists {len(raw)} standards but standards_in_inspection is {n}")
    return tuple(raw)


def _question(r: _Reader, raw: Any, where: str, theme_id: str, has_rating: bool) -> Question:
    raw = r.mapping(
        raw,
        where,
        {"id", "text", "applies_to", "applies_to_text", "subject", "predicate", "reasons"},
        {"suggested_by", "key", "source", "prompts", "lenses", "assumed"},
    )
    qid = str(raw.get("id", ""))
    if not QUESTION_ID.match(qid):
        r.problem(f"{where}.id", f"{qid!r} is not a question id like 1.2 or 4.6a")
    applies_to = raw.get("applies_to")
    if not isinstance(applies_to, list) or not applies_to:
        r.problem(f"{where}.applies_to", "must be a non-empty list of conditions")
        applies_to = []
    for j, name in enumerate(applies_to):
        if name not in CONDITIONS:
            r.problem(f"{where}.applies_to[{j}]", f"unknown condition {name!r} (known: {', '.join(CONDITIONS)})")
    reasons = raw.get("reasons")
    if reasons is None or not isinstance(reasons, dict):
        r.problem(f"{where}.reasons", "must be a mapping of snake_case key to words ({} for none)")
        reasons = {}
    for key, words in reasons.items():
        if not isinstance(key, str) or not SNAKE.match(key):
            r.problem(f"{where}.reasons", f"key {key!r} is not snake_case")
        r.text(words, f"{where}.reasons.{key}")
    suggestions = []
    raw_suggested = raw.get("suggested_by", [])
    if not isinstance(raw_suggested, list):
        r.problem(f"{where}.suggested_by", "must be a list of {rule, reason}")
        raw_suggested = []
    for j, item in enumerate(raw_suggested):
        item = r.mapping(item, f"{where}.suggested_by[{j}]", {"rule"}, {"reason"})
        rule = item.get("rule")
        if not isinstance(rule, str) or not RULE_ID.match(rule):
            r.problem(f"{where}.suggested_by[{j}].rule", f"{rule!r} is not a rule id like ROSH-002")
        reason = item.get("reason")
        if reason is not None and reason not in reasons:
            r.problem(f"{where}.suggested_by[{j}].reason", f"{reason!r} is not one of this question's reasons")
        suggestions.append(Suggestion(rule=str(rule), reason=reason))
    key = raw.get("key", False)
    if not isinstance(key, bool):
        r.problem(f"{where}.key", "must be true or false")
    return Question(
        id=qid,
        text=r.text(raw.get("text"), f"{where}.text"),
        theme_id=theme_id,
        applies_to=tuple(applies_to),
        applies_to_text=r.text(raw.get("applies_to_text"), f"{where}.applies_to_text"),
        subject=r.text(raw.get("subject"), f"{where}.subject"),
        predicate=r.text(raw.get("predicate"), f"{where}.predicate"),
        reasons={str(k): str(v) for k, v in reasons.items()},
        suggested_by=tuple(suggestions),
        key=bool(key),
        source=r.optional_text(raw.get("source"), f"{where}.source"),
        prompts=r.texts(raw.get("prompts"), f"{where}.prompts"),
        lenses=_lenses(r, raw.get("lenses"), f"{where}.lenses"),
        assumed=r.assumed(raw.get("assumed"), f"{where}.assumed"),
    )


def _lenses(r: _Reader, raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(x in LENSES for x in raw):
        r.problem(where, f"must be a list of lenses ({', '.join(LENSES)})")
        return ()
    return tuple(raw)


def _judged(r: _Reader, raw: Any) -> tuple[JudgedStandard, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.problem("judged_standards", "must be a list")
        return ()
    out = []
    for i, item in enumerate(raw):
        where = f"judged_standards[{i}]"
        item = r.mapping(item, where, {"id", "title", "domain", "source"}, {"prompts", "in_overall", "assumed"})
        in_overall = item.get("in_overall", True)
        if not isinstance(in_overall, bool):
            r.problem(f"{where}.in_overall", "must be true or false")
        out.append(
            JudgedStandard(
                id=str(item.get("id", "")),
                title=r.text(item.get("title"), f"{where}.title"),
                domain=r.text(item.get("domain"), f"{where}.domain"),
                source=r.text(item.get("source"), f"{where}.source"),
                prompts=r.texts(item.get("prompts"), f"{where}.prompts"),
                in_overall=bool(in_overall),
                assumed=r.assumed(item.get("assumed"), f"{where}.assumed"),
            )
        )
    return tuple(out)


def _assumptions(r: _Reader, raw: Any) -> tuple[Assumption, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.problem("assumptions", "must be a list of {id, text}")
        return ()
    out = []
    for i, item in enumerate(raw):
        item = r.mapping(item, f"assumptions[{i}]", {"id", "text"})
        out.append(Assumption(id=str(item.get("id", "")), text=r.text(item.get("text"), f"assumptions[{i}].text")))
    return tuple(out)


def _sampling(r: _Reader, raw: Any) -> SamplingRules | None:
    if raw is None:
        return None
    raw = r.mapping(raw, "sampling", {"sizes", "max_per_case_manager", "source"}, {"max_per_case_manager_assumed"})
    sizes = {}
    raw_sizes = raw.get("sizes", {})
    if not isinstance(raw_sizes, dict) or not raw_sizes or not set(raw_sizes) <= set(SAMPLES):
        r.problem("sampling.sizes", f"must map some of {', '.join(SAMPLES)} to a size rule")
        raw_sizes = {}
    for name, item in raw_sizes.items():
        where = f"sampling.sizes.{name}"
        item = r.mapping(item, where, {"minimum", "maximum", "confidence", "margin", "source"}, {"assumed"})
        low, high = item.get("minimum"), item.get("maximum")
        if not (
            isinstance(low, int)
            and not isinstance(low, bool)
            and isinstance(high, int)
            and not isinstance(high, bool)
            and 1 <= low <= high
        ):
            r.problem(
                where, f"minimum and maximum must be whole numbers, 1 <= minimum <= maximum, not {low!r}, {high!r}"
            )
            low, high = 1, 1
        sizes[name] = SampleSizeRule(
            minimum=low,
            maximum=high,
            confidence=float(r.number(item.get("confidence", 0.8), f"{where}.confidence", 0.5, 0.999)),
            margin=float(r.number(item.get("margin", 0.1), f"{where}.margin", 0.01, 0.5)),
            source=r.text(item.get("source"), f"{where}.source"),
            assumed=r.assumed(item.get("assumed"), f"{where}.assumed"),
        )
    cap = raw.get("max_per_case_manager")
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
        r.problem("sampling.max_per_case_manager", f"must be a whole number of at least 1, not {cap!r}")
        cap = 1
    return SamplingRules(
        sizes=sizes,
        max_per_case_manager=cap,
        source=r.text(raw.get("source"), "sampling.source"),
        max_per_case_manager_assumed=r.assumed(
            raw.get("max_per_case_manager_assumed"), "sampling.max_per_case_manager_assumed"
        ),
    )


def _self_assessment(r: _Reader, raw: Any, theme_ids: list[str]) -> SelfAssessmentLayout | None:
    if raw is None:
        return None
    where = "self_assessment"
    raw = r.mapping(
        raw, where, {"title", "source", "sections", "standards", "bands"}, {"strategic_assumed", "tracking_assumed"}
    )
    sections = raw.get("sections")
    if not isinstance(sections, dict) or list(sections) != list(SELF_ASSESSMENT_SECTIONS):
        r.problem(f"{where}.sections", f"must name, in this order, {', '.join(SELF_ASSESSMENT_SECTIONS)}")
        sections = {}
    standards = []
    raw_standards = raw.get("standards")
    if not isinstance(raw_standards, list):
        r.problem(f"{where}.standards", "must be a list of {id, title, prompts}")
        raw_standards = []
    for i, item in enumerate(raw_standards):
        item = r.mapping(item, f"{where}.standards[{i}]", {"id", "title"}, {"prompts"})
        standards.append(
            SelfAssessmentStandard(
                id=str(item.get("id", "")),
                title=r.text(item.get("title"), f"{where}.standards[{i}].title"),
                prompts=r.texts(item.get("prompts"), f"{where}.standards[{i}].prompts"),
            )
        )
    if [s.id for s in standards] != theme_ids:
        r.problem(f"{where}.standards", f"must list every theme once, in the themes' order ({', '.join(theme_ids)})")
    bands_raw = r.mapping(raw.get("bands", {}), f"{where}.bands", {"levels"}, {"source", "assumed"})
    bands = []
    levels = bands_raw.get("levels")
    if not isinstance(levels, list) or not levels:
        r.problem(f"{where}.bands.levels", "must be a non-empty list of {label, at_least}")
        levels = []
    for i, item in enumerate(levels):
        item = r.mapping(item, f"{where}.bands.levels[{i}]", {"label", "at_least"})
        bands.append(
            SelfAssessmentBand(
                label=r.text(item.get("label"), f"{where}.bands.levels[{i}].label"),
                at_least=r.number(item.get("at_least", 0), f"{where}.bands.levels[{i}].at_least", 0, 100),
            )
        )
    edges = [b.at_least for b in bands]
    if edges != sorted(set(edges), reverse=True) or (edges and edges[-1] != 0):
        r.problem(f"{where}.bands.levels", "must go from the highest lower bound down to 0, without repeats")
    return SelfAssessmentLayout(
        title=r.text(raw.get("title"), f"{where}.title"),
        source=r.text(raw.get("source"), f"{where}.source"),
        sections={str(k): r.text(v, f"{where}.sections.{k}") for k, v in sections.items()},
        standards=tuple(standards),
        bands=tuple(bands),
        bands_source=r.optional_text(bands_raw.get("source"), f"{where}.bands.source"),
        bands_assumed=r.assumed(bands_raw.get("assumed"), f"{where}.bands.assumed"),
        strategic_assumed=r.assumed(raw.get("strategic_assumed"), f"{where}.strategic_assumed"),
        tracking_assumed=r.assumed(raw.get("tracking_assumed"), f"{where}.tracking_assumed"),
    )


def framework_parse(data: Any, path: Path) -> Framework:
    """A Framework from a parsed YAML document. Raises FrameworkError with every problem."""
    r = _Reader(path)
    data = r.mapping(
        data,
        "",
        {"id", "title", "themes"},
        {
            "edition",
            "description",
            "report",
            "rating",
            "source",
            "assumptions",
            "judged_standards",
            "sampling",
            "self_assessment",
        },
    )
    fid = data.get("id")
    if not isinstance(fid, str) or not FRAMEWORK_ID.match(fid):
        r.problem("id", f"{fid!r} is not an id like sqs-2013 (lower case, digits and hyphens)")
    report_raw = r.mapping(
        data.get("report", {}),
        "report",
        set(),
        {"strength_at_least", "improvement_below", "compare_alpha", "confidence", "assumed"},
    )
    defaults = ReportSettings()
    report = ReportSettings(
        strength_at_least=r.number(report_raw.get("strength_at_least", 75), "report.strength_at_least", 0, 100),
        improvement_below=r.number(report_raw.get("improvement_below", 65), "report.improvement_below", 0, 100),
        compare_alpha=float(
            r.number(report_raw.get("compare_alpha", defaults.compare_alpha), "report.compare_alpha", 0.001, 0.5)
        ),
        confidence=float(r.number(report_raw.get("confidence", defaults.confidence), "report.confidence", 0.5, 0.999)),
        assumed=r.assumed(report_raw.get("assumed"), "report.assumed"),
    )
    rating = _rating(r, data.get("rating"))
    themes = []
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        r.problem("themes", "must be a non-empty list")
        raw_themes = []
    seen: set[str] = set()
    for i, raw_theme in enumerate(raw_themes):
        raw_theme = r.mapping(
            raw_theme, f"themes[{i}]", {"id", "title", "questions"}, {"domain", "source", "sample", "assumed"}
        )
        sample = raw_theme.get("sample", "children")
        if sample not in SAMPLES:
            r.problem(f"themes[{i}].sample", f"{sample!r} is not one of {', '.join(SAMPLES)}")
        tid = str(raw_theme.get("id", ""))
        raw_questions = raw_theme.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            r.problem(f"themes[{i}].questions", "must be a non-empty list")
            raw_questions = []
        questions = tuple(
            _question(r, q, f"themes[{i}].questions[{j}]", tid, rating is not None) for j, q in enumerate(raw_questions)
        )
        for j, q in enumerate(questions):
            if q.id in seen:
                r.problem(f"themes[{i}].questions[{j}].id", f"{q.id!r} is used twice")
            seen.add(q.id)
        if rating is not None and not any(q.key for q in questions):
            r.problem(f"themes[{i}]", "a rated framework needs at least one key question per theme (key: true)")
        themes.append(
            Theme(
                id=tid,
                title=r.text(raw_theme.get("title"), f"themes[{i}].title"),
                questions=questions,
                domain=r.optional_text(raw_theme.get("domain"), f"themes[{i}].domain"),
                source=r.optional_text(raw_theme.get("source"), f"themes[{i}].source"),
                sample=str(sample),
                assumed=r.assumed(raw_theme.get("assumed"), f"themes[{i}].assumed"),
            )
        )
    assumptions = _assumptions(r, data.get("assumptions"))
    judged = _judged(r, data.get("judged_standards"))
    sampling = _sampling(r, data.get("sampling"))
    self_assessment = _self_assessment(r, data.get("self_assessment"), [t.id for t in themes])
    known_assumptions = {a.id for a in assumptions}
    for where, ref in r.assumed_refs:
        if ref not in known_assumptions:
            r.problem(where, f"{ref!r} is not one of the framework's assumptions")
    standard_ids = [t.id for t in themes] + [j.id for j in judged]
    if len(set(standard_ids)) != len(standard_ids):
        r.problem("judged_standards", "a judged standard has the id of a theme or of another judged standard")
    if rating is not None:
        for sid in rating.overall_standards:
            if sid not in standard_ids:
                r.problem("rating.overall.standards", f"{sid!r} is neither a theme nor a judged standard")
    if r.problems:
        raise FrameworkError(f"{path}: invalid framework", r.problems)
    return Framework(
        id=fid,
        title=data["title"].strip(),
        edition=str(data.get("edition", "")),
        description=str(data.get("description", "")).strip(),
        themes=tuple(themes),
        report=report,
        rating=rating,
        path=path,
        source=str(data.get("source", "")).strip(),
        assumptions=assumptions,
        judged_standards=judged,
        sampling=sampling,
        self_assessment=self_assessment,
    )


def framework_load(path: Path) -> Framework:
    """Read and validate one framework file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML", [str(exc)]) from None
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot be read ({exc.strerror})") from None
    return framework_parse(data, path)


def _directories() -> tuple[Path, ...]:
    extra = getattr(settings, "CASEQUALITY_FRAMEWORK_DIRS", []) or []
    return (SHIPPED_DIR, *(Path(d) for d in extra))


@lru_cache(maxsize=8)
def _frameworks(directories: tuple[Path, ...]) -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    for directory in directories:
        if not directory.is_dir():
            raise FrameworkError(f"CASEQUALITY_FRAMEWORK_DIRS: {directory} is not a directory")
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            framework = framework_load(path)
            found[framework.id] = framework  # later directories replace earlier ones
    return found


def frameworks_all() -> list[Framework]:
    """Every framework available, by id."""
    return sorted(_frameworks(_directories()).values(), key=lambda f: f.id)


def framework_get(framework_id: str) -> Framework:
    """The framework with this id. Raises FrameworkError naming the ones that exist."""
    found = _frameworks(_directories())
    try:
        return found[framework_id]
    except KeyError:
        raise FrameworkError(f"No framework {framework_id!r}; known: {', '.join(sorted(found))}") from None


def framework_data(framework_id: str) -> dict:
    """The framework file's content as plain data (JSON-safe), to be frozen on an audit."""
    path = framework_get(framework_id).path
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


FROZEN_TEXT = "json"


def frozen_copy(data: dict) -> dict:
    """What an audit keeps of its framework (Audit.framework_frozen): the data as one JSON
    text, so that the order of its mappings (a question's reasons, the rating labels) stays
    the file's on any database (PostgreSQL's jsonb orders an object's keys its own way)."""
    return {FROZEN_TEXT: json.dumps(data)}


def frozen_text(frozen: dict) -> str:
    """The JSON text of a frozen copy (frozen_copy); a copy kept as an object reads as one."""
    text = frozen.get(FROZEN_TEXT)
    return text if isinstance(text, str) else json.dumps(frozen)


@lru_cache(maxsize=32)
def _frozen(text: str) -> Framework:
    return framework_parse(json.loads(text), Path("<frozen on the audit>"))


def audit_framework(audit: Any) -> Framework:
    """The framework as the audit froze it when it was created (its questions, rating rules,
    sample figures and assumptions: decision 0054), so that a later change to the file, or
    a service's override, never changes an audit made before it. An audit without a frozen
    copy reads the file."""
    cached = getattr(audit, "_framework_parsed", None)
    if cached is not None:
        return cached
    frozen = getattr(audit, "framework_frozen", None)
    framework = _frozen(frozen_text(frozen)) if frozen else framework_get(audit.framework)
    if frozen:
        audit._framework_parsed = framework  # parsed once per audit object
    return framework
