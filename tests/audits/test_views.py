"""The audit pages, through Django's test client."""

import pytest
from django.urls import reverse

from casequality.audits.models import Answer, Audit
from casequality.audits.services import audit_cases_assign, audit_create, audit_sample_draw
from casequality.standards.models import Finding

from .factories import AS_OF, case_make, page_version

PEOPLE = ["cm_a", "cm_b", "cm_c", "tm_north", "tm_south", "qa_lead", "inspector", "board", "admin"]


@pytest.fixture
def world(cast):
    cases = [
        case_make(
            cast.service,
            f"C{i:03d}",
            case_manager=[cast.cm_a.staff, cast.cm_b.staff, cast.cm_c.staff][i % 3],
            name=f"Child Number{i}",
        )
        for i in range(10)
    ]
    Finding.objects.create(
        service=cast.service,
        case=cases[0],
        rule="ROSH-002",
        key="A1",
        kind="finding",
        severity="must",
        owner="CM",
        message="RoSH medium without a full assessment",
        opened_on=AS_OF,
        last_seen_on=AS_OF,
    )
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="Spring audit",
        actor=cast.qa_lead,
        sample_size=4,
        seed=3,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    mine = audit.cases.filter(reserve=False).first()
    audit_cases_assign(audit=audit, inspectors={mine.pk: cast.inspector})
    return cast, audit, mine


