import json

import pytest
from django.core.management import CommandError, call_command

from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.services import AuditError, audit_load

from .factories import answers_document, case_make


@pytest.fixture
def cases(cast):
    return [case_make(cast.service, f"C00{i}") for i in (1, 2)]


def test_a_valid_file_creates_the_audit_with_every_answer(cases):
    doc = answers_document(
        ["C001", "C002"],
        answer=lambda ref, q: (
            {"answer": "no", "reasons": ["evidence_insufficient_or_unclear"], "note": "Lifestyle not evidenced."}
            if (ref, q) == ("C001", "1.2")
            else "yes"
        ),
    )
    audit = audit_load(doc)
    assert (audit.framework, audit.service.code, audit.source) == ("sqs-2013", "MAN", "file")
    assert str(audit.fieldwork_start) == "2013-06-17"
    assert audit.cases.count() == 2
    assert Answer.objects.filter(audit_case__audit=audit, is_moderation=False).count() == 42
    a = Answer.objects.get(audit_case__case__ref="C001", question="1.2")
    assert (a.answer, a.reasons, a.note, a.auditor) == (
        "no",
        ["evidence_insufficient_or_unclear"],
        "Lifestyle not evidenced.",
        "S20",
    )


def test_the_auditor_is_linked_to_their_user_and_becomes_the_inspector(cast, cases):
    audit = audit_load(answers_document(["C001", "C002"], auditor="S21"))
    assert {ac.inspector for ac in audit.cases.all()} == {cast.inspector}


def _problems(doc):
    with pytest.raises(AuditError) as info:
        audit_load(doc)
    assert Audit.objects.count() == 0  # all or nothing
    return info.value.problems


def test_missing_unknown_and_duplicated_answers_reject_the_whole_file_listing_every_problem(cases):
    doc = answers_document(["C001", "C002"])
    del doc["answers"][2]  # C001 1.2
    doc["answers"][0]["question"] = "9.9"
    doc["answers"].append(dict(doc["answers"][5]))  # a duplicate
    doc["answers"][3]["answer"] = "maybe"
    doc["answers"][4].update(answer="no", reasons=["not_a_reason"])
    problems = _problems(doc)
    assert "answers[0].question: '9.9' is not a question of sqs-2013" in problems
    assert "answers[3].answer: 'maybe' is not one of yes, no, n/a" in problems
    assert (
        "answers[4].reasons[0]: 'not_a_reason' is not a reason for 1.5 (expected one of assessment_not_reflected, "
        "one_phase_only, childs_views_absent, resettlement_not_addressed)"
    ) in problems
    assert "answers[41]: duplicates answers[5] (C001, 2.1, S20)" in problems
    assert "C001: no answer by S20 to 1.1, 1.2" in problems


def test_header_problems_are_listed_with_their_place(cases):
    doc = answers_document(["C001", "C404", "C001"])
    doc["format"] = "casequality-audit/2"
    doc["framework"] = "sqs-1999"
    doc["colour"] = "blue"
    doc["fieldwork"] = {"start": "2013-06-19", "end": "2013-06-17"}
    problems = _problems(doc)
    assert "format: 'casequality-audit/2' is not 'casequality-audit/1'" in problems
    assert any(p.startswith("framework: No framework 'sqs-1999'") for p in problems)
    assert "colour: unknown key" in problems
    assert "fieldwork: the end is before the start" in problems
    assert "cases[1]: 'C404' is not a stored case of MAN" in problems
    assert "cases[2]: 'C001' is listed twice" in problems


def test_answers_for_cases_not_in_the_file_and_reasons_on_a_yes_are_problems(cases):
    doc = answers_document(
        ["C001"],
        extra=[
            {"case": "C002", "question": "1.2", "answer": "yes", "auditor": "S20"},
        ],
    )
    doc["answers"][0].update(reasons=["not_concise"])
    problems = _problems(doc)
    assert "answers[21].case: 'C002' is not one of the file's cases" in problems
    assert "answers[0].reasons: reasons are given only where the answer is no" in problems


def test_a_second_auditors_answers_are_moderation(cast, cases):
    extra = [
        {"case": "C001", "question": q, "answer": a, "auditor": "S21"}
        for q, a in [("1.2", "no"), ("2.1", "yes"), ("1.4", "yes")]
    ]
    audit = audit_load(answers_document(["C001", "C002"], extra=extra))
    assert Answer.objects.filter(audit_case__audit=audit, is_moderation=True).count() == 3
    ac = AuditCase.objects.get(audit=audit, case__ref="C001")
    assert (ac.inspector, ac.moderator) == (cast.qa_lead, cast.inspector)


def test_a_third_auditor_is_refused(cases):
    extra = [{"case": "C001", "question": "1.2", "answer": "yes", "auditor": a} for a in ("S21", "S22")]
    assert (
        "answers[43].auditor: C001 already has answers from two auditors (S20, S21); a third is not allowed"
        in _problems(answers_document(["C001", "C002"], extra=extra))
    )


def test_audit_load_command_prints_the_id_last_and_audit_list_shows_it(cases, tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers_document(["C001", "C002"])))
    call_command("audit", "load", str(path))
    out = capsys.readouterr().out.splitlines()
    audit = Audit.objects.get()
    assert out[-1] == str(audit.id)
    call_command("audit", "list")
    assert f"{audit.id}\tMAN\tsqs-2013\t2 cases\tdraft\tShort Quality Screening" in capsys.readouterr().out


def test_audit_load_command_lists_every_problem(cases, tmp_path):
    doc = answers_document(["C001", "C002"])
    doc["answers"] = doc["answers"][:-1]
    doc["service"] = "XYZ"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError) as info:
        call_command("audit", "load", str(path))
    message = str(info.value)
    assert "service: no stored service 'XYZ'" in message
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("audit", "load", str(path))
