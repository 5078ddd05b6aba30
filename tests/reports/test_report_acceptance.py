"""Acceptance: a 47-case audit with the 2013 Manchester shares reads like the 2013 report."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from casequality.reports.services import report_body_html, report_document_html, report_pdf

from .factories import CHILD_NAMES, manchester_2013_audit

# What the 2013 report says of each share, in its own words.
WORDS_2013 = {
    "1.2": "just over half",
    "1.4": "just under two-thirds",
    "1.5": "just under half",
    "2.2": "half",
    "3.1": "three-quarters",
    "3.2": "just over half",
    "4.5": "the great majority",
    "4.6a": "two-thirds",
    "4.6b": "well over three-quarters",
}


class _ById(HTMLParser):
    """Collects the text inside each element with an id (paragraphs are not nested)."""

    def __init__(self):
        super().__init__()
        self.texts: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "line", "rect", "path"):
            return
        self._open.append(dict(attrs).get("id"))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.texts[element_id] = self.texts.get(element_id, "") + " " + data


def paragraphs(html: str) -> dict[str, str]:
    parser = _ById()
    parser.feed(html)
    return {k: " ".join(v.split()) for k, v in parser.texts.items()}


@pytest.fixture
def audit(cast):
    return manchester_2013_audit(cast.service)


def test_q_1_2_says_just_over_half_as_the_2013_report_did(audit):
    text = paragraphs(report_body_html(audit))["q-1.2"]
    assert "just over half" in text
    assert "25 of 47, 53%" in text
    assert "evidence insufficient or unclear (12)" in text  # the commonest reason, with its count


@pytest.mark.parametrize(("question", "words"), WORDS_2013.items())
def test_each_paragraph_uses_the_2013_reports_words(audit, question, words):
    text = paragraphs(report_body_html(audit))[f"q-{question}"]
    assert re.search(rf"Overall, {re.escape(words)} of the ", text), text


def test_the_report_has_the_2013_structure(audit):
    html = report_body_html(audit)
    ids = paragraphs(html)
    order = [m.group(1) for m in re.finditer(r'<section id="([^"]+)"', html)]
    assert order == [
        "context",
        "summary",
        "commentary",
        "theme-1",
        "theme-2",
        "theme-3",
        "theme-4",
        "operational-management",
        "key-strengths",
        "areas-requiring-improvement",
        "figures",
        "agreement",
    ]
    assert "a sample of 47 recent cases" in ids["context"]
    assert ids["theme-1"].startswith("1. Reducing the likelihood of reoffending")
    assert html.count('class="cq-question"') == 21
    assert html.count("<svg") == 5  # one chart per theme and one of the themes
    # Key strengths and areas for improvement follow from the thresholds (75%, 65%).
    assert "Responses to non-compliance: well over three-quarters were appropriate (81%)." in ids["key-strengths"]
    assert (
        "Assessments of the risk of harm to others: well under half were sufficient (38%)."
        in ids["areas-requiring-improvement"]
    )
    # The figures table holds every figure with its interval.
    assert (
        "1.2 Was the initial assessment of the likelihood of reoffending sufficient? 25 47 0 53% 41% to 65% just "
        "over half"
    ) in ids["figure-1.2"]


def test_no_childs_name_appears_anywhere_in_the_report(audit):
    html = report_document_html(audit)
    assert "Quartermaine" not in html
    assert not any(name in html for name in CHILD_NAMES)
    assert "M001" not in html  # nor a case reference
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(audit))).pages)
    assert "Quartermaine" not in text
    assert "just over half" in text


def test_report_command_writes_html_and_a_pdf_that_opens(audit, tmp_path):
    call_command("report", str(audit.id), "--format", "html", "--out", str(tmp_path / "r.html"))
    assert 'id="q-1.2"' in (tmp_path / "r.html").read_text()
    call_command("report", str(audit.id), "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    reader = PdfReader(str(tmp_path / "r.pdf"))
    assert len(reader.pages) >= 3
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "Report of Short Quality Screening of youth offending work in Manchester" in first_page
