"""An inspector's home (issue 24, item 4; decision 0049): their assigned cases by audit,
what is left to mark, what is marked and the second marking asked of them, each linked to
its form; never a dead end when nothing is assigned; save and next through what is left."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.accounts.models import AccessLogEntry
from casequality.audits.frameworks import framework_get
from casequality.audits.models import Answer, AuditCase
from casequality.audits.services import audit_cases_assign

from .factories import audit_sampled, page_version

HOME = "/audits/marking/"


@pytest.fixture
def audit(cast):
    return audit_sampled(cast, title="Spring screening", cases=8, sample_size=5)


def _sampled(audit) -> list[AuditCase]:
    return list(audit.cases.filter(reserve=False).select_related("case").order_by("position", "id"))


def _mark(audit_case: AuditCase, user, *, moderation=False, questions=None) -> None:
    ids = [q.id for q in framework_get(audit_case.audit.framework).questions]
    for qid in ids[:questions] if questions is not None else ids:
        Answer.objects.create(
            audit_case=audit_case, question=qid, answer="yes", auditor=user.username, is_moderation=moderation
        )


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, name: str) -> str:
    return html.split(f'data-list="{name}">', 1)[1].split("</ul>", 1)[0]


def test_an_inspector_lands_on_their_marking_page(client, cast):
    client.force_login(cast.inspector)
    assert client.get(reverse("web:home"))["Location"] == HOME


def test_no_other_role_has_the_marking_page(client, cast):
    for user in (cast.cm_a, cast.tm_north, cast.qa_lead, cast.board, cast.admin):
        client.force_login(user)
        assert client.get(HOME).status_code == 403, user.username


def test_the_marking_page_lists_cases_left_to_mark_and_marked_each_with_its_form(client, cast, audit):
    one, two, three = _sampled(audit)[:3]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector, two.pk: cast.inspector})
    _mark(one, cast.inspector)
    html = _home(client, cast.inspector)
    left, marked = _section(html, f"to-mark-{audit.pk}"), _section(html, f"marked-{audit.pk}")
    assert reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": two.pk}) in left and one.case.ref not in left
    assert reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": one.pk}) in marked
    assert three.case.ref not in html
    assert "Spring screening" in html


def test_a_case_partly_answered_is_left_to_mark_and_says_how_far(client, cast, audit):
    one = _sampled(audit)[0]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector})
    _mark(one, cast.inspector, questions=2)
    n = len(framework_get("sqs-2013").questions)
    assert f"2 of {n} questions answered" in _section(_home(client, cast.inspector), f"to-mark-{audit.pk}")


def test_second_marking_asked_of_the_inspector_is_listed_with_the_second_marking_form(client, cast, audit):
    one = _sampled(audit)[0]
    AuditCase.objects.filter(pk=one.pk).update(inspector=cast.qa_lead, moderator=cast.inspector)
    second = _section(_home(client, cast.inspector), f"second-marking-{audit.pk}")
    assert reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": one.pk}) + "?as=moderator" in second


def test_the_marking_page_offers_the_first_case_left_to_mark(client, cast, audit):
    one, two = _sampled(audit)[:2]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector, two.pk: cast.inspector})
    _mark(one, cast.inspector)
    html = _home(client, cast.inspector)
    assert f"Mark case {two.case.ref}" in html


def test_the_marking_page_is_access_logged_with_the_cases_it_names(client, cast, audit):
    one = _sampled(audit)[0]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector})
    _home(client, cast.inspector)
    entry = AccessLogEntry.objects.filter(actor=cast.inspector, target="marking page").latest("seq")
    assert entry.case_refs.split() == [one.case.ref]


def test_with_nothing_assigned_the_page_names_who_assigns_audits_and_links_on(client, cast):
    html = _home(client, cast.inspector)
    assert "No case of an audit is assigned to you" in html
    assert "Qa Lead" in html  # the service's QA lead, by name
    assert reverse("audits:list") in html and reverse("web:rules") in html


def test_save_and_next_skips_a_case_already_marked(client, cast, audit):
    one, two, three = _sampled(audit)[:3]
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector for ac in (one, two, three)})
    _mark(two, cast.inspector)
    client.force_login(cast.inspector)
    first = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": one.pk})
    assert f"Save and go to your next case ({three.case.ref})" in client.get(first).content.decode()
    response = client.post(first, {"answer-1.1": "yes", "next": "1", "version": page_version(client, first)})
    assert response["Location"] == reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": three.pk})


def test_with_every_other_case_marked_there_is_no_next_case_button(client, cast, audit):
    one, two = _sampled(audit)[:2]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector, two.pk: cast.inspector})
    _mark(two, cast.inspector)
    client.force_login(cast.inspector)
    page = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": one.pk})).content.decode()
    assert "Save and go to your next case" not in page


def test_the_audit_form_leads_an_inspector_back_to_their_marking(client, cast, audit):
    one = _sampled(audit)[0]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector})
    client.force_login(cast.inspector)
    page = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": one.pk})).content.decode()
    assert f'href="{HOME}" class="govuk-back-link">Back to your marking' in page


def test_the_marking_page_escapes_an_audits_title(client, cast, audit):
    one = _sampled(audit)[0]
    audit_cases_assign(audit=audit, inspectors={one.pk: cast.inspector})
    audit.title = '<script>alert("x")</script> & co'
    audit.save(update_fields=["title"])
    html = _home(client, cast.inspector)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in html and "<script>alert" not in html


def test_each_case_of_an_audit_links_to_its_own_form(client, cast, audit):
    cases = _sampled(audit)
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector for ac in cases})
    left = _section(_home(client, cast.inspector), f"to-mark-{audit.pk}")
    for ac in cases:
        address = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})
        assert f'href="{address}">Case {ac.case.ref}</a>' in left
