"""The audit forms record each answer against the question it was given to (decision 0032):
field names and element ids derived one-to-one from question ids, on every framework's
pages; answers given before the fix listed for the inspectors to recheck."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from casequality.audits.forms import AnswersForm, JudgedRatingsForm, field_item, field_name
from casequality.audits.frameworks import frameworks_all
from casequality.audits.models import Answer, AnswerRecheck, Audit
from casequality.audits.recheck import answers_flag, legacy_collisions
from casequality.audits.services import (
    AnswerInput,
    audit_case_answers_save,
    audit_cases_assign,
    audit_create,
    audit_sample_draw,
)

from .factories import AS_OF, case_make, page_version

FRAMEWORKS = sorted(f.id for f in frameworks_all())
HOSTILE_IDS = ["V1.1", "V1_1", "v1.1", "A1", "1.1", "1-1", "1.1b", "ü1", "1 1", "-x00002e", "a_0", "Q/1?#%"]


class _Elements(HTMLParser):
    """Every element id, every label's `for`, and every form input's name and id."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: list[str] = []
        self.inputs: dict[str, str] = {}  # element id -> name

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.labels.append(a["for"])
        if tag in ("input", "textarea", "select") and a.get("name") and a.get("type") != "hidden":
            self.inputs[a.get("id", "")] = a["name"]


def _parse(html: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(html)
    return parsed


def _assert_one_to_one(html: str, item_ids: set[str]) -> None:
    page = _parse(html)
    duplicated = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicated, f"element ids used twice: {sorted(duplicated)}"
    for target in page.labels:
        assert target in page.inputs, f"a label names {target!r}, which is no input"
    names_by_item = defaultdict(set)
    for element_id, name in page.inputs.items():
        if name.partition("-")[0] in ("answer", "reasons", "note", "rating"):
            kind, item = field_item(name)
            names_by_item[item].add(kind)
            assert element_id == f"id_{name}" or element_id.startswith(f"id_{name}_"), (element_id, name)
    assert set(names_by_item) == item_ids


@pytest.mark.parametrize("item_id", HOSTILE_IDS)
def test_a_field_name_gives_back_the_question_id_it_was_made_from(item_id):
    for kind in ("answer", "reasons", "note", "rating"):
        assert field_item(field_name(kind, item_id)) == (kind, item_id)


def test_no_two_question_ids_share_a_field_name_and_no_name_holds_an_underscore():
    ids = (
        HOSTILE_IDS
        + [q.id for f in frameworks_all() for q in f.questions]
        + [j.id for f in frameworks_all() for j in f.judged_standards]
    )
    names = {field_name("answer", i) for i in set(ids)}
    assert len(names) == len(set(ids))
    assert not any("_" in n for n in names)


@pytest.fixture
def audit_of(cast):
    """An audit on the framework with one case assigned to the inspector."""

    def make(framework_id: str):
        case_make(cast.service, f"F{len(Audit.objects.all()):03d}", case_manager=cast.cm_a.staff)
        audit = audit_create(
            service=cast.service,
            framework_id=framework_id,
            title=f"Audit on {framework_id}",
            actor=cast.qa_lead,
            sample_size=1,
            seed=1,
            as_of=AS_OF,
        )
        audit_sample_draw(audit=audit, actor=cast.qa_lead)
        ac = audit.cases.filter(reserve=False).first()
        audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector})
        return audit, ac

    return make


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_the_audit_form_of_each_framework_has_unique_ids_and_every_label_names_its_own_input(
    client, cast, audit_of, framework_id
):
    audit, ac = audit_of(framework_id)
    client.force_login(cast.inspector)
    html = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})).content.decode()
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    _assert_one_to_one(html, {q.id for q in framework.questions})


