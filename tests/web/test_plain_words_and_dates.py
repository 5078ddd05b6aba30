"""Plain words and UK dates (decision 0050): every page every role opens, read as a person reads it.

A rule's id ("OVS-001") or a parameter's name ("countersign_due_wd") may be shown beside the
words, never as the whole text of a heading, a link, a button or a table's header; no date is
shown as year-month-day; and no template formats a date except through the one definition
(casequality/web/dates.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.test_every_url import EXPECTED, PEOPLE

ROOT = Path(__file__).resolve().parents[2] / "casequality"
RULE_ID = re.compile(r"[A-Z]{2,5}-\d{3}")
PARAMETER = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A date or moment a template printed without the filter: Django's en-gb DATE_FORMAT, "29 Nov 2026".
SHORT_DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
# The main text people read: headings, links, buttons, a table's or summary list's headers.
MAIN = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "th", "dt", "legend", "caption"}
DATE_FILTERS = {"govuk_date", "govuk_datetime", "govuk_month"}


class _Page(HTMLParser):
    """The whole text of each main element, and the text nodes shown (no script or style)."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, list[str]]] = []
        self.main: list[tuple[str, str]] = []
        self.shown: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        if tag in MAIN:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1
        if tag in MAIN and self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            self.main.append((name, " ".join("".join(parts).split())))

    def handle_data(self, data):
        if self.hidden:
            return
        self.shown.append(data)
        for _, parts in self.open:
            parts.append(data)


def _pages():
    """(person, url name) for every HTML page the person may open."""
    for name, (_, statuses) in sorted(EXPECTED.items()):
        for person, status in zip(PEOPLE, statuses.split()):
            if status == "200" and name not in ("web:plan_pdf", "reports:pdf", "web:sign_out"):
                yield person, name


def _read(client, world, person, name) -> _Page:
    kwargs, _ = EXPECTED[name]
    client.force_login(getattr(world.cast, person))
    response = client.get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 200
    page = _Page()
    if response["Content-Type"].startswith("text/html"):  # a CSV download keeps ISO dates
        page.feed(response.content.decode())
    return page


@pytest.mark.django_db
def test_no_heading_link_button_or_header_is_only_a_rule_id_or_a_parameter_name(client, world):
    found = []
    for person, name in _pages():
        for tag, text in _read(client, world, person, name).main:
            if RULE_ID.fullmatch(text) or PARAMETER.fullmatch(text):
                found.append((name, person, tag, text))
    assert found == [], "\n".join(map(str, sorted(set(found))))


@pytest.mark.django_db
def test_no_page_shows_a_date_as_year_month_day(client, world):
    found = []
    for person, name in _pages():
        for text in _read(client, world, person, name).shown:
            found += [(name, person, iso, text.strip()[:80]) for iso in ISO_DATE.findall(text)]
    assert found == [], "\n".join(map(str, sorted(set(found))))


@pytest.mark.django_db
def test_no_page_shows_a_date_with_a_short_month(client, world):
    found = []
    for person, name in _pages():
        for text in _read(client, world, person, name).shown:
            found += [(name, person, day, text.strip()[:80]) for day in SHORT_DATE.findall(text)]
    assert found == [], "\n".join(map(str, sorted(set(found))))


def _templates():
    for folder in ("templates", "jinja2"):
        yield from ROOT.glob(f"**/{folder}/**/*.html")


def test_no_template_formats_a_date_except_with_the_one_definition():
    found = []
    for path in _templates():
        source = path.read_text()
        for match in re.finditer(r"\|\s*(date|time|short_date|long_date|naturalday|naturaltime)\b", source):
            found.append((str(path.relative_to(ROOT)), match.group(0)))
        for match in re.finditer(r"\b(isoformat|strftime)\b", source):
            found.append((str(path.relative_to(ROOT)), match.group(0)))
    assert found == [], "\n".join(map(str, sorted(set(found))))


def test_the_one_definition_is_a_filter_of_both_template_engines():
    from django.template import engines

    django_filters = engines["django"].engine.template_builtins[-1].filters
    jinja_filters = engines["jinja2"].env.filters
    assert DATE_FILTERS <= set(django_filters) and DATE_FILTERS <= set(jinja_filters)
