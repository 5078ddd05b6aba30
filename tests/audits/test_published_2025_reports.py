"""The 2025 inspection framework's rating rules against the inspectorate's published reports
(issue 24, item 1; decision 0054). Each report, its address and what it publishes are in
tests/audits/data/hmip_2025_reports.yaml."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from casequality.audits.frameworks import RATINGS, framework_get, framework_parse
from casequality.audits.ratings import overall_rating_detail

DATA = Path(__file__).resolve().parent / "data" / "hmip_2025_reports.yaml"
REPORTS = yaml.safe_load(DATA.read_text(encoding="utf-8"))["reports"]
BEFORE = Path(__file__).resolve().parents[2] / "casequality/audits/migrations/data/hmip-youth-2025-before-0054.yaml"


def _overall(children: str, victims: str) -> str | None:
    """The rules' overall rating where every children's activity has the area's rating."""
    rules = framework_get("hmip-youth-2025").rating
    ratings = {"2.1.1": children, "2.1.2": children, "2.1.3": children, "V1": victims}
    return overall_rating_detail(ratings, rules).rating


def _completions(report: dict) -> list[tuple[str, str]]:
    """Every (children, victims) pair the report's published facts allow."""
    areas = report.get("areas") or {}
    pairs = itertools.product(
        [areas["children"]] if "children" in areas else RATINGS,
        [areas["victims"]] if "victims" in areas else RATINGS,
    )
    known = report.get("areas_known") or []
    return [p for p in pairs if all(p.count(r) >= known.count(r) for r in known)]


def test_at_least_three_published_2025_reports_are_recorded_each_with_its_address():
    assert len(REPORTS) >= 3
    assert all(r["address"].startswith("https://hmiprobation.justiceinspectorates.gov.uk/") for r in REPORTS)
    assert all(r["overall"] in RATINGS and r["overall_quote"] for r in REPORTS)


@pytest.mark.parametrize("report", [r for r in REPORTS if len(r.get("areas") or {}) == 2], ids=lambda r: r["service"])
def test_the_rules_reproduce_a_reports_overall_rating_from_its_two_published_area_ratings(report):
    assert _overall(report["areas"]["children"], report["areas"]["victims"]) == report["overall"]


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["service"])
def test_a_reports_overall_rating_is_one_the_rules_can_give_from_what_it_publishes_of_its_areas(report):
    assert any(_overall(c, v) == report["overall"] for c, v in _completions(report))


def test_wirrals_one_outstanding_area_and_overall_good_leave_the_other_area_good_under_the_rules():
    wirral = next(r for r in REPORTS if r["service"] == "Wirral")
    assert {tuple(sorted(p)) for p in _completions(wirral) if _overall(*p) == "good"} == {("good", "outstanding")}


def test_the_points_rule_used_before_could_not_give_wakefield_its_published_overall_rating():
    """Decision 0038: five units' points, children Outstanding and victims Good, give Outstanding."""
    before = framework_parse(yaml.safe_load(BEFORE.read_text(encoding="utf-8")), BEFORE).rating
    ratings = {"2.1.1": "outstanding", "2.1.2": "outstanding", "2.1.3": "outstanding", "2.1.4": "outstanding"}
    assert overall_rating_detail({**ratings, "V1": "good"}, before).rating == "outstanding"
