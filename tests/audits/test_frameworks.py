from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from casequality.audits.frameworks import FrameworkError, framework_get, framework_load, frameworks_all

SQS_IDS = [
    "1.1",
    "1.1b",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6a",
    "4.6b",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from casequality.audits import frameworks

    frameworks._frameworks.cache_clear()
    yield
    frameworks._frameworks.cache_clear()


def test_both_shipped_frameworks_load():
    assert [f.id for f in frameworks_all()] == ["hmip-youth-2018", "hmip-youth-2025", "sqs-2013", "yjb-standards-2019"]


def test_sqs_has_every_question_of_the_table_in_four_themes():
    sqs = framework_get("sqs-2013")
    assert sqs.question_ids() == SQS_IDS
    assert [t.title for t in sqs.themes] == [
        "Reducing the likelihood of reoffending",
        "Protecting the public",
        "Protecting the child or young person",
        "Ensuring that the sentence is served",
    ]
    assert "evidence_insufficient_or_unclear" in sqs.question("1.2").reasons
    assert sqs.question("4.6a").reasons == {}
    assert ("ROSH-002", "full_assessment_missing") in [(s.rule, s.reason) for s in sqs.question("2.1").suggested_by]


def test_hmip_2018_has_its_thirteen_standards_seven_rated_from_cases_by_three_key_questions():
    hmip = framework_get("hmip-youth-2018")
    assert [t.id for t in hmip.themes] == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]
    assert [j.id for j in hmip.judged_standards] == ["1.1", "1.2", "1.3", "1.4", "3.4", "4.1"]
    assert [j.id for j in hmip.judged_standards if not j.in_overall] == ["4.1"]  # resettlement: rated apart
    assert all(len(t.questions) == 3 and all(q.key for q in t.questions) for t in hmip.themes)
    assert len(hmip.rating.overall_standards) == 12
    assert [(b.rating, b.at_least) for b in hmip.rating.standard_bands] == [
        ("outstanding", 80),
        ("good", 65),
        ("requires_improvement", 50),
        ("inadequate", 0),
    ]
    assert hmip.rating.standards_in_inspection == 12


def test_unknown_framework_names_the_known_ones():
    with pytest.raises(FrameworkError, match="known: hmip-youth-2018, hmip-youth-2025, sqs-2013"):
        framework_get("nope")


def _write(tmp_path: Path, data: dict, name="local.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


LOCAL = {
    "id": "local-2026",
    "title": "Local audit",
    "themes": [
        {
            "id": "1",
            "title": "Assessment",
            "questions": [
                {
                    "id": "1.1",
                    "text": "Was the assessment good enough?",
                    "applies_to": ["all"],
                    "applies_to_text": "every case",
                    "subject": "assessments",
                    "predicate": "were good enough",
                    "reasons": {"too_late": "too late"},
                    "suggested_by": [{"rule": "ROSH-002", "reason": "too_late"}],
                }
            ],
        }
    ],
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
    assert (
        "themes[0].questions[0]: unknown key 'colour' (expected applies_to, applies_to_text, assumed, id, key, "
        "lenses, predicate, prompts, reasons, source, subject, suggested_by, text)"
    ) in problems
    assert any(p.startswith("themes[0].questions[0].applies_to[0]: unknown condition 'sometimes'") for p in problems)
    assert "themes[0].questions[0].reasons: key 'Too Late' is not snake_case" in problems
    assert "themes[0].questions[0].suggested_by[0].rule: 'rosh2' is not a rule id like ROSH-002" in problems
    assert "themes[0].questions[0].suggested_by[0].reason: 'missing' is not one of this question's reasons" in problems


def test_rating_bands_must_descend_and_reach_zero(tmp_path):
    data = yaml.safe_load(framework_get("hmip-youth-2018").path.read_text())
    data["rating"]["standard"]["bands"] = [
        {"rating": "good", "at_least": 65},
        {"rating": "outstanding", "at_least": 80},
    ]
    with pytest.raises(FrameworkError) as info:
        framework_load(_write(tmp_path, data))
    assert (
        "rating.standard.bands: bands must be listed from the highest lower bound down, without repeats"
        in info.value.problems
    )
    assert (
        "rating.standard.bands: the last band must start at 0, so that every value has a rating" in info.value.problems
    )


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


@pytest.mark.parametrize("framework_id", ["sqs-2013", "hmip-youth-2018", "hmip-youth-2025"])
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


def test_hmip_2025_asks_each_activity_through_the_three_lenses_and_the_victims_question():
    hmip = framework_get("hmip-youth-2025")
    assert [t.id for t in hmip.themes] == ["2.1.1", "2.1.2", "2.1.3", "V1"]
    for theme in hmip.themes[:3]:
        keys = [q for q in theme.questions if q.key]
        assert [q.lenses for q in keys] == [("positive_change",), ("child_safety",), ("community_safety",)]
        assert all(q.prompts for q in keys)
    assert hmip.theme("V1").sample == "victims" and hmip.question("V1.1").key
    assert hmip.question("2.1.1.4").applies_to == ("out_of_court",)
    assert hmip.question("2.1.3.4").applies_to == ("custodial_order",)


def test_every_hmip_2025_question_names_its_source_and_every_assumption_is_listed():
    hmip = framework_get("hmip-youth-2025")
    assert all(q.source for q in hmip.questions)
    ids = {a.id for a in hmip.assumptions}
    named = (
        {q.assumed for q in hmip.questions}
        | {t.assumed for t in hmip.themes}
        | {hmip.rating.standard_assumed, hmip.rating.overall_assumed}
        | {s.assumed for s in hmip.sampling.sizes.values()}
    )
    assert named - {None} <= ids


def test_an_assumption_that_is_not_listed_is_a_problem_at_its_place(tmp_path):
    data = yaml.safe_load(framework_get("hmip-youth-2025").path.read_text())
    data["themes"][0]["questions"][0]["assumed"] = "A99"
    with pytest.raises(FrameworkError) as info:
        framework_load(_write(tmp_path, data))
    assert "themes[0].questions[0].assumed: 'A99' is not one of the framework's assumptions" in info.value.problems


def test_the_overall_rating_must_count_standards_the_framework_has(tmp_path):
    data = yaml.safe_load(framework_get("hmip-youth-2025").path.read_text())
    data["rating"]["overall"]["standards"][3] = "V9"
    with pytest.raises(FrameworkError) as info:
        framework_load(_write(tmp_path, data))
    assert "rating.overall.standards: 'V9' is neither a theme nor a judged standard" in info.value.problems


def test_frameworks_command_lists_hmip_2025_with_its_questions(capsys):
    call_command("frameworks")
    assert (
        "hmip-youth-2025\tYouth justice inspection: work with children and work with victims\t4 themes"
        in capsys.readouterr().out
    )
    call_command("frameworks", "hmip-youth-2025")
    out = capsys.readouterr().out
    assert "V1.1 (key) Is casework with the victim high-quality" in out
    assert "lenses: keeping the child safe" in out
    assert "source: " in out and "assumed: A1" in out
