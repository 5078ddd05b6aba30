"""The answer form shown on a GET without its Django fields (audits.forms.questions_shown,
decision 0059): each question's names, ids, labels, hints, choices, checked states and
note are what the form's own shown() gives. tests/audits/test_form_field_names.py posts
the rendered form back and finds each answer stored against its own question."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casequality.audits.forms import AnswersForm, questions_shown
from casequality.audits.frameworks import frameworks_all
from casequality.audits.models import Answer

from .test_answer_form_escaping import HOSTILE, QUESTION

FRAMEWORKS = sorted(f.id for f in frameworks_all())
HOSTILE_QUESTION = replace(QUESTION, id="Q/1?#%", reasons={"r1": HOSTILE, HOSTILE: "plain"})


def _states(questions) -> list[tuple[dict, dict]]:
    """(answers given, suggestions) a form may be shown with: none; every question suggested
    (yes, no with reasons, n/a, an answer not offered, none, a list); every question
    answered (with reasons, a note, none); half answered over suggestions."""
    answers = ["yes", "no", "n/a"]
    suggested = {
        q.id: [
            {"answer": "yes", "rules": ["OVS-002"], "reasons": []},
            {"answer": "no", "reasons": list(q.reasons)[:1]},
            {"answer": "n/a"},
            {"answer": HOSTILE, "reasons": [HOSTILE]},
            {},
            {"answer": ["no", "yes"], "reasons": "r1"},
        ][i % 6]
        for i, q in enumerate(questions)
    }
    given = {
        q.id: Answer(
            question=q.id,
            answer=answers[i % 3],
            reasons=list(q.reasons)[: i % 3] if answers[i % 3] == "no" else [],
            note=[HOSTILE, "", "Seen on the plan"][i % 3],
        )
        for i, q in enumerate(questions)
    }
    half = {q: a for i, (q, a) in enumerate(given.items()) if i % 2}
    return [({}, {}), ({}, suggested), (given, {}), (given, suggested), (half, suggested)]


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_the_questions_shown_without_the_form_are_the_forms_own_for_every_framework(framework_id):
    questions = next(f for f in frameworks_all() if f.id == framework_id).questions
    for given, suggested in _states(questions):
        form = AnswersForm(questions=questions, initial_answers=given, suggestions=suggested)
        assert questions_shown(questions, initial_answers=given, suggestions=suggested) == form.shown()


def test_the_questions_shown_without_the_form_are_the_forms_own_for_hostile_ids_and_words():
    for given, suggested in _states([HOSTILE_QUESTION]):
        form = AnswersForm(questions=[HOSTILE_QUESTION], initial_answers=given, suggestions=suggested)
        assert questions_shown([HOSTILE_QUESTION], initial_answers=given, suggestions=suggested) == form.shown()
