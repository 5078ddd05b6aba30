"""Every id the format accepts works in the site's addresses (issue 21, point 6).

A case management system's references may hold `/`, `?`, `#`, `%`, spaces and letters of
any script. Cases with such ids (and assessments with such ids) are imported, then every
page type that links them is opened and every link to them on it is followed.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from casequality.cases.interchange import InterchangeError
from casequality.cases.models import Case
from casequality.cases.services import interchange_import_document
from casequality.oversight.services import supervision_sample_draw
from tests.web.factories import case_document, ensure_finding

# Each is a case's id; each case's assessment has the same odd characters.
ODD_IDS = ["YOS/2024/0001", "Q?1#2", "100% sure", "a b", "Ærø-ключ-名前", "..", "~7E%2F", "%25/%"]
ASSESSMENT_ID = "A/1?#% ü"


def _import(cast, refs, *, case_manager="S1"):
    documents = []
    for ref in refs:
        document = case_document(ref, case_manager, f"Child {len(documents)}")
        document["assessments"][0]["id"] = ASSESSMENT_ID
        documents.append(document)
    interchange_import_document(
        {
            "format": "casequality/1",
            "service": {"code": cast.service.code, "name": cast.service.name},
            "staff": cast.staff_document(),
            "cases": documents,
        },
        actor_name="tests",
    )
    cases = {c.ref: c for c in Case.objects.filter(service=cast.service, ref__in=refs)}
    assert set(cases) == set(refs)
    return cases


@pytest.fixture
def odd_cases(cast):
    # Thirty plain cases as well, so that the odd ones fall on the caseload's later pages.
    cases = _import(cast, [*ODD_IDS, *(f"Z/{n:03}" for n in range(30))])
    for case in cases.values():
        ensure_finding(case, subject=ASSESSMENT_ID)
    return cases


def _links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def _path_of(link: str) -> str:
    return urlsplit(link).path


def _links_to(html: str, refs) -> set[str]:
    """The site's links on a page that name one of `refs` in their path."""
    found = set()
    for link in _links(html):
        path = _path_of(link)
        if not path.startswith("/") or path.startswith("/static/"):
            continue
        try:
            match = resolve(unquote(path))  # the path as the server hands it to Django
        except Resolver404:
            continue
        if {match.kwargs.get("ref"), match.kwargs.get("item_ref")} & set(refs):
            found.add(link)
    return found


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_case_id_of_any_accepted_characters_has_a_case_page_that_names_it(client, cast, odd_cases):
    client.force_login(cast.cm_a)
    for ref in ODD_IDS:
        html = _get(client, reverse("web:case_detail", args=[ref]))
        assert f"Case {_html_text(ref)}" in html or _html_text(ref) in html, ref


def test_every_caseload_page_answers_and_its_links_open_each_odd_case(client, cast, odd_cases):
    client.force_login(cast.cm_a)
    opened = set()
    for page in range(1, 3):
        html = _get(client, f"/cases/?page={page}")
        for link in _links_to(html, ODD_IDS):
            case_html = _get(client, link)
            opened.update(ref for ref in ODD_IDS if f"{_html_text(ref)}" in case_html)
    assert opened == set(ODD_IDS)


def _html_text(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def test_the_links_on_each_odd_case_page_open_its_oversight_request_and_self_audit_pages(client, cast, odd_cases):
    client.force_login(cast.cm_a)
    for ref in ODD_IDS:
        html = _get(client, reverse("web:case_detail", args=[ref]))
        links = _links_to(html, [ref])
        kinds = {_path_of(link).rstrip("/").rsplit("/", 1)[-1] for link in links}
        assert "request-oversight" in kinds and any(_path_of(link).startswith("/self-audit/") for link in links), ref
        for link in links:
            _get(client, link)


def test_a_team_managers_oversight_queue_links_each_odd_item_and_its_page_opens(client, cast, odd_cases):
    client.force_login(cast.tm_north)
    html = "".join(_get(client, f"/oversight/?page={page}") for page in (1, 2))
    items = {link for link in _links_to(html, [ASSESSMENT_ID]) if _path_of(link).startswith("/oversight/")}
    assert {resolve(unquote(_path_of(link))).kwargs["ref"] for link in items} >= set(ODD_IDS)
    for link in items:
        page = _get(client, link)
        assert _html_text(ASSESSMENT_ID) in page


def test_a_supervision_sample_of_odd_cases_links_each_case_and_its_supervision_page(client, cast, odd_cases):
    sample = supervision_sample_draw(actor=cast.tm_north, case_manager=cast.cm_a.staff, size=40, seed=7)
    client.force_login(cast.tm_north)
    html = _get(client, reverse("web:supervision_sample", args=[sample.pk]))
    links = _links_to(html, ODD_IDS)
    assert links
    for link in links:
        _get(client, link)
    for ref in ODD_IDS:
        _get(client, reverse("web:supervision_case", args=[sample.pk, ref]))


def test_an_audit_of_an_odd_case_answers_and_links_its_record(client, cast, odd_cases):
    from casequality.audits.models import AuditCase
    from casequality.audits.services import audit_create

    audit = audit_create(service=cast.service, framework_id="sqs-2013", title="Odd ids", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)
    for ref in ODD_IDS:
        audit_case = AuditCase.objects.create(audit=audit, case=odd_cases[ref], inspector=cast.inspector)
        html = _get(client, reverse("audits:case", args=[audit.pk, audit_case.pk]))
        links = _links_to(html, [ref])
        assert links, ref
        for link in links:
            _get(client, link)
    _get(client, reverse("audits:detail", args=[audit.pk]))


def test_an_address_with_an_id_encoded_otherwise_is_not_found_rather_than_another_case(client, cast, odd_cases):
    client.force_login(cast.cm_a)
    # "100% sure" is linked as /cases/100%2525%20sure/; a bare % is never one of its forms.
    assert client.get("/cases/100%25%20sure/").status_code == 404
    assert client.get("/cases/YOS/2024/0001/").status_code == 404


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("YOS\n1", "control character"),
        ("YOS\x001", "control character"),
        ("Y" * 65, "longer than 64 characters"),
    ],
)
def test_an_id_the_format_refuses_is_named_in_the_imports_message(cast, ref, message):
    with pytest.raises(InterchangeError) as refused:
        _import(cast, [ref])
    assert any(p.path == "cases[0].id" and message in p.message for p in refused.value.problems), [
        str(p) for p in refused.value.problems
    ]
    assert not Case.objects.filter(service=cast.service).exists()
