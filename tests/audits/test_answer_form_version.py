"""The audit form's version (what the form showed) is made from the answers it read, once
(decision 0059): the same as a save checks it against, with and without answers given."""

from __future__ import annotations

from django.urls import reverse

from casequality.audits.frameworks import framework_get
from casequality.audits.models import Answer
from casequality.audits.selectors import answers_version
from casequality.audits.services import audit_cases_assign

from .factories import audit_sampled, page_version


def test_the_forms_version_is_the_one_a_save_checks_with_and_without_answers(client, cast):
    audit = audit_sampled(cast, title="Versions", cases=2, sample_size=1)
    ac = audit.cases.filter(reserve=False).first()
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector})
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})
    assert page_version(client, url) == answers_version(ac, False)
    for question in framework_get(audit.framework).questions[:2]:
        Answer.objects.create(audit_case=ac, question=question.id, answer="yes", auditor="inspector")
    assert page_version(client, url) == answers_version(ac, False)
    client.force_login(cast.qa_lead)  # a QA lead opens the second marking's form of any case
    assert page_version(client, url + "?as=moderator") == answers_version(ac, True) != answers_version(ac, False)
