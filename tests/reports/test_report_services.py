import re

import pytest
from django.core.management import CommandError, call_command

from casequality.audits.models import Answer
from casequality.audits.services import audit_load
from casequality.reports.charts import Bar, bar_chart_svg
from casequality.reports.services import (
    ReportError,
    audits_compare,
    compare_body_html,
    report_body_html,
    report_narrative,
    report_narrative_save,
    report_publish,
)
from tests.audits.factories import answers_document, case_make

from .factories import SHARES_2013, manchester_2013_audit


@pytest.fixture
def audit(cast):
    return manchester_2013_audit(cast.service)


def test_the_qa_lead_edits_the_draft_and_the_edit_shows(cast, audit):
    report_narrative_save(
        audit=audit,
        actor=cast.qa_lead,
        edits={
            "q-1.2": "Overall just over half were good enough. Some assessments copied a previous one.",
            "strengths": "Compliance panels.\nPre-sentence reports.",
        },
    )
    html = report_body_html(audit)
    assert "Some assessments copied a previous one." in html
    assert "<li>Compliance panels.</li>" in html and "<li>Pre-sentence reports.</li>" in html
    # Saving the draft text back (or nothing) returns the section to the generated draft.
    _, draft = report_narrative(audit)
    report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"q-1.2": draft["q-1.2"], "strengths": ""})
    assert audit.report.narrative == {}
    with pytest.raises(ReportError, match="Unknown sections"):
        report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"q-9.9": "x"})


def test_the_narrative_is_escaped(cast, audit):
    report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"summary": "<script>alert(1)</script>"})
    html = report_body_html(audit)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_published_report_is_frozen(cast, audit):
    report_publish(audit=audit, actor=cast.qa_lead)
    frozen = report_body_html(audit)
    assert "Published" in frozen
    # Answers change after publication: the report does not.
    Answer.objects.filter(audit_case__audit=audit, question="1.2", answer="no").update(answer="yes")
    assert report_body_html(audit) == frozen
    assert "25 of 47" in frozen
    with pytest.raises(ReportError, match="published"):
        report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"summary": "new"})
    with pytest.raises(ReportError, match="already published"):
        report_publish(audit=audit, actor=cast.qa_lead)


def test_an_unanswered_audit_cannot_be_published(cast):
    from casequality.audits.services import audit_create

    audit = audit_create(service=cast.service, framework_id="sqs-2013", title="Empty", actor=cast.qa_lead)
    with pytest.raises(ReportError, match="nothing to publish"):
        report_publish(audit=audit, actor=cast.qa_lead)


def test_operational_management_reads_self_audit_and_supervision_data(cast, audit):
    from casequality.oversight.services import AnswerInput, self_audit_submit

    text = report_narrative(audit)[1]["operational_management"]
    assert "No self-audits were recorded" in text
    assert "We found no evidence of random sampling of cases by managers" in text
    assert "in none of the cases we looked at (0 of 47)" in text
    case = case_make(cast.service, "X001", case_manager=cast.cm_a.staff)
    self_audit_submit(actor=cast.cm_a, case=case, answers=[AnswerInput(question="1.2", answer="yes", reasons=[])])
    audit.fieldwork_end = None  # the period then ends today, when the self-audit was made
    audit.save()
    assert "Case managers completed 1 self-audit" in report_narrative(audit)[1]["operational_management"]


def test_comparing_two_audits_marks_changes_larger_than_chance(cast, audit):
    better = dict(SHARES_2013, **{"2.1": (40, 47), "1.2": (27, 47)})
    later = manchester_2013_audit(cast.service, title="Re-audit", shares=better, make_cases=False)
    rows = {r.id: r for r in audits_compare(audit, later)}
    assert rows["2.1"].larger_than_chance and rows["2.1"].change == pytest.approx(100 * 22 / 47)
    assert not rows["1.2"].larger_than_chance  # 25 -> 27 of 47 is chance
    assert not rows["1.4"].larger_than_chance and rows["1.4"].change == 0
    assert rows["2"].is_theme
    html = compare_body_html(audit, later)
    assert re.search(r'<tr id="compare-2\.1" class=" cq-changed">', html)
    assert 'id="compare-1.2" class="">' in html


def test_audits_of_different_frameworks_are_not_compared(cast, audit):
    for ref in ("H1",):
        case_make(cast.service, ref)
    other = audit_load(answers_document(["H1"], framework_id="hmip-youth-2018"))
    with pytest.raises(ReportError, match="different frameworks"):
        audits_compare(audit, other)


def test_report_command_compare_and_errors(cast, audit, tmp_path):
    later = manchester_2013_audit(cast.service, title="Re-audit", make_cases=False)
    out = tmp_path / "c.html"
    call_command("report", str(audit.id), "--compare", str(later.id), "--out", str(out))
    assert "compared with Re-audit" in out.read_text()
    with pytest.raises(CommandError, match="No audit 999"):
        call_command("report", "999", "--out", str(out))


def test_chart_is_svg_with_a_bar_and_interval_per_row_and_escapes_text():
    svg = bar_chart_svg([Bar("1.2", 25, 47, 0.41, 0.65, title="<b>x</b>"), Bar("1.5", 0, 0, None, None)], title="T & U")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 1
    assert "53% (25/47)" in svg and "no applicable cases" in svg
    assert "&lt;b&gt;" in svg and "T &amp; U" in svg


