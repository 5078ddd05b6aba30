"""The caseload's page rendered by Jinja2 (web/jinja2/web/cases/caseload.html): its filters'
fields as the Django includes wrote them, what was typed or chosen shown back escaped."""

from __future__ import annotations

from django.urls import reverse

from casequality.web.forms import CaseloadFilterForm
from tests.web.factories import import_cases

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