# url name -> (kwargs, expected status per person in PEOPLE's order). For the web
# helper's tests/web/test_every_url.py table too.
EXPECTED = {
    "audits:list": (lambda a, ac: {}, "403 403 403 403 403 200 200 403 403"),
    "audits:new": (lambda a, ac: {}, "403 403 403 403 403 200 403 403 403"),
    "audits:detail": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 200 200 403 403"),
    "audits:sample": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:assign": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:case": (lambda a, ac: {"pk": a.pk, "case_pk": ac.pk}, "403 403 403 403 403 200 200 403 403"),
    "audits:moderation": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:judged": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:recheck": (lambda a, ac: {}, "403 403 403 403 403 200 403 403 403"),
    "audits:settle": (lambda a, ac: {"pk": a.pk}, "403 403 403 403 403 404 403 403 403"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_person_gets_the_audit_page_or_is_refused(client, world, name):
    cast, audit, mine = world
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(audit, mine))
    got = {}
    for person in PEOPLE:
        client.force_login(getattr(cast, person))
        got[person] = client.get(url).status_code
        client.logout()
    assert got == dict(zip(PEOPLE, (int(s) for s in statuses.split())))


def test_an_inspector_cannot_open_a_case_not_assigned_to_them(client, world):
    cast, audit, mine = world
    other = audit.cases.exclude(pk=mine.pk).first()
    client.force_login(cast.inspector)
    assert client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": other.pk})).status_code == 404
    assert (
        client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": mine.pk}) + "?as=moderator").status_code
        == 404
    )


def test_the_qa_lead_creates_an_audit_with_gov_uk_errors_first(client, cast):
    client.force_login(cast.qa_lead)
    response = client.post(
        reverse("audits:new"),
        {
            "version": page_version(client, reverse("audits:new")),
            "title": "",
            "sample_size": "x",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert '<p id="id_framework-error" class="govuk-error-message">' in html or "Select a framework" in html
    assert "Enter a title for the audit" in html
    assert "The number of cases must be a whole number" in html
    response = client.post(
        reverse("audits:new"),
        {
            "version": page_version(client, reverse("audits:new")),
            "framework": "sqs-2013",
            "title": "Autumn audit",
            "sample_size": "5",
            "buffer": "20",
            "max_per_case_manager": "6",
            "as_of_day": "17",
            "as_of_month": "6",
            "as_of_year": "2013",
        },
    )
    audit = Audit.objects.get(title="Autumn audit")
    assert response["Location"] == reverse("audits:detail", kwargs={"pk": audit.pk})
    assert (audit.sample_size, audit.buffer, str(audit.as_of)) == (5, 20, "2013-06-17")


def test_drawing_the_sample_and_assigning_on_the_web(client, cast):
    for i in range(8):
        case_make(cast.service, f"D{i:03d}", case_manager=cast.cm_a.staff if i % 2 else cast.cm_c.staff)
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="Web audit",
        actor=cast.qa_lead,
        sample_size=3,
        seed=1,
        as_of=AS_OF,
    )
    client.force_login(cast.qa_lead)
    response = client.post(
        reverse("audits:sample", kwargs={"pk": audit.pk}),
        {"version": page_version(client, reverse("audits:sample", kwargs={"pk": audit.pk}))},
    )
    assert response.status_code == 302
    assert audit.cases.count() == 3
    page = client.get(reverse("audits:detail", kwargs={"pk": audit.pk})).content.decode()
    assert 'id="strata"' in page and "Male, community, RoSH low" in page
    ac = audit.cases.first()
    response = client.post(
        reverse("audits:assign", kwargs={"pk": audit.pk}),
        {
            "version": page_version(client, reverse("audits:assign", kwargs={"pk": audit.pk})),
            f"inspector_{ac.pk}": str(cast.inspector.pk),
            f"moderator_{ac.pk}": str(cast.inspector.pk),
        },
    )
    assert "Choose a second marker for case" in response.content.decode()
    client.post(
        reverse("audits:assign", kwargs={"pk": audit.pk}),
        {
            "version": page_version(client, reverse("audits:assign", kwargs={"pk": audit.pk})),
            f"inspector_{ac.pk}": str(cast.inspector.pk),
            f"moderator_{ac.pk}": str(cast.qa_lead.pk),
        },
    )
    ac.refresh_from_db()
    assert (ac.inspector, ac.moderator) == (cast.inspector, cast.qa_lead)


def test_the_inspector_answers_with_the_record_beside_and_the_suggestion_prefilled(client, world):
    cast, audit, mine = world
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": mine.pk})
    html = client.get(url).content.decode()
    assert "The case record" in html and mine.case.child_name in html  # the inspector may read the record
    response = client.post(url, {"answer-1.2": "no", "answer-2.1": "yes", "version": page_version(client, url)})
    assert "Select at least one reason why the answer to question 1.2 is no" in response.content.decode()
    response = client.post(
        url,
        {
            "version": page_version(client, url),
            "answer-1.2": "no",
            "reasons-1.2": ["known_information_left_out"],
            "note-1.2": "Gaps.",
            "answer-2.1": "yes",
            "reasons-2.1": ["full_assessment_missing"],
        },
    )
    assert response.status_code == 302
    answers = {a.question: a for a in Answer.objects.filter(audit_case=mine)}
    assert answers["1.2"].reasons == ["known_information_left_out"] and answers["1.2"].note == "Gaps."
    assert answers["2.1"].reasons == []  # reasons only stand beside a no
    assert answers["2.1"].auditor == "S21"


def test_the_form_is_prefilled_from_the_rulebook(client, cast):
    case = case_make(cast.service, "P001")
    Finding.objects.create(
        service=cast.service,
        case=case,
        rule="ROSH-002",
        key="A1",
        kind="finding",
        severity="must",
        owner="CM",
        message="m",
        opened_on=AS_OF,
        last_seen_on=AS_OF,
    )
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="One",
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit)
    ac = audit.cases.get()
    client.force_login(cast.qa_lead)
    html = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})).content.decode()
    assert "Suggested answer: No</strong>" in html and "Rule ROSH-002</span>" in html
    assert 'name="answer-2.1" type="radio" value="no" checked' in html
    assert 'name="reasons-2.1" type="checkbox" value="full_assessment_missing" checked' in html


