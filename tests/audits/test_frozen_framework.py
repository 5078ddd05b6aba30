"""An audit freezes the framework it was made with: a later change to the framework file
changes neither its results nor its report (issue 24, item 2; decision 0054)."""

from __future__ import annotations

import re

import yaml
from django.urls import reverse

from casequality.audits.frameworks import audit_framework, framework_get
from casequality.audits.services import audit_create

from .factories import AS_OF, case_make


def _page(client, url) -> str:
    """The page without its per-response CSP nonce."""
    return re.sub(r'nonce="[^"]*"', "", client.get(url).content.decode())


def _audit(cast):
    case_make(cast.service, "F001", case_manager=cast.cm_a.staff)
    return audit_create(
        service=cast.service,
        framework_id="hmip-youth-2025",
        title="Mock inspection",
        actor=cast.qa_lead,
        sample_size=1,
        seed=1,
        as_of=AS_OF,
    )


def _changed_copy(tmp_path, settings):
    data = yaml.safe_load(framework_get("hmip-youth-2025").path.read_text())
    data["rating"]["standard"]["bands"][0]["at_least"] = 90
    data["sampling"]["max_per_case_manager"] = 3
    (tmp_path / "hmip-youth-2025.yaml").write_text(yaml.safe_dump(data))
    settings.CASEQUALITY_FRAMEWORK_DIRS = [str(tmp_path)]


def test_an_audit_keeps_the_rating_bands_and_sample_figures_it_was_made_with(cast, tmp_path, settings):
    audit = _audit(cast)
    _changed_copy(tmp_path, settings)
    frozen = audit_framework(audit)
    assert frozen.rating.standard_bands[0].at_least == 80 and frozen.sampling.max_per_case_manager == 6
    assert framework_get("hmip-youth-2025").rating.standard_bands[0].at_least == 90


def test_an_audit_made_after_the_change_uses_the_new_figures(cast, tmp_path, settings):
    _changed_copy(tmp_path, settings)
    assert audit_framework(_audit(cast)).rating.standard_bands[0].at_least == 90


def test_a_published_report_is_the_same_after_the_framework_file_changes(client, cast, tmp_path, settings):
    from casequality.audits.answers import AnswerInput
    from casequality.audits.services import audit_case_answers_save, audit_sample_draw
    from casequality.reports.services import report_publish

    audit = _audit(cast)
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    audit_case = audit.cases.filter(reserve=False).first()
    audit_case_answers_save(
        audit_case=audit_case,
        actor=cast.qa_lead,
        answers=[AnswerInput(q, "yes") for q in ("2.1.1.1", "2.1.1.2", "2.1.1.3", "2.1.2.1")],
    )
    report_publish(audit=audit, actor=cast.qa_lead)
    client.force_login(cast.qa_lead)
    url = reverse("reports:detail", kwargs={"pk": audit.pk})
    before = _page(client, url)
    _changed_copy(tmp_path, settings)
    assert _page(client, url) == before


def test_an_audit_made_before_the_frozen_copy_was_kept_reads_the_file(cast):
    audit = _audit(cast)
    audit.framework_frozen = {}
    assert audit_framework(audit) is framework_get("hmip-youth-2025")


def test_an_audit_made_before_decision_0054_keeps_its_five_units_and_points_after_the_migration(cast):
    import importlib

    from django.apps import apps

    from casequality.audits.models import Audit

    migration = importlib.import_module("casequality.audits.migrations.0007_framework_frozen")
    audit = _audit(cast)
    Audit.objects.filter(pk=audit.pk).update(framework_frozen={})
    migration.freeze(apps, None)
    framework = audit_framework(Audit.objects.get(pk=audit.pk))
    assert [t.id for t in framework.themes] == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "V1"]
    assert framework.rating.overall_method == "points" and framework.rating.standards_in_inspection == 5


def test_an_audits_frozen_copy_keeps_each_questions_reasons_in_the_files_order(cast):
    from casequality.audits.models import Audit

    audit = Audit.objects.get(pk=_audit(cast).pk)  # read back from the database, as a page reads it
    kept = {q.id: list(q.reasons) for q in audit_framework(audit).questions}
    assert kept == {q.id: list(q.reasons) for q in framework_get("hmip-youth-2025").questions}