@pytest.mark.parametrize("framework_id", [f.id for f in frameworks_all() if f.judged_standards])
def test_the_judged_ratings_form_of_each_framework_has_unique_ids_and_every_label_names_its_own_input(
    client, cast, framework_id
):
    audit = audit_create(service=cast.service, framework_id=framework_id, title="Judged", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)
    html = client.get(reverse("audits:judged", kwargs={"pk": audit.pk})).content.decode()
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    _assert_one_to_one(html, {j.id for j in framework.judged_standards})


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_each_posted_answer_is_recorded_against_its_own_question(client, cast, audit_of, framework_id):
    audit, ac = audit_of(framework_id)
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    choices = ["yes", "no", "n/a"]
    given = {q.id: choices[i % 3] for i, q in enumerate(framework.questions)}
    data = {field_name("answer", q): a for q, a in given.items()}
    for q in framework.questions:
        if given[q.id] == "no" and q.reasons:
            data[field_name("reasons", q.id)] = [next(iter(q.reasons))]
        data[field_name("note", q.id)] = f"Note on {q.id}"
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})
    response = client.post(url, {**data, "version": page_version(client, url)})
    assert response.status_code == 302
    saved = {a.question: (a.answer, a.note) for a in Answer.objects.filter(audit_case=ac)}
    assert saved == {q: (a, f"Note on {q}") for q, a in given.items()}


def test_the_old_names_collided_on_v1_1_and_v1_1_1_of_the_2025_framework_only():
    collided = {f.id: legacy_collisions(f) for f in frameworks_all()}
    assert collided["hmip-youth-2025"] == {"V1.1": {"V1.1.1"}, "V1.1.1": {"V1.1"}}
    assert collided["sqs-2013"] == {} and collided["hmip-youth-2018"] == {}


def test_the_forms_build_the_fields_the_pages_post():
    framework = next(f for f in frameworks_all() if f.id == "hmip-youth-2025")
    form = AnswersForm(questions=framework.questions)
    assert {field_item(n)[1] for n in form.fields} == {q.id for q in framework.questions}
    ratings = JudgedRatingsForm(standards=framework.judged_standards)
    assert {field_item(n)[1] for n in ratings.fields} == {j.id for j in framework.judged_standards}


@pytest.fixture
def answered_2025(cast, audit_of):
    """A 2025 audit answered on the form before the fix, flagged as the fix's migration does."""
    from django.utils import timezone

    audit, ac = audit_of("hmip-youth-2025")
    audit_case_answers_save(
        audit_case=ac,
        actor=cast.inspector,
        answers=[
            AnswerInput("V1.1", "yes", (), ""),
            AnswerInput("V1.1.1", "yes", (), ""),
            AnswerInput("2.1.1.1", "yes", (), ""),
        ],
    )
    answers_flag(Answer, AnswerRecheck, Audit, now=timezone.now())
    return audit, ac


def test_answers_to_collided_questions_are_flagged_and_no_others(answered_2025):
    audit, ac = answered_2025
    assert sorted(AnswerRecheck.objects.filter(audit_case=ac).values_list("question", "neighbours")) == [
        ("V1.1", ["V1.1.1"]),
        ("V1.1.1", ["V1.1"]),
    ]


def test_the_qa_lead_sees_the_answers_to_recheck_with_their_inspector(client, cast, answered_2025):
    audit, ac = answered_2025
    client.force_login(cast.qa_lead)
    assert "2 answers given before a fix to the audit form" in client.get(reverse("audits:list")).content.decode()
    page = client.get(reverse("audits:recheck")).content.decode()
    assert "2 answers to recheck" in page and ac.case.ref in page and "V1.1.1" in page
    assert cast.inspector.get_full_name() in page


def test_an_answer_saved_again_after_the_fix_is_no_longer_to_recheck(client, cast, answered_2025):
    audit, ac = answered_2025
    Answer.objects.filter(audit_case=ac, question="V1.1").update(
        answered_at=AnswerRecheck.objects.get(question="V1.1").answered_at.replace(year=2027)
    )
    client.force_login(cast.qa_lead)
    page = client.get(reverse("audits:recheck")).content.decode()
    assert "1 answer to recheck" in page and "Saved again" in page


def test_the_recheck_command_lists_each_answer_to_recheck(answered_2025):
    audit, ac = answered_2025
    out = StringIO()
    call_command("audit", "recheck", stdout=out)
    text = out.getvalue()
    assert f"Audit {audit.pk} (MAN, hmip-youth-2025)" in text and "2 answers to recheck" in text
    assert f"case {ac.case.ref}\tquestion V1.1\tmay have been recorded against V1.1.1" in text


def test_the_recheck_command_says_when_there_is_nothing_to_recheck(db):
    out = StringIO()
    call_command("audit", "recheck", stdout=out)
    assert out.getvalue().strip() == "No answers to recheck."


