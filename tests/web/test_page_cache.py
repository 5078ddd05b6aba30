"""The page cache (data/page_cache.py): a kept page is never older than the last committed
change to what it shows, is only ever the same user's, and is logged like any other."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Case, Service, Staff
from casequality.data.page_cache import CSRF_MARK, NONCE_MARK
from casequality.data.record_versions import NOT_WATCHED, WATCHED, record_versions
from casequality.oversight.models import FindingNote
from casequality.standards.models import Finding
from tests.web.factories import ensure_finding

PAGES = ["/cases/", "/cases/N-0001/", "/oversight/"]


def committed() -> None:
    """What COMMIT does to the record versions, inside the test's own transaction: on
    PostgreSQL the deferred triggers run now (until then the transaction's own writes keep
    it off the cache); SQLite's have run already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asked_for_again_comes_from_the_cache_in_fewer_queries(client, world, path):
    client.force_login(world.cast.tm_north)
    committed()
    first = _queries(client, path)
    assert _queries(client, path) < first


@pytest.mark.parametrize("path", PAGES)
def test_a_page_from_the_cache_is_logged_as_the_page_it_was(client, world, path):
    client.force_login(world.cast.tm_north)
    committed()
    client.get(path)
    client.get(path)
    first, second = AccessLogEntry.objects.order_by("-seq")[:2][::-1]
    assert (first.target, first.case_id, first.case_ref, first.case_refs, first.payload) == (
        second.target,
        second.case_id,
        second.case_ref,
        second.case_refs,
        second.payload,
    )
    assert first.case_refs or first.case_ref