def test_an_hmip_report_shows_each_standards_rating(cast):
    refs = [f"H{i:02d}" for i in range(10)]
    for ref in refs:
        case_make(cast.service, ref)
    audit = audit_load(
        answers_document(
            refs,
            framework_id="hmip-youth-2018",
            answer=lambda ref, q: (
                "n/a" if q.startswith("3.") else "yes" if int(ref[1:]) < (6 if q == "2.2.3" else 9) else "no"
            ),
        )
    )
    html = report_body_html(audit)
    assert '<p class="cq-rating">Rating: Outstanding</p>' in html
    assert '<p class="cq-rating">Rating: Requires improvement</p>' in html  # 2.2: lowest key question 60%
    assert "2.2.3: 60%" in html
    assert "this audit rates 4 of them, worth 10 points" in html  # outstanding 3 x 3 + requires improvement 1


def test_audit_show_command(audit, capsys):
    call_command("audit", "show", str(audit.id))
    out = capsys.readouterr().out
    assert "1.2\t25/47\t53%\t41% to 65%\tjust over half" in out


def test_a_second_qa_lead_saving_over_a_text_saved_since_they_opened_it_is_refused(cast, audit):
    opened = audit.report.version if hasattr(audit, "report") else 0
    report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"summary": "First."}, seen_version=opened)
    with pytest.raises(ReportError, match="qa_lead saved this report's text after you opened it"):
        report_narrative_save(audit=audit, actor=cast.qa_lead, edits={"summary": "Second."}, seen_version=opened)
    audit.report.refresh_from_db()
    assert audit.report.narrative == {"summary": "First."}


def test_answers_cannot_change_once_the_audits_report_is_published(cast, audit):
    from casequality.audits.models import AuditCase
    from casequality.audits.services import AnswerInput, AuditError, audit_case_answers_save

    report_publish(audit=audit, actor=cast.qa_lead)
    audit_case = AuditCase.objects.filter(audit=audit).first()
    with pytest.raises(AuditError, match="published"):
        audit_case_answers_save(
            audit_case=audit_case, actor=cast.qa_lead, answers=[AnswerInput(question="1.2", answer="yes", reasons=[])]
        )


def test_an_hmip_2025_report_gives_the_overall_rating_and_how_sure_each_standard_is(cast):
    refs = [f"H{i:02d}" for i in range(20)]
    for ref in refs:
        case_make(cast.service, ref)
    # Every key question 15 of 20 (75%: good), but 2.1.2.3 13 of 20 (65%: good, at the edge).
    audit = audit_load(
        answers_document(
            refs,
            framework_id="hmip-youth-2025",
            answer=lambda ref, q: "yes" if int(ref[1:]) < (13 if q == "2.1.2.3" else 15) else "no",
        )
    )
    html = report_body_html(audit)
    assert ("Overall rating: Good, the lower of the areas (Work with children: Good; Work with victims: Good).") in html
    assert "1 more sufficient answer on the key questions would make it Outstanding (from 80%)." in html
    assert "The band boundaries at 50% and 65% lie inside the interval" in html


def test_an_hmip_2018_report_names_the_standards_the_inspection_team_must_still_rate(cast):
    refs = [f"H{i:02d}" for i in range(10)]
    for ref in refs:
        case_make(cast.service, ref)
    audit = audit_load(
        answers_document(
            refs, framework_id="hmip-youth-2018", answer=lambda ref, q: "n/a" if q.startswith("3.") else "yes"
        )
    )
    html = report_body_html(audit)
    assert "Not rated here: 1.1, 1.2, 1.3, 1.4, 3.1, 3.2, 3.3, 3.4 (standards the inspection team judges" in html


def test_two_2025_mock_inspections_compare_with_each_standards_rating_and_the_overall(cast):
    refs = [f"H{i:02d}" for i in range(20)]
    for ref in refs:
        case_make(cast.service, ref)

    def mock(title, yes_below):
        document = answers_document(
            refs, framework_id="hmip-youth-2025", answer=lambda ref, q: "yes" if int(ref[1:]) < yes_below else "no"
        )
        document["title"] = title
        return audit_load(document)

    first, second = mock("Mock inspection 2024", 10), mock("Mock inspection 2025", 18)
    rows = {r.id: r for r in audits_compare(first, second)}
    assert (rows["2.1.1"].first_rating, rows["2.1.1"].second_rating) == ("Requires improvement", "Outstanding")
    assert rows["2.1.1.1"].larger_than_chance  # 10/20 to 18/20
    html = compare_body_html(first, second)
    assert "Mock inspection 2024: Overall rating: Requires improvement, the lower of the areas" in html
    assert "Mock inspection 2025: Overall rating: Outstanding, the lower of the areas" in html


def test_a_comparison_of_2025_mock_inspections_names_the_assumptions_their_ratings_rest_on(cast):
    refs = [f"H{i:02d}" for i in range(4)]
    for ref in refs:
        case_make(cast.service, ref)
    audits = []
    for title in ("First", "Second"):
        document = answers_document(refs, framework_id="hmip-youth-2025", answer=lambda ref, q: "yes")
        document["title"] = title
        audits.append(audit_load(document))
    html = compare_body_html(*audits)
    assert 'id="assumed-ratings"' in html and "A4, No published rule says how" in html


def test_the_report_command_access_logs_each_case_of_the_audits_sample(cast, audit, tmp_path):
    from casequality.accounts.models import AccessLogEntry

    call_command("report", str(audit.id), "--out", str(tmp_path / "r.html"))
    logged = set(AccessLogEntry.objects.filter(actor_name="casequality report").values_list("case_ref", flat=True))
    assert logged and logged == set(audit.cases.values_list("case__ref", flat=True))
