"""Every figure no published source gives is named as assumed: on one docs page, and on the
pages and report that use it (issue 24, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from casequality.audits.frameworks import framework_get, frameworks_all
from casequality.audits.services import audit_create, audit_sample_draw

from .factories import AS_OF, case_make

DOC = Path(__file__).resolve().parents[2] / "docs" / "assumptions.md"


@pytest.mark.once
@pytest.mark.parametrize("framework_id", sorted(f.id for f in frameworks_all() if f.assumptions))
def test_every_assumption_of_a_framework_is_listed_on_the_docs_page(framework_id):
    text = " ".join(DOC.read_text().split())
    for a in framework_get(framework_id).assumptions:
        assert f"**{a.id}**" in text and " ".join(a.text.split()) in text, a.id


def test_the_2025_sample_names_its_size_and_cap_as_assumed(cast):
    framework = framework_get("hmip-youth-2025")
    assert {a.id for a in framework.sampling_assumptions()} == {"A6", "A7"}
    assert {a.id for a in framework.rating_assumptions()} == {"A3", "A4"}


@pytest.fixture
def audit_2025(cast):
    for i in range(3):
        case_make(cast.service, f"Z{i:03d}", case_manager=cast.cm_a.staff)
    audit = audit_create(
        service=cast.service,
        framework_id="hmip-youth-2025",
        title="Mock inspection",
        actor=cast.qa_lead,
        sample_size=2,
        seed=1,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    return audit


@pytest.mark.parametrize("name", ["audits:sample", "audits:detail"])
def test_the_sample_pages_show_the_samples_assumptions(client, cast, audit_2025, name):
    client.force_login(cast.qa_lead)
    page = client.get(reverse(name, kwargs={"pk": audit_2025.pk})).content.decode()
    assert 'id="assumed-sample"' in page and "A6: HMIP publishes only the least and largest sample" in page
    assert "A7: No published cap per case manager was found" in page


def test_the_report_shows_the_ratings_and_the_samples_assumptions(client, cast, audit_2025):
    client.force_login(cast.qa_lead)
    report = client.get(reverse("reports:detail", kwargs={"pk": audit_2025.pk})).content.decode()
    assert (
        'id="assumed-ratings"' in report
        and "A3, The percentage bands" in report
        and "A4, No published rule says how" in report
    )
    assert 'id="assumed-sample"' in report and "A6, HMIP publishes" in report


def test_the_report_says_reviewing_is_asked_within_implementation_and_delivery_as_assumed(client, cast, audit_2025):
    client.force_login(cast.qa_lead)
    report = client.get(reverse("reports:detail", kwargs={"pk": audit_2025.pk})).content.decode()
    assert 'id="assumed-theme-2.1.3"' in report and "A2, Reviewing is asked within implementation" in report


def test_a_framework_with_published_figures_shows_no_assumption(client, cast):
    case_make(cast.service, "Y001", case_manager=cast.cm_a.staff)
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="SQS",
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )
    client.force_login(cast.qa_lead)
    assert "cq-assumed" not in client.get(reverse("audits:sample", kwargs={"pk": audit.pk})).content.decode()
