"""Issue 24, items 4 and 5, checked where the inspector meets them: after publication every
link an inspector has to an audit (its page, their case, their marking) answers a read-only
page naming the day their access ends, a day set by CASEQUALITY_INSPECTOR_READ_DAYS; and
every page that counts an audit's cases counts the sample as the audit page does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casequality.audits.frameworks import framework_get
from casequality.audits.models import Answer, AuditCase
from casequality.audits.selectors import audit_case_counts
from casequality.audits.services import AnswerInput, audit_case_answers_save, audit_cases_assign
from casequality.reports.services import report_publish
from casequality.web.dates import govuk_date

from .factories import audit_sampled


@pytest.fixture
def published(cast, settings):
    """An audit of 5 sampled cases and reserves, one case marked by the inspector, published
    with inspectors' access lasting 10 days after publication."""
    settings.CASEQUALITY_INSPECTOR_READ_DAYS = 10
    audit = audit_sampled(cast, title="Autumn inspection", cases=8, sample_size=5)
    audit_case = audit.cases.filter(reserve=False).select_related("case").order_by("position", "id").first()
    audit_cases_assign(audit=audit, inspectors={audit_case.pk: cast.inspector})
    first = framework_get(audit.framework).questions[0].id
    audit_case_answers_save(audit_case=audit_case, actor=cast.inspector, answers=[AnswerInput(first, "yes", (), "")])
    report_publish(audit=audit, actor=cast.qa_lead)
    audit.refresh_from_db()
    return audit, audit_case


def _access_ends(published) -> str:
    return govuk_date(timezone.localdate() + timedelta(days=10))


def test_the_day_an_inspectors_access_ends_after_publication_follows_the_setting(published):
    audit, _ = published
    assert audit.inspector_access_ends_on == timezone.localdate() + timedelta(days=10)


def test_after_publication_an_inspectors_case_link_answers_a_read_only_page_naming_the_day_access_ends(
    client, cast, published
):
    audit, audit_case = published
    client.force_login(cast.inspector)
    response = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": audit_case.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "(read only)" in html and "its answers can no longer change" in html
    assert f"can read it until {_access_ends(published)}" in html
    assert 'type="radio"' not in html and "Save and" not in html


def test_after_publication_an_inspectors_audit_page_names_the_day_access_ends(client, cast, published):
    audit, _ = published
    client.force_login(cast.inspector)
    response = client.get(reverse("audits:detail", kwargs={"pk": audit.pk}))
    assert response.status_code == 200
    assert f"can read it until {_access_ends(published)}" in response.content.decode()


def test_after_publication_the_marking_page_offers_no_marking_and_names_the_day_access_ends(client, cast, published):
    audit, _ = published
    client.force_login(cast.inspector)
    html = client.get(reverse("audits:marking")).content.decode()
    assert f"no longer changed, until {_access_ends(published)}" in html
    assert 'role="button"' not in html  # no "Mark case" button into a published audit


def test_after_publication_answers_posted_by_the_inspector_change_nothing_and_the_page_says_so(client, cast, published):
    audit, audit_case = published
    before = list(Answer.objects.filter(audit_case=audit_case).values_list("question", "answer"))
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": audit_case.pk})
    response = client.post(url, {f"answer-{before[0][0]}": "no", "version": "anything"})
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved: this audit" in html
    assert ">Important</h2>" in html and ">Success</h2>" not in html
    assert list(Answer.objects.filter(audit_case=audit_case).values_list("question", "answer")) == before


def test_the_audit_list_counts_the_cases_in_the_sample_as_the_audit_page_does(client, cast):
    audit = audit_sampled(cast, title="Counted", cases=14, sample_size=9, buffer=34)
    counts = audit_case_counts(audit)
    assert counts.reserves > 0  # the list counted sample and reserves together before
    client.force_login(cast.qa_lead)
    listed = client.get(reverse("audits:list")).content.decode()
    detail = client.get(reverse("audits:detail", kwargs={"pk": audit.pk})).content.decode()
    assert f"{counts.sampled} cases in the sample" in detail
    assert "Cases in the sample" in listed
    row = listed.split(f'href="{reverse("audits:detail", kwargs={"pk": audit.pk})}"', 1)[1].split("</tr>", 1)[0]
    assert f">{counts.sampled}</td>" in row
    assert AuditCase.objects.filter(audit=audit).count() != counts.sampled
