"""The audit form's questions are a Jinja2 template (audits/jinja2/audits/answer_questions.html,
decision 0059): every word it shows, whether from the framework, the rulebook's suggestion
or what a person typed, is escaped, and a note comes back in its box exactly as typed."""

from __future__ import annotations

from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.urls import reverse

from casequality.audits.forms import AnswersForm, field_name
from casequality.audits.frameworks import Question, framework_get
from casequality.audits.models import Answer
from casequality.audits.services import audit_cases_assign

from .factories import audit_sampled

HOSTILE = '<script>alert("x")</script> O\'Neil & Co \u202eevil'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co \u202eevil"

QUESTION = Question(
    id="H1",
    text=HOSTILE,
    theme_id="H",
    applies_to=("all",),
    applies_to_text=HOSTILE,
    subject="plans",
    predicate=HOSTILE,
    reasons={"r1": HOSTILE, "r2": "plain"},
    prompts=(HOSTILE,),
    assumed=HOSTILE,
)


class _Textareas(HTMLParser):
    """Each textarea's text by its name, as a browser reads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._name: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "textarea":
            self._name = dict(attrs)["name"]
            self.values[self._name] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._name = None

    def handle_data(self, data):
        if self._name is not None:
            self.values[self._name] += data


def _questions_html(form: AnswersForm) -> str:
    return render_to_string("audits/answer_questions.html", {"questions": form.shown()}, using="jinja2")


def test_a_questions_words_hint_prompts_reasons_and_assumption_are_escaped():
    html = _questions_html(AnswersForm(questions=[QUESTION]))
    assert "<script>" not in html
    # The label, the hint, the prompt, the first reason and the assumption.
    assert html.count(ESCAPED) == 5


def test_a_suggestion_naming_a_rule_the_rulebook_does_not_hold_shows_its_id_escaped():
    suggestions = {"H1": {"answer": HOSTILE, "rules": [HOSTILE], "reasons": []}}
    html = _questions_html(AnswersForm(questions=[QUESTION], suggestions=suggestions))
    assert "<script>" not in html
    assert f"Suggested answer: {ESCAPED}</strong>" in html
    assert f"asks about: {ESCAPED}." in html


def test_a_note_given_before_comes_back_in_its_box_exactly_as_typed():
    given = Answer(question="H1", answer="no", reasons=["r1"], note=HOSTILE)
    html = _questions_html(AnswersForm(questions=[QUESTION], initial_answers={"H1": given}))
    assert "<script>" not in html and ESCAPED in html
    parsed = _Textareas()
    parsed.feed(html)
    assert parsed.values == {field_name("note", "H1"): HOSTILE}


def test_a_note_sent_back_with_an_error_comes_back_as_typed_beside_its_error():
    data = {field_name("answer", "H1"): "no", field_name("note", "H1"): HOSTILE}
    form = AnswersForm(data, questions=[QUESTION])
    assert not form.is_valid()
    html = _questions_html(form)
    assert "<script>" not in html
    assert "Select at least one reason why the answer to question H1 is no" in html
    parsed = _Textareas()
    parsed.feed(html)
    assert parsed.values == {field_name("note", "H1"): HOSTILE}


def test_the_audit_form_shows_a_saved_hostile_note_escaped(client, cast):
    audit = audit_sampled(cast, title="Escaping", cases=2, sample_size=1)
    ac = audit.cases.filter(reserve=False).first()
    audit_cases_assign(audit=audit, inspectors={ac.pk: cast.inspector})
    first = framework_get(audit.framework).questions[0].id
    Answer.objects.create(audit_case=ac, question=first, answer="yes", note=HOSTILE, auditor="inspector")
    client.force_login(cast.inspector)
    html = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": ac.pk})).content.decode()
    assert "<script>alert" not in html
    parsed = _Textareas()
    parsed.feed(html)
    assert parsed.values[field_name("note", first)] == HOSTILE