def test_the_recheck_command_is_access_logged_with_the_cases_it_names(answered_2025):
    from casequality.accounts.models import AccessLogEntry

    audit, ac = answered_2025
    call_command("audit", "recheck", stdout=StringIO())
    entry = AccessLogEntry.objects.filter(target="audit recheck").get()
    assert entry.actor_name == "casequality audit recheck" and entry.payload["cases"] == [ac.case.ref]


class _Form(HTMLParser):
    """Each question's inputs as a browser sees them, under the question's own block
    (`<div id="question-<id>">`): radios and checkboxes (value, checked) and the note."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.questions: dict[str, dict] = {}
        self.version = ""
        self._current: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and (a.get("id") or "").startswith("question-"):
            self._current = self.questions.setdefault(
                a["id"].removeprefix("question-"), {"radio": [], "checkbox": [], "textarea": {}}
            )
        elif tag == "input" and a.get("name") == "version":
            self.version = a["value"]
        elif tag == "input" and a.get("type") in ("radio", "checkbox") and self._current is not None:
            self._current[a["type"]].append((a["name"], a["value"], "checked" in a))
        elif tag == "textarea" and self._current is not None:
            self._textarea = a["name"]
            self._current["textarea"][a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self._current is not None:
            self._current["textarea"][self._textarea] += data


def _rendered(client, url) -> _Form:
    response = client.get(url)
    assert response.status_code == 200
    form = _Form()
    form.feed(response.content.decode())
    return form


def _as_a_browser_sends(form: _Form) -> dict[str, list[str]]:
    """What a browser sends of the form as shown: each checked radio and checkbox, each note."""
    data: dict[str, list[str]] = {"version": [form.version]}
    for inputs in form.questions.values():
        for name, value, checked in inputs["radio"] + inputs["checkbox"]:
            if checked:
                data.setdefault(name, []).append(value)
        for name, text in inputs["textarea"].items():
            data[name] = [text]
    return data


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_the_rendered_form_filled_in_and_posted_back_stores_each_answer_against_the_question_it_was_shown_under(
    client, cast, audit_of, framework_id
):
    audit, ac = audit_of(framework_id)
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})
    form = _rendered(client, url)
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    assert list(form.questions) == [q.id for q in framework.questions]
    data: dict[str, list[str]] = {"version": [form.version]}
    typed = {}
    for i, (question, inputs) in enumerate(form.questions.items()):
        radios = [(name, value) for name, value, _ in inputs["radio"]]
        assert [value for _, value in radios] == ["yes", "no", "n/a"]
        name, answer = radios[i % 3]
        data[name] = [answer]
        reasons = [(name, value) for name, value, _ in inputs["checkbox"]][:1] if answer == "no" else []
        for name, value in reasons:
            data[name] = [value]
        (note_name,) = inputs["textarea"]
        data[note_name] = [f"Typed in the box of question {question}"]
        typed[question] = (answer, [value for _, value in reasons], f"Typed in the box of question {question}")
    response = client.post(url, data)
    assert response.status_code == 302
    stored = {a.question: (a.answer, list(a.reasons), a.note) for a in Answer.objects.filter(audit_case=ac)}
    assert stored == typed


def test_the_rendered_form_posted_back_unchanged_keeps_every_answer_as_it_was(client, cast, audit_of):
    audit, ac = audit_of("hmip-youth-2025")
    questions = next(f for f in frameworks_all() if f.id == "hmip-youth-2025").questions
    client.force_login(cast.inspector)
    url = reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})
    first = _rendered(client, url)
    data: dict[str, list[str]] = {"version": [first.version]}
    for i, inputs in enumerate(first.questions.values()):
        name, value, _ = inputs["radio"][i % 3]
        data[name] = [value]
        if value == "no":
            boxes = inputs["checkbox"][: 1 + i % 2]
            for box_name, box_value, _ in boxes:
                data.setdefault(box_name, []).append(box_value)
        (note_name,) = inputs["textarea"]
        data[note_name] = [f'<b>Seen</b> & "noted" {i}']
    assert client.post(url, data).status_code == 302
    saved = {a.question: (a.answer, list(a.reasons), a.note) for a in Answer.objects.filter(audit_case=ac)}
    assert len(saved) == len(questions)
    again = _rendered(client, url)
    assert client.post(url, _as_a_browser_sends(again)).status_code == 302
    assert {a.question: (a.answer, list(a.reasons), a.note) for a in Answer.objects.filter(audit_case=ac)} == saved
