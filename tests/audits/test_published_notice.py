"""The notice of an audit's published report has two homes, one for each template engine:
the Django partial audits/_published_notice.html (the read-only answer form) and the
Jinja2 audits/published_notice.html (the audit's page, decision 0066). These tests hold
the two equal, so that a change made in one and not the other fails here."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.template.loader import render_to_string


def both(audit: SimpleNamespace) -> tuple[str, str]:
    django = render_to_string("audits/_published_notice.html", {"audit": audit})
    jinja = engines["jinja2"].get_template("audits/published_notice.html").render({"audit": audit})
    return tuple(re.sub(r"\s+", " ", html).strip() for html in (django, jinja))  # type: ignore[return-value]


@pytest.mark.parametrize(
    "ends_on",
    [None, date(2027, 1, 6)],
    ids=["open to inspectors without an end", "closing to inspectors on a day"],
)
def test_the_published_notice_reads_the_same_on_the_audits_page_and_the_read_only_form(ends_on):
    audit = SimpleNamespace(answers_frozen_at=datetime(2026, 12, 6, 10, tzinfo=UTC), inspector_access_ends_on=ends_on)
    django, jinja = both(audit)
    assert "published on 6 December 2026" in django
    assert jinja == django


def test_neither_template_shows_a_notice_for_an_audit_not_yet_published():
    audit = SimpleNamespace(answers_frozen_at=None, inspector_access_ends_on=None)
    assert both(audit) == ("", "")