def test_a_finding_changed_after_the_page_was_kept_shows_on_the_next_request(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    assert "needs OVS-001" in client.get("/oversight/").content.decode()
    Finding.objects.filter(pk=world.finding.pk).update(message="A changed message for the queue")
    committed()
    assert "A changed message for the queue" in client.get("/oversight/").content.decode()


def test_a_case_changed_by_raw_sql_shows_on_its_page_at_once(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    client.get("/cases/N-0001/")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET child_name = %s WHERE ref = %s", ["Renamed Child", "N-0001"])
    committed()
    assert "Renamed Child" in client.get("/cases/N-0001/").content.decode()


def test_a_note_added_to_a_finding_shows_on_the_case_page_at_once(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    client.get("/cases/N-0001/")
    FindingNote.objects.create(
        finding=world.finding, text="A note written after the page was kept", author_name="Someone"
    )
    committed()
    assert "A note written after the page was kept" in client.get("/cases/N-0001/").content.decode()


def test_a_deleted_finding_leaves_the_queue_at_once(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    Finding.objects.filter(pk=world.finding.pk).update(message="Soon to be gone")
    committed()
    assert "Soon to be gone" in client.get("/oversight/").content.decode()
    Finding.objects.filter(pk=world.finding.pk).delete()
    committed()
    assert "Soon to be gone" not in client.get("/oversight/").content.decode()


def test_a_change_to_another_service_keeps_this_services_pages(client, world):
    other = Service.objects.create(code="OTH", name="Another service")
    committed()
    before = record_versions([world.cast.service.pk])
    Staff.objects.create(service=other, ref="X1", name="Elsewhere", role="case_manager")
    committed()
    assert record_versions([world.cast.service.pk]) == before
    assert record_versions([other.pk]) != ((other.pk, 0),)


def test_each_user_gets_only_their_own_kept_page(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    client.get("/cases/")
    client.force_login(world.cast.tm_south)
    html = client.get("/cases/").content.decode()
    assert "S-0001" in html and "N-0001" not in html


def test_a_kept_page_carries_this_requests_nonce_never_the_mark(client, world):
    client.force_login(world.cast.tm_north)
    committed()
    client.get("/cases/N-0001/")
    response = client.get("/cases/N-0001/")
    html = response.content.decode()
    assert CSRF_MARK not in html and NONCE_MARK not in html
    nonce = html.split('<script nonce="', 1)[1].split('"', 1)[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_form_on_a_kept_page_gets_this_requests_csrf_token(rf, world):
    from django.http import HttpResponse
    from django.middleware.csrf import CSRF_TOKEN_LENGTH

    from casequality.data import page_cache

    def render():
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{CSRF_MARK}">'), page_cache.Reading("test")

    committed()
    for _ in range(2):  # rendered, then from the cache
        request = rf.get("/a-page/")
        request.user = world.cast.tm_north
        html = page_cache.serve(request, "test", render).content.decode()
        token = html.split('value="', 1)[1].split('"', 1)[0]
        assert CSRF_MARK not in html and len(token) == CSRF_TOKEN_LENGTH
        assert request.META["CSRF_COOKIE"]


def test_a_page_with_a_message_to_show_is_neither_taken_from_nor_put_in_the_cache(client, world):
    client.force_login(world.cast.cm_a)
    committed()
    client.get("/cases/N-0001/")
    client.post(f"/cases/N-0001/findings/{world.cm_finding.pk}/", {"text": "Done, see the plan.", "version": "open.0"})
    committed()
    assert "Your note has been added" in client.get("/cases/N-0001/").content.decode()
    assert "Your note has been added" not in client.get("/cases/N-0001/").content.decode()


def test_with_the_cache_off_every_request_renders_the_page(client, world, settings):
    settings.CASEQUALITY_PAGE_CACHE_SECONDS = 0
    client.force_login(world.cast.tm_north)
    committed()
    assert _queries(client, "/cases/") == _queries(client, "/cases/")


def test_every_table_with_a_case_service_or_finding_is_watched_or_says_why_not():
    related = {"Case", "Service", "Finding"}
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in {"cases", "standards", "oversight", "accounts", "audits", "reports", "api"}
        and any(
            f.is_relation and f.concrete and f.related_model and f.related_model.__name__ in related
            for f in model._meta.get_fields()
        )
    }
    tables.discard("accounts_user_extra_services")  # the user's services are part of the key
    assert tables - set(WATCHED) - set(NOT_WATCHED) == set()


def test_every_watched_table_has_its_triggers_in_the_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'casequality_rv_%%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'casequality_rv_%'"
            )
        installed = {row[0] for row in cursor.fetchall()}
    assert installed == set(WATCHED)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_connection_shows_on_the_next_request(client, cast):
    """As in production: the version moves at COMMIT (PostgreSQL's deferred trigger)."""
    from tests.web.factories import import_cases

    cases = import_cases(cast)
    finding = ensure_finding(cases["N-0001"])
    client.force_login(cast.tm_north)
    client.get("/oversight/")
    with transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(message="Committed since the page was kept")
    assert "Committed since the page was kept" in client.get("/oversight/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_version_moves_once_per_committed_transaction(cast):
    from tests.web.factories import import_cases

    import_cases(cast)
    ((_, before),) = record_versions([cast.service.pk])
    with transaction.atomic():
        for case in Case.objects.filter(service=cast.service):
            Case.objects.filter(pk=case.pk).update(child_name=case.child_name + " ")
    ((_, after),) = record_versions([cast.service.pk])
    assert after == before + (1 if connection.vendor == "postgresql" else 3)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_changed_a_watched_table_does_not_use_the_cache(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite moves the version at once")
    Staff.objects.create(service=cast.service, ref="X9", name="Before", role="case_manager")
    with transaction.atomic():
        assert record_versions([cast.service.pk]) is not None
        Staff.objects.filter(ref="X9").update(name="During")
        assert record_versions([cast.service.pk]) is None
    assert record_versions([cast.service.pk]) is not None


def test_a_shared_redis_cache_serves_a_kept_page(client, world, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"casequality-test-{world.cast.service.pk}-{id(world)}",
        },
    }
    caches["pages"].clear()
    try:
        client.force_login(world.cast.tm_north)
        committed()
        first = _queries(client, "/cases/")
        assert _queries(client, "/cases/") < first
        Case.objects.filter(ref="N-0001").update(child_name="Shared Cache Child")
        committed()
        assert "Shared Cache Child" in client.get("/cases/").content.decode()
    finally:
        caches["pages"].clear()


def test_another_page_of_the_caseload_reuses_the_kept_order_of_its_cases(client, cast, world):
    from tests.web.factories import import_cases

    import_cases(cast, [f"N-{i:04d}" for i in range(10, 60)], case_manager="S1")
    client.force_login(cast.qa_lead)
    committed()
    first = _queries(client, "/cases/?page=1")
    assert _queries(client, "/cases/?page=2") < first


def test_a_case_imported_after_the_caseload_was_kept_is_counted_and_listed(client, cast, world):
    from tests.web.factories import import_cases

    client.force_login(cast.qa_lead)
    committed()
    assert "N-0077" not in client.get("/cases/").content.decode()
    import_cases(cast, ["N-0077"], case_manager="S1")
    committed()
    html = client.get("/cases/").content.decode()
    assert "N-0077" in html and "4 cases" in html


def test_the_versions_of_a_users_services_include_a_service_granted_to_them(cast):
    from casequality.data.page_cache import record_versions_for_user

    other = Service.objects.create(code="OTH", name="Another service")
    cast.inspector.extra_services.add(other)
    committed()
    inspector = type(cast.inspector).objects.get(pk=cast.inspector.pk)
    versions = record_versions_for_user(inspector)
    assert dict(versions).keys() == {cast.service.pk, other.pk}
    assert inspector._casequality_service_ids == {cast.service.pk, other.pk}


def test_an_inspectors_pages_are_never_kept(client, world):
    from casequality.audits.models import AuditCase

    client.force_login(world.cast.inspector)
    committed()
    first = _queries(client, "/cases/")
    assert _queries(client, "/cases/") == first
    AuditCase.objects.create(audit=world.audit, case=world.cases["N-0002"], inspector=world.cast.inspector)
    assert "N-0002" in client.get("/cases/").content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "99999", ""])
def test_a_page_number_that_is_not_a_page_gets_a_page_of_the_kept_caseload_not_an_error(client, cast, world, page):
    client.force_login(cast.qa_lead)
    committed()
    client.get("/cases/")  # the caseload's order kept
    response = client.get("/cases/", {"page": page})
    assert response.status_code == 200 and "N-0001" in response.content.decode()


def test_a_case_outside_the_users_scope_is_refused_after_a_kept_page_too(client, world):
    client.force_login(world.cast.tm_south)
    committed()
    client.get("/cases/S-0001/")
    assert client.get("/cases/N-0001/").status_code == 404
