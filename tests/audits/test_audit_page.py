"""The audit's page (audits/views.py audit_detail): its table of cases, read in one plain
read and rendered by Jinja2 (audits/jinja2/audits/audit_cases_rows.html), shows each
case's markers and progress, links a case's form only to those who may open it, scopes an
inspector to their own cases and escapes every name and reference."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casequality.audits.frameworks import audit_framework
from casequality.audits.models import Answer
from casequality.audits.services import audit_cases_assign
from casequality.cases.models import Case

from .factories import audit_sampled

HOSTILE = '<script>alert("x")</script> O\'Neil & Co \u202eevil'


@pytest.fixture
def audit(cast):
    """An sqs-2013 audit of 4 sampled cases and a reserve: the first assigned to the
    inspector with the QA lead as second marker, the second to the QA lead with the
    inspector as second marker, the others to nobody."""
    audit = audit_sampled(cast, title="Spring audit", cases=12, sample_size=4, buffer=25)
    sampled = list(audit.cases.filter(reserve=False).order_by("position", "id"))
    audit_cases_assign(
        audit=audit,
        inspectors={sampled[0].pk: cast.inspector, sampled[1].pk: cast.qa_lead},
        moderators={sampled[0].pk: cast.qa_lead, sampled[1].pk: cast.inspector},
    )
    return audit


def _rows(html: str) -> list[str]:
    table = html[html.index('id="audit-cases"') : html.index("</table>", html.index('id="audit-cases"'))]
    return [row for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S) if "<td" in row]


def _cells(row: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def _page(client, user, audit) -> str:
    client.force_login(user)
    response = client.get(reverse("audits:detail", kwargs={"pk": audit.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_qa_lead_sees_every_case_with_its_markers_and_how_far_each_has_got(client, cast, audit):
    first = audit.cases.filter(reserve=False).order_by("position", "id").first()
    for question in ("1.1", "1.2"):
        Answer.objects.create(audit_case=first, question=question, answer="yes", auditor="inspector")
    Answer.objects.create(audit_case=first, question="1.1", answer="no", auditor="qa", is_moderation=True)
    rows = [_cells(row) for row in _rows(_page(client, cast.qa_lead, audit))]
    questions = len(audit_framework(audit).questions)
    assert len(rows) == audit.cases.count()
    assert rows[0][2:] == ["Inspector", f"2 of {questions}", f"Qa Lead (1 of {questions})"]
    assert rows[1][2:] == ["Qa Lead", f"0 of {questions}", f"Inspector (0 of {questions})"]
    assert rows[2][2:] == ["Not assigned", f"0 of {questions}", "-"]
    assert rows[-1][0].endswith("Reserve") and not rows[0][0].endswith("Reserve")


def test_the_qa_lead_gets_a_link_to_every_cases_form_and_to_each_second_marking(client, cast, audit):
    html = _page(client, cast.qa_lead, audit)
    for audit_case in audit.cases.all():
        assert f'href="{reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": audit_case.pk})}"' in html
    first = audit.cases.filter(reserve=False).order_by("position", "id").first()
    assert f'href="{reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": first.pk})}?as=moderator"' in html


def test_an_inspector_sees_only_their_cases_with_links_only_to_their_own_marking(client, cast, audit):
    sampled = list(audit.cases.filter(reserve=False).order_by("position", "id"))
    html = _page(client, cast.inspector, audit)
    rows = _rows(html)
    assert [_cells(row)[0] for row in rows] == [sampled[0].case.ref, sampled[1].case.ref]
    form = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": sampled[0].pk})
    assert f'href="{form}"' in rows[0] and f'href="{form}?as=moderator"' not in rows[0]
    second = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": sampled[1].pk})
    assert f'href="{second}"' not in rows[1] and f'href="{second}?as=moderator"' in rows[1]


def test_an_inspector_is_told_the_whole_audits_count_not_their_own(client, cast, audit):
    html = _page(client, cast.inspector, audit)
    assert "4 cases in the sample (2 assigned to an inspector, 2 not yet)" in html


def test_the_qa_leads_tasks_say_answering_started_once_any_case_has_an_answer(client, cast, audit):
    before = _page(client, cast.qa_lead, audit)
    assert re.search(r"Answer the questions\s*</div>\s*<div[^>]*>\s*<strong[^>]*>Not yet started", before)
    reserve = audit.cases.get(reserve=True)
    Answer.objects.create(audit_case=reserve, question="1.1", answer="yes", auditor="inspector")
    after = _page(client, cast.qa_lead, audit)
    assert re.search(r"Answer the questions\s*</div>\s*<div[^>]*>\s*<strong[^>]*>In progress", after)


def test_the_audit_pages_table_escapes_markers_names_and_case_references(client, cast, audit):
    cast.inspector.first_name = HOSTILE
    cast.inspector.save()
    first = audit.cases.filter(reserve=False).order_by("position", "id").first()
    Case.objects.filter(pk=first.case_id).update(ref=f"R{HOSTILE}")
    html = _page(client, cast.qa_lead, audit)
    table = html[html.index('id="audit-cases"') :]
    assert "<script>" not in table
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co \u202eevil" in table
    assert "R&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co \u202eevil</a>" in table


def test_the_qa_leads_last_task_is_completed_once_the_report_is_published_and_not_while_a_draft(client, cast, audit):
    from casequality.reports.models import AuditReport, ReportStatus

    def last_task(html: str) -> str:
        found = re.search(r"Edit and publish the report</a>\s*</div>\s*<div[^>]*>\s*(.*?)\s*</div>", html, re.S)
        assert found, "no task to publish the report"
        return re.sub(r"<[^>]+>", "", found.group(1)).strip()

    assert last_task(_page(client, cast.qa_lead, audit)) == "Cannot start yet"
    report = AuditReport.objects.create(audit=audit)
    Answer.objects.create(audit_case=audit.cases.first(), question="1.1", answer="yes", auditor="inspector")
    assert last_task(_page(client, cast.qa_lead, audit)) == "In progress"
    report.status = ReportStatus.PUBLISHED
    report.save()
    assert last_task(_page(client, cast.qa_lead, audit)) == "Completed"
