"""The report pages: who reads what, editing, publishing, the PDF, comparing."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casequality.reports.services import report_publish

from .factories import manchester_2013_audit

PEOPLE = ["cm_a", "cm_b", "cm_c", "tm_north", "tm_south", "qa_lead", "inspector", "board", "admin"]

# For the web helper's tests/web/test_every_url.py table too: a draft report (board 404).
EXPECTED = {
    "reports:list": (lambda a: {}, "403 403 403 403 403 200 403 200 403"),
    "reports:compare": (lambda a: {}, "403 403 403 403 403 200 403 200 403"),
    "reports:detail": (lambda a: {"pk": a.pk}, "403 403 403 403 403 200 403 404 403"),
    "reports:pdf": (lambda a: {"pk": a.pk}, "403 403 403 403 403 200 403 404 403"),
    "reports:edit": (lambda a: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
    "reports:publish": (lambda a: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
}


@pytest.fixture
def audit(cast):
    return manchester_2013_audit(cast.service)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_person_gets_the_report_page_or_is_refused(client, cast, audit, name):
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(audit))
    got = {}
    for person in PEOPLE:
        client.force_login(getattr(cast, person))
        got[person] = client.get(url).status_code
        client.logout()
    assert got == dict(zip(PEOPLE, (int(s) for s in statuses.split())))


def test_the_board_reads_a_published_report_without_any_childs_identity(client, cast, audit):
    client.force_login(cast.board)
    assert "Short Quality Screening" not in client.get(reverse("reports:list")).content.decode()
    report_publish(audit=audit, actor=cast.qa_lead)
    assert "Short Quality Screening" in client.get(reverse("reports:list")).content.decode()
    html = client.get(reverse("reports:detail", kwargs={"pk": audit.pk})).content.decode()
    assert 'id="q-1.2"' in html and "just over half" in html
    assert "Quartermaine" not in html and "M001" not in html
    assert "Edit the text" not in html
    pdf = client.get(reverse("reports:pdf", kwargs={"pk": audit.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "just over half" in " ".join(text.split()) and "Quartermaine" not in text
    assert client.get(reverse("reports:edit", kwargs={"pk": audit.pk})).status_code == 403


def test_the_qa_lead_edits_then_publishes(client, cast, audit):
    client.force_login(cast.qa_lead)
    edit = reverse("reports:edit", kwargs={"pk": audit.pk})
    form = client.get(edit).content.decode()
    assert 'name="q-1.2"' in form and "just over half" in form
    version = audit.report.version if hasattr(audit, "report") else 0
    refused = client.post(edit, {"summary": "Substantial improvement is still required.", "q-1.2": ""})
    assert "did not say which version of the report you edited" in refused.content.decode()
    response = client.post(
        edit, {"summary": "Substantial improvement is still required.", "q-1.2": "", "version": version}
    )
    assert response.status_code == 302
    page = client.get(reverse("reports:detail", kwargs={"pk": audit.pk})).content.decode()
    assert "Substantial improvement is still required." in page and "Overall, just over half" in page
    publish = reverse("reports:publish", kwargs={"pk": audit.pk})
    assert "Nothing was published" in client.post(publish).content.decode()
    audit.report.refresh_from_db()
    assert not audit.report.is_published
    assert client.post(publish, {"version": audit.report.version}).status_code == 302
    audit.report.refresh_from_db()
    assert audit.report.is_published
    assert client.get(edit).status_code == 302  # published: back to the report
    assert "Edit the text" not in client.get(reverse("reports:detail", kwargs={"pk": audit.pk})).content.decode()


def test_comparing_on_the_web(client, cast, audit):
    later = manchester_2013_audit(cast.service, title="Re-audit", make_cases=False)
    client.force_login(cast.qa_lead)
    html = client.get(reverse("reports:compare"), {"first": audit.pk, "second": later.pk}).content.decode()
    assert 'id="compare-1.2"' in html and "0 changes are marked" in html
    html = client.get(reverse("reports:compare"), {"first": audit.pk}).content.decode()
    assert "Select two audits to compare" in html
    client.force_login(cast.board)  # neither is published
    html = client.get(reverse("reports:compare"), {"first": audit.pk, "second": later.pk}).content.decode()
    assert "Select two audits to compare" in html and 'id="compare-1.2"' not in html


def test_the_board_sees_themes_over_time_of_published_reports_with_real_changes_marked(client, cast, audit):
    from tests.reports.factories import SHARES_2013

    better = dict(SHARES_2013, **{"2.1": (40, 47), "2.2": (18, 20), "2.3": (22, 25), "2.4": (22, 24)})
    later = manchester_2013_audit(cast.service, title="Re-audit", shares=better, make_cases=False)
    client.force_login(cast.board)
    assert "Themes over time" not in client.get(reverse("reports:list")).content.decode()
    report_publish(audit=audit, actor=cast.qa_lead)
    report_publish(audit=later, actor=cast.qa_lead)
    html = client.get(reverse("reports:list")).content.decode()
    assert 'id="trend-sqs-2013"' in html
    row = html[html.index("2. Protecting the public") :]
    row = row[: row.index("</tr>")]
    assert "39%" in row and "88%" in row and "larger than chance" in row
    row1 = html[html.index("1. Reducing the likelihood of reoffending</th>") :]
    assert "larger than chance" not in row1[: row1.index("</tr>")]


def test_the_narrative_editor_refuses_a_save_over_a_later_one_and_keeps_the_text(client, cast):
    from casequality.reports.services import report_get, report_narrative_save
    from tests.reports.factories import manchester_2013_audit

    audit = manchester_2013_audit(cast.service)
    client.force_login(cast.qa_lead)
    url = f"/reports/{audit.pk}/edit/"
    read = report_get(audit).version
    report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"summary": "Theirs."})
    html = client.post(url, {"version": read, "summary": "Mine."}).content.decode()
    assert "saved this report&#x27;s text after you opened it" in html and "Mine." in html
    assert report_get(audit).narrative == {"summary": "Theirs."}
