"""The access log's pages: newest first, 50 at a time by position in the chain, never
counting the whole log (decision 0063)."""

from __future__ import annotations

import re

import pytest

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.accounts.services import access_log_record


def _targets(html: str) -> list[str]:
    """What each row of the page's table says in its last column."""
    table = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="govuk-table__cell">([^<]*)</td>\s*</tr>', table)


def _newest_first(world, **filters) -> list[str]:
    entries = AccessLogEntry.objects.filter(service=world.cast.service, **filters).order_by("-seq")
    return list(entries.values_list("target", flat=True))


def _link(html: str, words: str) -> str:
    found = re.search(r'href="([^"]+)" rel="(?:prev|next)">(?:(?!</a>).)*?' + words, html, re.S)
    return found.group(1).replace("&amp;", "&") if found else ""


@pytest.fixture
def logged(world):
    for n in range(1, 121):
        access_log_record(
            actor=world.cast.cm_a,
            verb=AccessVerb.VIEW,
            service=world.cast.service,
            target=f"entry {n}",
            case_ref="N-0001" if n % 2 else "",
        )
    return world


def test_the_access_log_shows_the_latest_fifty_entries_newest_first_and_links_to_older_ones(client, logged):
    client.force_login(logged.cast.qa_lead)
    html = client.get("/access-log/").content.decode()
    assert _targets(html) == _newest_first(logged)[:50]
    assert "entry 120" in _targets(html)
    assert _link(html, "Older entries") and not _link(html, "Newer entries")


def test_older_entries_are_the_next_fifty_with_none_repeated_and_none_left_out(client, logged):
    client.force_login(logged.cast.qa_lead)
    first = client.get("/access-log/").content.decode()
    second = client.get("/access-log/" + _link(first, "Older entries")).content.decode()
    third = client.get("/access-log/" + _link(second, "Older entries")).content.decode()
    assert _targets(first) + _targets(second) + _targets(third) == _newest_first(logged)[:150]


def test_newer_entries_lead_back_to_the_page_before(client, logged):
    client.force_login(logged.cast.qa_lead)
    first = client.get("/access-log/").content.decode()
    second = client.get("/access-log/" + _link(first, "Older entries")).content.decode()
    back = client.get("/access-log/" + _link(second, "Newer entries")).content.decode()
    assert _targets(back) == _targets(first)


def test_the_case_filter_is_kept_in_the_links_between_pages(client, logged):
    client.force_login(logged.cast.qa_lead)
    first = client.get("/access-log/", {"case_ref": "N-0001"}).content.decode()
    older = _link(first, "Older entries")
    assert "case_ref=N-0001" in older
    second = client.get("/access-log/" + older).content.decode()
    assert _targets(first) + _targets(second) == _newest_first(logged, case_ref="N-0001")[:100]
    assert "entry 1" in _targets(second)


@pytest.mark.parametrize("position", ["abc", "-5", "0", "²", "9" * 40])
def test_a_position_that_is_not_an_entrys_shows_the_latest_entries(client, logged, position):
    client.force_login(logged.cast.qa_lead)
    response = client.get("/access-log/", {"older": position})
    assert response.status_code == 200
    assert _targets(response.content.decode()) == _newest_first(logged)[:50]


def test_the_access_log_page_never_counts_the_whole_log(client, logged):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(logged.cast.qa_lead)
    client.get("/access-log/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/access-log/")
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert AccessLogEntry.objects.count() >= 120


def test_a_position_past_the_oldest_entry_shows_the_latest_entries_not_an_empty_page(client, logged):
    client.force_login(logged.cast.qa_lead)
    html = client.get("/access-log/", {"older": "1"}).content.decode()
    assert _targets(html) == _newest_first(logged)[:50]
    assert "The latest entries" in html


def test_a_position_at_the_newest_entry_shows_the_latest_entries_not_an_empty_page(client, logged):
    client.force_login(logged.cast.qa_lead)
    newest = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    html = client.get("/access-log/", {"newer": str(newest)}).content.decode()
    assert _targets(html) == _newest_first(logged)[:50]
    assert not _link(html, "Newer entries")