def test_moderation_page_lists_disagreements(client, cast):
    from casequality.audits.services import audit_load
    from tests.audits.factories import answers_document

    for ref in ("M1", "M2"):
        case_make(cast.service, ref)
    extra = [
        {"case": "M1", "question": "1.2", "answer": "no", "auditor": "S21", "reasons": ["known_information_left_out"]}
    ]
    audit = audit_load(answers_document(["M1", "M2"], extra=extra))
    client.force_login(cast.qa_lead)
    html = client.get(reverse("audits:moderation", kwargs={"pk": audit.pk})).content.decode()
    assert 'id="moderation-1.2"' in html and "M1: S20 yes, S21 no" in html
    assert "No rule suggested a" in html
    assert "<title>Moderation – Casequality</title>" in html


def test_replacing_a_case_with_a_reserve_on_the_assign_page(client, cast):
    for i in range(8):
        case_make(cast.service, f"R{i:03d}")
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="Reserve",
        actor=cast.qa_lead,
        sample_size=3,
        seed=1,
        buffer=34,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit)
    target = audit.cases.filter(reserve=False).first()
    reserve = audit.cases.get(reserve=True)
    client.force_login(cast.qa_lead)
    url = reverse("audits:assign", kwargs={"pk": audit.pk})
    assert f"Replace {target.case.ref} with a reserve" in client.get(url).content.decode()
    response = client.post(url, {"replace": str(target.pk), "version": page_version(client, url)}, follow=True)
    assert f"Case {target.case.ref} replaced by reserve case {reserve.case.ref}" in response.content.decode()
    other = audit.cases.filter(reserve=False).exclude(pk=reserve.pk).first()
    response = client.post(url, {"replace": str(other.pk), "version": page_version(client, url)})
    assert "No reserve case is left" in response.content.decode()


def test_the_qa_lead_rates_the_judged_standards_of_a_2018_audit_on_its_page(cast, client):
    audit = audit_create(service=cast.service, framework_id="hmip-youth-2018", title="Inspection", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)
    url = reverse("audits:judged", kwargs={"pk": audit.pk})
    page = client.get(url).content.decode()
    assert "1.1 Governance and leadership" in page and "Not rated yet" in page
    response = client.post(
        url, {"rating-1.1": "good", "rating-3.4": "inadequate", "rating-1.2": "", "version": page_version(client, url)}
    )
    assert response.status_code == 302
    assert Audit.objects.get(pk=audit.pk).judged_ratings == {"1.1": "good", "3.4": "inadequate"}
    assert (
        "Rate the standards judged from other evidence"
        in client.get(reverse("audits:detail", kwargs={"pk": audit.pk})).content.decode()
    )


def test_a_framework_without_judged_standards_says_so_on_the_page(cast, client):
    audit = audit_create(service=cast.service, framework_id="sqs-2013", title="Screening", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)
    page = client.get(reverse("audits:judged", kwargs={"pk": audit.pk})).content.decode()
    assert 'id="none-judged"' in page and "<form" not in page.split('id="none-judged"')[1].split("</main>")[0]


def test_an_answer_form_sent_without_its_version_is_refused_and_nothing_is_saved(client, world):
    cast, audit, mine = world
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": mine.pk})
    page = client.post(url, {"answer-2.1": "yes"}).content.decode()
    assert "Nothing was saved: the form did not say what the page you sent it from showed" in page
    assert not Answer.objects.filter(audit_case=mine).exists()


def test_an_answer_form_based_on_answers_changed_since_is_refused(client, world):
    cast, audit, mine = world
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": mine.pk})
    version = page_version(client, url)
    assert client.post(url, {"answer-2.1": "yes", "version": version}).status_code == 302
    page = client.post(url, {"answer-2.1": "n/a", "version": version}).content.decode()
    assert "changed since you opened the page" in page
    assert Answer.objects.get(audit_case=mine, question="2.1").answer == "yes"


def test_an_inspector_with_nothing_assigned_is_told_who_assigns_cases(client, cast):
    client.force_login(cast.inspector)
    page = client.get(reverse("audits:list")).content.decode()
    assert "No audit has a case assigned to you at the moment." in page
    assert "QA lead assigns the cases" in page and 'href="/rules/"' in page
