"""The KPI pages in headless Chromium: axe-clean for the QA lead, the board and a team manager.

Set CASEQUALITY_SCREENSHOTS=1 to save them to docs/screenshots/ as well.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from casequality.cases.services import interchange_import_document
from casequality.reports.kpis import last_complete_quarter
from tests.web.factories import case_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def ended(cast):
    """Three cases whose referral orders ended in the last complete quarter (format 2): N-0001
    ended well, N-0002 not, S-0001 with nothing recorded at the end; one board meeting."""
    quarter = last_complete_quarter(timezone.localdate())
    ended_on = (quarter.start + timedelta(days=30)).isoformat()
    at_end = {
        "N-0001": {
            "accommodation": {"type": "family_home", "suitable": True},
            "ete": {"status": "full_time", "suitable": True, "hours": 25},
            "send": {"need": "identified", "plan": "ehcp"},
            "mental_health": {"screened": True, "need": True, "offered": True, "attended": True},
            "substance_misuse": {"screened": True, "need": False, "offered": False, "attended": False},
            "wider_services": ["early_help"],
        },
        "N-0002": {
            "accommodation": {"type": "supported", "suitable": False},
            "ete": {"status": "none", "suitable": False, "hours": None},
            "send": {"need": "not_identified", "plan": "none"},
            "mental_health": {"screened": True, "need": True, "offered": True, "attended": False},
            "substance_misuse": {"screened": True, "need": True, "offered": True, "attended": True},
            "wider_services": [],
        },
    }
    documents = []
    for ref, manager in (("N-0001", "S1"), ("N-0002", "S2"), ("S-0001", "S3")):
        document = case_document(ref, manager, f"Child {ref}")
        start = (quarter.start - timedelta(days=120)).isoformat()
        document["orders"][0].update(
            court_date=start, start=start, end=(quarter.start + timedelta(days=30)).isoformat()
        )
        document["assessments"][0]["date"] = document["assessments"][0]["rosh"]["full"]["date"] = start
        document["events"][0]["date"] = start
        if ref in at_end:
            document["circumstances"] = [{"date": ended_on, "point": "end", "of": "O1", **at_end[ref]}]
        documents.append(document)
    meeting = {
        "date": (quarter.start + timedelta(days=40)).isoformat(),
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": False,
            "health": True,
            "education": True,
        },
    }
    interchange_import_document(
        {
            "format": "casequality/2",
            "service": {"code": "MAN", "name": cast.service.name},
            "staff": cast.staff_document(),
            "board_meetings": [meeting],
            "cases": documents,
        },
        actor_name="tests",
    )
    return cast


PAGES = [
    ("kpis", "qa_lead", "/kpis/"),
    ("kpis-board", "board", "/kpis/"),
    ("kpi-cases", "tm_north", "/kpis/kpi-1/"),
]


@pytest.mark.parametrize("name,person,path", PAGES, ids=[p[0] for p in PAGES])
def test_the_kpi_pages_pass_the_axe_accessibility_check(page, live_server, sign_in, ended, name, person, path):
    sign_in(person)
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_team_manager_follows_a_figure_to_the_cases_behind_it(page, live_server, sign_in, ended):
    sign_in("tm_north")
    page.goto(f"{live_server.url}/kpis/")
    page.click("a:has-text('Accommodation')")
    assert page.locator("h1").inner_text().startswith("Accommodation")
    assert page.locator("table a:has-text('N-0001')").count() == 1
    assert page.locator("table a:has-text('S-0001')").count() == 0
