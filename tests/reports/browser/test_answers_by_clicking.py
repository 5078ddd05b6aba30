"""An inspector answers every question of every framework by clicking its labels in
Chromium, and exactly those answers are recorded (decision 0032: the form once recorded a
click on V1.1.1's "Yes" as V1.1's "No")."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from casequality.audits.forms import field_name
from casequality.audits.frameworks import frameworks_all
from casequality.audits.models import Answer
from casequality.audits.services import audit_cases_assign, audit_create, audit_sample_draw
from tests.audits.factories import AS_OF, case_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {"yes": "Yes", "no": "No", "n/a": "Does not apply"}


def _label(page, element_id: str):
    return page.locator(f'label[for="{element_id}"]')


@pytest.mark.parametrize("framework_id", sorted(f.id for f in frameworks_all()))
def test_every_answer_clicked_on_a_label_is_recorded_against_its_own_question(cast, browse, live_server, framework_id):
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    case_make(cast.service, "K001", case_manager=cast.cm_a.staff)
    audit = audit_create(
        service=cast.service,
        framework_id=framework_id,
        title="Clicks",
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    ac = audit.cases.filter(reserve=False).get()
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector})
    # Three rounds: in each, a question's answer differs from its neighbours' (yes, no,
    # does not apply in turn), and over the rounds every question is given every answer,
    # so a click that lands on a neighbour's radio shows whichever choice it was.
    order = ["yes", "no", "n/a"]
    page = browse("inspector")
    for shift in range(3):
        wanted = {q.id: order[(i + shift) % 3] for i, q in enumerate(framework.questions)}
        page.goto(live_server.url + reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk}))
        for q in framework.questions:
            group = page.locator(f'input[name="{field_name("answer", q.id)}"]')
            for n in range(group.count()):
                radio = group.nth(n)
                if radio.get_attribute("value") == wanted[q.id]:
                    _label(page, radio.get_attribute("id")).click()
            if wanted[q.id] == "no" and q.reasons:  # the first reason alone, by its label
                boxes = page.locator(f'input[name="{field_name("reasons", q.id)}"]')
                for n in range(boxes.count()):
                    if boxes.nth(n).is_checked() != (n == 0):
                        _label(page, boxes.nth(n).get_attribute("id")).click()
        page.click("button:has-text('Save the answers')")
        page.wait_for_load_state()
        saved = {a.question: a.answer for a in Answer.objects.filter(audit_case=ac, is_moderation=False)}
        assert saved == wanted, f"round {shift + 1}"
        reasons = {a.question: a.reasons for a in Answer.objects.filter(audit_case=ac, answer="no")}
        assert reasons == {
            q.id: [next(iter(q.reasons))] if q.reasons else [] for q in framework.questions if wanted[q.id] == "no"
        }


@pytest.mark.parametrize("width", [1280, 390])
def test_the_qa_lead_reads_the_answers_to_recheck_at_desktop_and_phone_widths(cast, chromium, live_server, width):
    from axe_playwright_python.sync_playwright import Axe
    from django.utils import timezone

    from casequality.audits.models import AnswerRecheck, Audit
    from casequality.audits.recheck import answers_flag
    from casequality.audits.services import AnswerInput, audit_case_answers_save
    from tests.conftest import browser_sign_in

    case_make(cast.service, "K002", case_manager=cast.cm_a.staff)
    audit = audit_create(
        service=cast.service,
        framework_id="hmip-youth-2025",
        title="Spring inspection",
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    ac = audit.cases.filter(reserve=False).get()
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector})
    audit_case_answers_save(
        audit_case=ac,
        actor=cast.inspector,
        answers=[AnswerInput("V1.1", "yes", (), ""), AnswerInput("V1.1.1", "yes", (), "")],
    )
    answers_flag(Answer, AnswerRecheck, Audit, now=timezone.now())
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, "qa_lead")
    page.goto(live_server.url + reverse("audits:list"))
    page.click("text=See the answers to recheck")
    assert page.locator("h1").inner_text() == "Answers to recheck"
    assert "2 answers to recheck" in page.locator("main").inner_text()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/recheck-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
