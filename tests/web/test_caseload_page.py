"""The caseload's page rendered by Jinja2 (web/jinja2/web/cases/caseload.html): its filters'
fields as the Django includes wrote them, what was typed or chosen shown back escaped; a
QA lead's whole service walked in urgency order by its kept urgency (decision 0060)."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casequality.standards.models import CaseUrgency
from casequality.web.forms import CaseloadFilterForm
from tests.web.factories import ensure_finding, import_cases

HOSTILE = "<script>alert('x')</script> & \"quoted\" \u202eevil"


def test_a_name_typed_into_a_filter_is_shown_back_escaped_in_its_box(client, cast, monkeypatch):
    monkeypatch.setattr(CaseloadFilterForm, "SELECT_AT_MOST", 1)  # every list a text box
    import_cases(cast)
    client.force_login(cast.qa_lead)
    html = client.get(reverse("web:caseload"), {"team": HOSTILE}).text
    assert '<input class="govuk-input" id="id_team" name="team" type="text" value="&lt;script&gt;alert(' in html
    assert "<script>alert" not in html and "&amp; &#34;quoted&#34;" in html


def test_a_choice_not_offered_is_shown_as_the_fields_error(client, cast):
    import_cases(cast)
    client.force_login(cast.tm_north)
    html = client.get(reverse("web:caseload"), {"severity": HOSTILE}).text
    assert '<div class="govuk-form-group govuk-form-group--error">' in html
    assert 'aria-describedby=" id_severity-error"' in html
    assert "Select a valid choice. &lt;script&gt;alert(" in html and "<script>alert" not in html


def test_the_chosen_filters_are_selected_and_ticked_again(client, cast):
    import_cases(cast)
    client.force_login(cast.tm_north)
    html = client.get(reverse("web:caseload"), {"severity": "must", "show": ["overdue", "returned"]}).text
    assert '<option value="must" selected>Must</option>' in html
    assert 'value="overdue" checked>' in html and 'value="returned" checked>' in html
    assert 'value="at_risk">' in html


def qa_refs(client) -> list[str]:
    html = client.get(reverse("web:caseload")).text
    return re.findall(r'<a class="govuk-link" href="/cases/([^/]+)/"><bdi>', html)


def test_a_qa_leads_caseload_walked_by_its_kept_urgency_is_in_the_order_the_join_gives(client, cast):
    cases = import_cases(cast)
    ensure_finding(cases["S-0001"], kind="finding", due=timezone.localdate())
    client.force_login(cast.qa_lead)
    with CaptureQueriesContext(connection) as walked:
        shown = qa_refs(client)
    walks = [q["sql"] for q in walked.captured_queries if re.search(r'FROM "?standards_caseurgency"? WHERE', q["sql"])]
    assert any("ORDER BY" in sql for sql in walks)  # the ids read from the kept urgency alone
    assert shown[0] == "S-0001"
    CaseUrgency.objects.filter(case=cases["N-0002"]).delete()  # one case without its row: the join's order
    assert qa_refs(client) == shown
