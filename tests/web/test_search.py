"""Find a child (decision 0048): by name whatever its accents, apostrophes, hyphens or case,
by reference, by date of birth as people type it; only within the user's scope; logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Case
from casequality.cases.search_key import search_key
from casequality.cases.services import interchange_import_document
from casequality.web.search import date_of_birth
from tests.web.factories import case_document, import_cases

# ref: (name, date of birth, case manager) - N-0003 and N-0004 are cm_a's (S1), N-0005 cm_b's.
CHILDREN = {
    "N-0003": ("Aoife O'Brien", "2009-12-06", "S1"),
    "N-0004": ("Zoë Mary-Jane Smith", "2011-02-28", "S1"),
    "N-0005": ("Liam O’Brien", "2009-12-06", "S2"),
}


def import_children(service_code: str, service_name: str, staff: list[dict], children: dict) -> None:
    documents = []
    for ref, (name, dob, case_manager) in children.items():
        document = case_document(ref, case_manager, name)
        document["child"]["dob"] = dob
        documents.append(document)
    interchange_import_document(
        {
            "format": "casequality/1",
            "service": {"code": service_code, "name": service_name},
            "staff": staff,
            "cases": documents,
        },
        actor_name="tests",
    )


@pytest.fixture
def children(cast):
    import_cases(cast)
    import_children(cast.service.code, cast.service.name, cast.staff_document(), CHILDREN)
    other_staff = [{"id": "X1", "name": "Val Other", "role": "case_manager", "team": "East", "manager": None}]
    import_children(
        "OTH", "Other Youth Justice Service", other_staff, {"X-0001": ("Aoife O'Brien", "2009-12-06", "X1")}
    )
    return cast


def found(client, user, query: str) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("web:search"), {"q": query})
    assert response.status_code == 200, response.status_code
    return [case.ref for case in response.context["page_obj"].object_list]


@pytest.mark.parametrize("query", ["O'Brien", "obrien", "o brien", "O’Brien", "OBRIEN", "aoife o'brien", "Aoife"])
def test_a_qa_lead_finds_a_child_by_name_whatever_its_apostrophe_spaces_or_case(client, children, query):
    assert "N-0003" in found(client, children.qa_lead, query)


@pytest.mark.parametrize("query", ["zoe", "Zoë", "ZOE", "maryjane", "mary jane", "Mary-Jane"])
def test_a_name_is_found_whatever_its_accents_and_hyphens(client, children, query):
    assert found(client, children.qa_lead, query) == ["N-0004"]


@pytest.mark.parametrize(
    "query", ["6/12/2009", "06-12-2009", "6 December 2009", "6 Dec 2009", "2009-12-06", "6.12.2009"]
)
def test_a_child_is_found_by_date_of_birth_as_people_type_it(client, children, query):
    assert found(client, children.qa_lead, query) == ["N-0003", "N-0005"]


def test_a_date_that_does_not_exist_is_read_as_no_date():
    assert date_of_birth("31/2/2009") is None
    assert date_of_birth("6 Decembrish 2009") is None


def test_part_of_a_reference_finds_the_cases_it_names(client, children):
    assert set(found(client, children.qa_lead, "N-000")) == {"N-0001", "N-0002", "N-0003", "N-0004", "N-0005"}


@pytest.mark.parametrize("query", ["N_000", "N%3", "%", "_", "N-000'", '"N-0003"', "n\\-0003"])
def test_wildcards_quotes_and_backslashes_typed_are_matched_as_themselves(client, children, query):
    assert found(client, children.qa_lead, query) == []


def test_a_reference_typed_exactly_opens_that_case(client, children):
    client.force_login(children.qa_lead)
    response = client.get(reverse("web:search"), {"q": " n-0004 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:case_detail", args=["N-0004"])


def test_a_reference_outside_the_scope_opens_nothing(client, children):
    client.force_login(children.cm_a)
    response = client.get(reverse("web:search"), {"q": "N-0005"})
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []


def test_another_services_child_is_never_found(client, children):
    assert "X-0001" not in found(client, children.qa_lead, "O'Brien")
    assert "X-0001" not in found(client, children.qa_lead, "6/12/2009")
    assert "X-0001" not in found(client, children.qa_lead, "X-0001")


def test_a_case_manager_finds_only_their_own_caseload(client, children):
    assert found(client, children.cm_a, "o'brien") == ["N-0003"]


def test_a_team_manager_finds_their_teams_children_only(client, children):
    assert found(client, children.tm_south, "o'brien") == []
    assert found(client, children.tm_north, "o'brien") == ["N-0003", "N-0005"]


@pytest.mark.parametrize("who", ["board", "admin"])
def test_the_board_and_administrators_get_no_search(client, children, who):
    user = getattr(children, who)
    client.force_login(user)
    assert client.get(reverse("web:search"), {"q": "obrien"}).status_code == 403
    assert 'action="/search/"' not in client.get(reverse("web:measures" if who == "board" else "web:rules")).text


def test_every_page_of_someone_who_sees_children_has_the_search_in_its_header(client, children):
    client.force_login(children.cm_a)
    assert 'id="app-header-search-q"' in client.get(reverse("web:caseload")).text


def test_a_search_is_written_to_the_access_log_with_the_children_it_showed(client, children):
    found(client, children.qa_lead, "obrien")
    entry = AccessLogEntry.objects.filter(target="search").latest("seq")
    assert entry.actor == children.qa_lead
    assert entry.case_refs.split() == ["N-0003", "N-0005"]
    assert entry.payload["query"] == "obrien"


def test_a_reference_that_opens_a_case_is_written_to_the_access_log(client, children):
    client.force_login(children.qa_lead)
    client.get(reverse("web:search"), {"q": "N-0004"})
    entry = AccessLogEntry.objects.filter(target="search").latest("seq")
    assert entry.case_ref == "N-0004"


def test_an_empty_search_says_what_to_type_and_logs_nothing(client, children):
    client.force_login(children.qa_lead)
    response = client.get(reverse("web:search"), {"q": "  "})
    assert "Enter a name, case reference or date of birth" in response.text
    assert not AccessLogEntry.objects.filter(target="search").exists()


def test_a_search_too_long_is_refused_with_a_clear_message(client, children):
    client.force_login(children.qa_lead)
    response = client.get(reverse("web:search"), {"q": "a" * 101})
    assert "Search must be 100 characters or fewer" in response.text


def test_the_search_pages_across_many_results_keeping_the_query(client, cast):
    many = {f"N-1{n:03}": (f"Child O'Neill {n}", "2010-01-01", "S1") for n in range(30)}
    import_children(cast.service.code, cast.service.name, cast.staff_document(), many)
    client.force_login(cast.qa_lead)
    first = client.get(reverse("web:search"), {"q": "oneill"})
    second = client.get(reverse("web:search"), {"q": "oneill", "page": 2})
    assert first.context["page_obj"].paginator.count == 30
    assert "q=oneill&amp;page=2" in first.text
    assert len(second.context["page_obj"].object_list) == 5


# --- the search key: every writer of a case keeps it right --------------------------------


def test_the_search_key_drops_accents_case_apostrophes_hyphens_and_spaces():
    assert search_key("Zoë O’Brien-Smith") == "zoeobriensmith"
    assert search_key("ÅSA Nuñez") == "asanunez"


def test_the_import_writes_the_search_key_and_a_later_import_renames_it(children):
    assert Case.objects.get(ref="N-0003").search_key == "aoifeobrien"
    import_children(children.service.code, children.service.name, children.staff_document(), {
        "N-0003": ("Aoife Ní Bhriain", "2009-12-06", "S1")
    })  # fmt: skip
    assert Case.objects.get(ref="N-0003").search_key == "aoifenibhriain"


def test_saving_a_case_keeps_its_search_key(children):
    case = Case.objects.get(ref="N-0003")
    case.child_name = "Siobhán D'Arcy"
    case.save(update_fields=["child_name"])
    assert Case.objects.get(ref="N-0003").search_key == "siobhandarcy"


def test_a_case_written_through_the_api_has_its_search_key_and_is_found_by_it(client, children):
    from casequality.api.services import api_token_create

    _record, token = api_token_create(service=children.service, name="cms")
    document = case_document("N-0006", "S1", "Éabha Ní Dhónaill-Ó'Sé")
    response = client.put(
        "/api/v1/cases/N-0006", document, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.content
    assert Case.objects.get(ref="N-0006").search_key == "eabhanidhonaillose"
    assert found(client, children.qa_lead, "ni dhonaill") == ["N-0006"]


def test_no_admin_page_edits_a_case_so_none_writes_a_name_without_its_search_key():
    from django.contrib import admin

    assert not admin.site.is_registered(Case)  # a case is written by save() or the import only


def test_a_search_finding_very_many_lists_the_first_by_name_and_asks_for_more_of_the_name(
    client, children, monkeypatch
):
    monkeypatch.setattr("casequality.web.search.MOST_RESULTS", 2)
    client.force_login(children.qa_lead)
    response = client.get(reverse("web:search"), {"q": "N-000"})
    assert [case.ref for case in response.context["page_obj"].object_list] == ["N-0003", "N-0001"]
    assert "More than 2 children found" in response.text


def test_the_results_escape_a_hostile_name_and_link_to_its_case(client, children):
    case = Case.objects.get(ref="N-0003")
    case.child_name = '<script>alert("x")</script> O\'Neil & Co \u202eevil'
    case.save(update_fields=["child_name"])
    client.force_login(children.qa_lead)
    html = client.get(reverse("web:search"), {"q": "alert"}).text
    assert "<script>alert" not in html
    assert "<bdi>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co \u202eevil</bdi>" in html
    assert f'href="{reverse("web:case_detail", kwargs={"ref": "N-0003"})}"' in html
