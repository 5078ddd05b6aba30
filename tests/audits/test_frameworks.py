from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from casequality.audits.frameworks import FrameworkError, framework_get, framework_load, frameworks_all

SQS_IDS = ["1.1", "1.1b", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
           "4.1", "4.2", "4.3", "4.4", "4.5", "4.6a", "4.6b"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from casequality.audits import frameworks
    frameworks._frameworks.cache_clear()
    yield
    frameworks._frameworks.cache_clear()


def test_both_shipped_frameworks_load():
    assert [f.id for f in frameworks_all()] == ["hmip-youth-2018", "sqs-2013"]


def test_sqs_has_every_question_of_the_table_in_four_themes():
    sqs = framework_get("sqs-2013")
    assert sqs.question_ids() == SQS_IDS
    assert [t.title for t in sqs.themes] == [
        "Reducing the likelihood of reoffending", "Protecting the public",
        "Protecting the child or young person", "Ensuring that the sentence is served"]
    assert "evidence_insufficient_or_unclear" in sqs.question("1.2").reasons
    assert sqs.question("4.6a").reasons == {}
    assert ("ROSH-002", "full_assessment_missing") in [(s.rule, s.reason) for s in sqs.question("2.1").suggested_by]


def test_hmip_has_four_standards_of_three_key_questions_and_its_thresholds():
    hmip = framework_get("hmip-youth-2018")
    assert [t.id for t in hmip.themes] == ["2.1", "2.2", "2.3", "2.4"]
    assert all(len(t.questions) == 3 and all(q.key for q in t.questions) for t in hmip.themes)
    assert [(b.rating, b.at_least) for b in hmip.rating.standard_bands] == [
        ("outstanding", 80), ("good", 65), ("requires_improvement", 50), ("inadequate", 0)]
    assert hmip.rating.standards_in_inspection == 12


def test_unknown_framework_names_the_known_ones():
    with pytest.raises(FrameworkError, match="known: hmip-youth-2018, sqs-2013"):
        framework_get("nope")


def _write(tmp_path: Path, data: dict, name="local.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


LOCAL = {
    "id": "local-2026",
    "title": "Local audit",
    "themes": [{"id": "1", "title": "Assessment", "questions": [{
        "id": "1.1", "text": "Was the assessment good enough?", "applies_to": ["all"],
        "applies_to_text": "every case", "subject": "assessments", "predicate": "were good enough",
        "reasons": {"too_late": "too late"}, "suggested_by": [{"rule": "ROSH-002", "reason": "too_late"}]}]}],
}


def test_a_service_adds_its_own_framework_from_a_directory(tmp_path, settings):
    _write(tmp_path, LOCAL)
    settings.CASEQUALITY_FRAMEWORK_DIRS = [str(tmp_path)]
    assert framework_get("local-2026").question("1.1").reasons == {"too_late": "too late"}
    assert "sqs-2013" in [f.id for f in frameworks_all()]


def test_an_invalid_file_lists_every_problem_with_its_place(tmp_path):
    bad = yaml.safe_load(yaml.safe_dump(LOCAL))
    q = bad["themes"][0]["questions"][0]
    q["applies_to"] = ["sometimes"]
    q["reasons"] = {"Too Late": "too late"}
    q["suggested_by"] = [{"rule": "rosh2", "reason": "missing"}]
    q["colour"] = "blue"
    with pytest.raises(FrameworkError) as info:
        framework_load(_write(tmp_path, bad))
    problems = info.value.problems
    assert "themes[0].questions[0]: unknown key 'colour' (expected applies_to, applies_to_text, id, key, predicate, reasons, subject, suggested_by, text)" in problems
    assert any(p.startswith("themes[0].questions[0].applies_to[0]: unknown condition 'sometimes'") for p in problems)
    assert "themes[0].questions[0].reasons: key 'Too Late' is not snake_case" in problems
    assert "themes[0].questions[0].suggested_by[0].rule: 'rosh2' is not a rule id like ROSH-002" in problems
    assert "themes[0].questions[0].suggested_by[0].reason: 'missing' is not one of this question's reasons" in problems


def test_rating_bands_must_descend_and_reach_zero(tmp_path):
    data = yaml.safe_load(framework_get("hmip-youth-2018").path.read_text())
    data["rating"]["standard"]["bands"] = [{"rating": "good", "at_least": 65}, {"rating": "outstanding", "at_least": 80}]
    with pytest.raises(FrameworkError) as info:
        framework_load(_write(tmp_path, data))
    assert "rating.standard.bands: bands must be listed from the highest lower bound down, without repeats" in info.value.problems
    assert "rating.standard.bands: the last band must start at 0, so that every value has a rating" in info.value.problems


def test_invalid_yaml_is_reported(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        framework_load(path)


def test_frameworks_command_lists_and_shows(capsys):
    call_command("frameworks")
    out = capsys.readouterr().out
    assert "sqs-2013\tShort Quality Screening of youth offending work\t4 themes, 21 questions" in out
    call_command("frameworks", "sqs-2013")
    assert "1.2 Was the initial assessment of the likelihood of reoffending sufficient?" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No framework 'x'"):
        call_command("frameworks", "x")


@pytest.mark.parametrize("framework_id", ["sqs-2013", "hmip-youth-2018"])
def test_every_suggesting_rule_is_in_the_rulebook(framework_id):
    from casequality.standards.rulebook import rulebook

    rules = set(rulebook().rules)
    named = {s.rule for q in framework_get(framework_id).questions for s in q.suggested_by}
    assert named and named <= rules, sorted(named - rules)


def test_a_service_file_with_a_shipped_id_replaces_the_shipped_framework(tmp_path, settings):
    data = yaml.safe_load(framework_get("sqs-2013").path.read_text())
    data["title"] = "Short Quality Screening, Manchester's edition"
    _write(tmp_path, data, name="sqs-local.yaml")
    settings.CASEQUALITY_FRAMEWORK_DIRS = [str(tmp_path)]
    assert framework_get("sqs-2013").title == "Short Quality Screening, Manchester's edition"


def test_a_missing_framework_directory_is_a_clear_error(tmp_path, settings):
    settings.CASEQUALITY_FRAMEWORK_DIRS = [str(tmp_path / "nowhere")]
    with pytest.raises(FrameworkError, match="is not a directory"):
        frameworks_all()
