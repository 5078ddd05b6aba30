"""A service sets an assumed figure for its own audits; audits made before keep theirs
(issue 24, item 2; decision 0054)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.audits.figures import FigureError, figure_override_save
from casequality.audits.frameworks import audit_framework
from casequality.audits.models import FigureOverride
from casequality.audits.services import audit_create

from .factories import AS_OF, case_make

BANDS = {"outstanding": 85, "good": 70, "requires_improvement": 55}


def _set(cast, figure, value, reason, service=None):
    return figure_override_save(
        service=service or cast.service,
        framework_id="hmip-youth-2025",
        figure=figure,
        value=value,
        reason=reason,
        actor=cast.qa_lead,
    )


def _audit(cast, title="Mock inspection"):
    return audit_create(
        service=cast.service,
        framework_id="hmip-youth-2025",
        title=title,
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )


def test_an_audit_made_after_the_service_sets_its_bands_uses_them_and_names_them_assumed(cast):
    case_make(cast.service, "G001", case_manager=cast.cm_a.staff)
    _set(cast, "standard_bands", BANDS, "Our board asked for a higher bar.")
    framework = audit_framework(_audit(cast))
    assert [int(b.at_least) for b in framework.rating.standard_bands] == [85, 70, 55, 0]
    (assumption,) = framework.rating_assumptions()[:1]
    assert assumption.id == "S1" and "Our board asked for a higher bar." in assumption.text
    assert "In place of A3" in assumption.text


def test_an_audit_made_before_the_service_sets_its_bands_keeps_the_frameworks(cast):
    audit = _audit(cast)
    _set(cast, "standard_bands", BANDS, "Our board asked.")
    assert [int(b.at_least) for b in audit_framework(audit).rating.standard_bands] == [80, 65, 50, 0]


def test_a_service_sets_the_childrens_sample_margin_for_its_audits(cast):
    _set(cast, "sample_children", {"confidence": "90", "margin": "5"}, "A larger sample.")
    size = audit_framework(_audit(cast)).sampling.sizes["children"]
    assert (size.confidence, size.margin, size.assumed) == (0.9, 0.05, "S1")


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("standard_bands", {"outstanding": 60, "good": 70, "requires_improvement": 50}),
        ("standard_bands", {"outstanding": "many"}),
        ("sample_children", {"confidence": 40, "margin": 5}),
        ("rating_points", 3),
    ],
)
def test_a_bad_figure_is_refused_and_nothing_is_written(cast, figure, value):
    with pytest.raises(FigureError):
        _set(cast, figure, value, "Why not.")
    assert not FigureOverride.objects.exists()


def test_a_figure_without_a_reason_is_refused(cast):
    with pytest.raises(FigureError, match="Say why"):
        _set(cast, "standard_bands", BANDS, " ")


def test_the_qa_lead_sets_the_services_bands_on_the_figures_page(client, cast):
    client.force_login(cast.qa_lead)
    url = reverse("audits:figures")
    page = client.get(url).content.decode()
    assert "A3: The percentage bands" in page and 'id="figure-hmip-youth-2025-standard_bands"' in page
    response = client.post(
        url,
        {"framework": "hmip-youth-2025", "figure": "standard_bands", "reason": "Board's choice.", **BANDS},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="override-hmip-youth-2025-standard_bands"' in page and "Outstanding from 85%" in page


def test_a_bad_figure_on_the_page_shows_the_error_and_writes_nothing(client, cast):
    client.force_login(cast.qa_lead)
    response = client.post(
        reverse("audits:figures"),
        {"framework": "hmip-youth-2025", "figure": "standard_bands", "reason": "x", "outstanding": "50", "good": "60"},
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not FigureOverride.objects.exists()


def test_a_case_manager_cannot_open_the_figures_page(client, cast):
    client.force_login(cast.cm_a)
    assert client.get(reverse("audits:figures")).status_code == 403


def test_another_services_figure_does_not_reach_this_services_audits(cast):
    from casequality.cases.models import Service

    other = Service.objects.create(name="Other Youth Justice Service", code="OTH")
    _set(cast, "standard_bands", BANDS, "Theirs.", service=other)
    assert [int(b.at_least) for b in audit_framework(_audit(cast)).rating.standard_bands] == [80, 65, 50, 0]
