"""The inspection pages of issue 24 as their users see them in Chromium, at a desktop and a
phone's width: the assignment page, settling a disagreement, a published audit read only,
and a self-audit on the 2025 framework. No sideways scrolling, axe clean."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from casequality.audits.models import AuditCase
from casequality.audits.services import audit_cases_assign, audit_create, audit_load, audit_sample_draw
from tests.audits.factories import AS_OF, answers_document, case_make
from tests.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


def _look(chromium, live_server, username: str, path: str, width: int, name: str):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/{name}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    results = Axe().run(page)
    heading = page.locator("h1").inner_text()
    context.close()
    assert overflow <= width, f"{name} is {overflow} px wide at {width}"
    assert results.violations_count == 0, results.generate_report()
    return heading


@pytest.fixture
def sampled(cast):
    for i in range(8):
        case_make(cast.service, f"B{i:03d}", case_manager=[cast.cm_a.staff, cast.cm_c.staff][i % 2])
    audit = audit_create(
        service=cast.service,
        framework_id="hmip-youth-2025",
        title="Mock inspection",
        actor=cast.qa_lead,
        sample_size=4,
        seed=1,
        buffer=50,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    return audit


@pytest.mark.parametrize("width", WIDTHS)
def test_the_assign_page_offers_assigning_every_case_at_once(cast, chromium, live_server, sampled, width):
    heading = _look(
        chromium, live_server, "qa_lead", reverse("audits:assign", kwargs={"pk": sampled.pk}), width, "assign"
    )
    assert heading == "Assign cases to inspectors"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_settle_page_shows_both_answers_and_asks_for_the_final_one(cast, chromium, live_server, width):
    for ref in ("M1", "M2"):
        case_make(cast.service, ref)
    extra = [
        {"case": "M1", "question": "1.2", "answer": "no", "auditor": "S21", "reasons": ["known_information_left_out"]}
    ]
    audit = audit_load(answers_document(["M1", "M2"], extra=extra))
    m1 = AuditCase.objects.get(audit=audit, case__ref="M1")
    path = reverse("audits:settle", kwargs={"pk": audit.pk}) + f"?case={m1.pk}&question=1.2"
    assert _look(chromium, live_server, "qa_lead", path, width, "settle") == "Settle question 1.2"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_published_audits_case_reads_as_read_only_for_its_inspector(cast, chromium, live_server, sampled, width):
    from casequality.audits.services import AnswerInput, audit_case_answers_save
    from casequality.reports.services import report_publish

    ac = sampled.cases.filter(reserve=False).first()
    audit_cases_assign(audit=sampled, inspectors={ac.pk: cast.inspector})
    audit_case_answers_save(audit_case=ac, actor=cast.inspector, answers=[AnswerInput("2.1.1.1", "yes", (), "")])
    report_publish(audit=sampled, actor=cast.qa_lead)
    path = reverse("audits:case", kwargs={"pk": sampled.pk, "case_pk": ac.pk})
    assert _look(chromium, live_server, "inspector", path, width, "read-only") == f"Case {ac.case.ref}"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_inspectors_answer_form_fits_the_screen_with_its_suggestions(cast, chromium, live_server, sampled, width):
    ac = sampled.cases.filter(reserve=False).first()
    audit_cases_assign(audit=sampled, inspectors={ac.pk: cast.inspector})
    path = reverse("audits:case", kwargs={"pk": sampled.pk, "case_pk": ac.pk})
    assert _look(chromium, live_server, "inspector", path, width, "answer-form") == f"Case {ac.case.ref}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_self_audit_on_the_2025_framework(cast, chromium, live_server, width):
    case_make(cast.service, "N-0009", case_manager=cast.cm_a.staff)
    heading = _look(chromium, live_server, "cm_a", "/self-audit/cases/N-0009/", width, "self-audit")
    assert heading.startswith("Self-audit: Youth justice inspection")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_moderation_page_and_the_audit_page_fit_the_screen(cast, chromium, live_server, width):
    for ref in ("M1", "M2"):
        case_make(cast.service, ref)
    extra = [
        {"case": "M1", "question": "1.2", "answer": "no", "auditor": "S21", "reasons": ["known_information_left_out"]}
    ]
    audit = audit_load(answers_document(["M1", "M2"], extra=extra))
    assert (
        _look(
            chromium, live_server, "qa_lead", reverse("audits:moderation", kwargs={"pk": audit.pk}), width, "moderation"
        )
        == "Moderation"
    )
    assert (
        _look(chromium, live_server, "qa_lead", reverse("audits:detail", kwargs={"pk": audit.pk}), width, "detail")
        == audit.title
    )
