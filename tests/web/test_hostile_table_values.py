"""Every busy table (the caseload with and without its case-manager column, the oversight
queue's three tables, a case page's findings and timeline) with hostile names and ids from
a case management system: markup, quotes and ampersands escaped; a right-to-left override
kept inside its own <bdi> (the caseload and the queue); an id with `/`, `%`, spaces and
such encoded so that its link opens that very record (decisions 0033 and 0043; the tables
are Jinja2 templates in casequality/web/jinja2/web/tables/)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import resolve, reverse

from casequality.cases.models import Case, Staff, Team
from casequality.oversight.models import FindingNote
from casequality.standards.models import Finding
from casequality.web.jinja_env import Urls
from tests.web.factories import ensure_finding

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows the text after it backwards
HOSTILE = f'<script>alert("x")</script> O\'Neil & Co {RLO}evil'
HOSTILE_REF = f"YOS/1 <b>\"&'{RLO}%2F?#"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href"]


def _hrefs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _resolve(href: str):
    """What the server resolves a link to: its path percent-decoded, as a WSGI server does."""
    return resolve(unquote(urlsplit(href).path))


def _tables(html: str) -> list[str]:
    return re.findall(r'<tbody class="govuk-table__body">.*?</tbody>', html, re.S)


def _assert_hostile_text_is_harmless(table: str) -> None:
    assert "<script>" not in table and "<b>" not in table
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co" in table
    # Every right-to-left override sits in a <bdi> of its own (its turn ends there) or,
    # percent-encoded, in an address.
    assert RLO in table
    assert RLO not in re.sub(r"<bdi>[^<]*</bdi>", "", table)


@pytest.fixture
def hostile(world):
    """N-0001 renamed to a hostile id, its child, case manager and team given hostile names."""
    case = Case.objects.get(pk=world.cases["N-0001"].pk)
    Case.objects.filter(pk=case.pk).update(ref=HOSTILE_REF, child_name=HOSTILE)
    Staff.objects.filter(pk=case.case_manager_id).update(name=HOSTILE)
    Team.objects.filter(pk=case.case_manager.team_id).update(name=HOSTILE)
    return Case.objects.get(pk=case.pk)


def test_the_caseload_with_its_case_manager_column_escapes_hostile_names_and_links_each_hostile_id(
    client, world, hostile
):
    client.force_login(world.cast.tm_north)
    (table,) = _tables(client.get("/cases/").content.decode())
    _assert_hostile_text_is_harmless(table)
    (row,) = [row for row in table.split("<tr")[1:] if "&lt;b&gt;" in row]  # the hostile case's
    links = _hrefs("<tr" + row)
    assert [_resolve(href).kwargs["ref"] for href in links] == [HOSTILE_REF]
    assert row.count("O&#39;Neil") == 3  # the child, the case manager, the team
    assert client.get(links[0]).status_code == 200


def test_a_case_managers_caseload_escapes_hostile_names_and_links_each_hostile_id(client, world, hostile):
    client.force_login(world.cast.cm_a)
    (table,) = _tables(client.get("/cases/").content.decode())
    _assert_hostile_text_is_harmless(table)
    assert [_resolve(href).kwargs["ref"] for href in _hrefs(table)].count(HOSTILE_REF) == 1


def test_each_of_the_oversight_queues_tables_escapes_hostile_names_and_links_each_hostile_id(client, world, hostile):
    waiting = Finding.objects.get(pk=world.finding.pk)
    Finding.objects.filter(pk=waiting.pk).update(message=HOSTILE, subject=HOSTILE_REF)
    insufficient = ensure_finding(hostile, rule="OVS-002", subject_type="outcome", subject=HOSTILE_REF)
    Finding.objects.filter(pk=insufficient.pk).update(evidence={"subject": HOSTILE_REF}, message=HOSTILE)
    for_review = ensure_finding(
        hostile,
        rule="LOR-003",
        subject_type="outcome",
        subject=HOSTILE_REF,
        owner="CM",
        kind="finding",
        severity="should",
    )
    Finding.objects.filter(pk=for_review.pk).update(message=HOSTILE)
    FindingNote.objects.create(finding=for_review, author_name="Sam Patel", text="Please look", marked_for_review=True)
    client.force_login(world.cast.tm_north)
    tables = _tables(client.get("/oversight/").content.decode())
    assert len(tables) == 3  # waiting, countersigned but still insufficient, asked to review
    for table in tables:
        _assert_hostile_text_is_harmless(table)
        opened = {
            (match.url_name, match.kwargs.get("item_ref"))
            for match in map(_resolve, _hrefs(table))
            if match.kwargs.get("ref") == HOSTILE_REF
        }
        assert ("case_detail", None) in opened
    item_links = [href for table in tables for href in _hrefs(table) if _resolve(href).url_name == "oversight_item"]
    # The assessment's link (waiting) and the one to the subject an OVS-002 finding names
    # (insufficient) open the hostile case's item by its hostile id.
    assert [_resolve(href).kwargs["item_ref"] for href in item_links].count(HOSTILE_REF) == 2


def test_a_case_pages_findings_and_timeline_escape_hostile_values_and_link_each_hostile_id(client, world, hostile):
    Finding.objects.filter(pk=world.finding.pk).update(message=HOSTILE, evidence={"reason": HOSTILE})
    Finding.objects.filter(pk=world.cm_finding.pk).update(message=HOSTILE)
    FindingNote.objects.create(finding=world.finding, author_name=HOSTILE, text=HOSTILE)
    client.force_login(world.cast.tm_north)
    tables = _tables(client.get(reverse("web:case_detail", args=[HOSTILE_REF])).content.decode())
    for table in tables:
        assert "<script>" not in table and "<b>" not in table
    actions = next(table for table in tables if f'id="finding-{world.finding.pk}"' in table)
    assert actions.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co") >= 4
    opened = [_resolve(href) for table in tables for href in _hrefs(table)]
    # The finding's assessment, and the timeline's assessments and plans, open on the hostile case.
    items = [match for match in opened if match.url_name == "oversight_item"]
    assert items and all(match.kwargs["ref"] == HOSTILE_REF for match in items)
    assert client.get(_hrefs(actions)[-1]).status_code == 200


def test_a_case_managers_answer_link_on_a_case_page_opens_that_finding_of_the_hostile_case(client, world, hostile):
    client.force_login(world.cast.cm_a)
    tables = _tables(client.get(reverse("web:case_detail", args=[HOSTILE_REF])).content.decode())
    answers = [
        match for match in (_resolve(h) for t in tables for h in _hrefs(t)) if match.url_name == "finding_answer"
    ]
    assert {(match.kwargs["ref"], match.kwargs["pk"]) for match in answers} >= {(HOSTILE_REF, world.cm_finding.pk)}


def test_a_tables_link_with_a_number_is_the_address_reverse_makes():
    assert Urls()("web:finding_answer", HOSTILE_REF, 7304951862013579) == reverse(
        "web:finding_answer", args=[HOSTILE_REF, 7304951862013579]
    )


def test_an_id_that_holds_another_arguments_mark_is_linked_as_it_is():
    url = Urls()
    assert url("web:oversight_item", "ZQARG2QZ", "assessment", "A1") == reverse(
        "web:oversight_item", args=["ZQARG2QZ", "assessment", "A1"]
    )


@pytest.mark.parametrize(
    "ref", [HOSTILE_REF, "YOS/123", "100%", "..", ".", "a b", "Zoë-Ünal", "?#", "a'b\"c&d", "N-0001"]
)
def test_a_tables_link_is_the_address_reverse_makes_for_any_id(ref):
    url = Urls()
    assert url("web:case_detail", ref) == reverse("web:case_detail", args=[ref])
    assert url("web:oversight_item", ref, "assessment", ref) == reverse(
        "web:oversight_item", args=[ref, "assessment", ref]
    )


def test_a_render_that_links_the_same_ids_again_and_again_makes_the_address_reverse_makes_each_time():
    url = Urls()  # one render: each route split once, each id's segment quoted once
    for ref in (HOSTILE_REF, "YOS/123", HOSTILE_REF, "YOS/123"):
        assert url("web:case_detail", ref) == reverse("web:case_detail", args=[ref])
        assert url("web:oversight_item", ref, "plan", "ZQARG0QZ") == reverse(
            "web:oversight_item", args=[ref, "plan", "ZQARG0QZ"]
        )
        assert url("web:today") == reverse("web:today")
