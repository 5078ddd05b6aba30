"""Forms of the audit pages, with GOV.UK error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django import forms

from casequality.audits.frameworks import frameworks_all
from casequality.date_input import DateInputField

# Form field names are derived one-to-one from question and standard ids (decision 0032).
# Letters, digits and dots are kept as they are ("V1.1" -> "answer-V1.1"); any other
# character becomes "-x" and six hex digits. A name therefore never holds "_", which the
# pages use only to number a field's choices (`id_answer-V1.1_1` is V1.1's second choice),
# so no two questions share a name, and no element id of one question is another's. The
# earlier names (`answer__1_1` for V1.1) dropped letters: see audits/recheck.py.
_KEPT = re.compile(r"[A-Za-z0-9.]")
_ESCAPE = re.compile(r"-x([0-9a-f]{6})")
FIELD_KINDS = ("answer", "reasons", "note", "rating")


@lru_cache(maxsize=4096)
def field_name(kind: str, item_id: str) -> str:
    """The form field name of a question's (or standard's) answer, reasons, note or rating
    (kept once made: a form of 17 questions asks for each name about six times)."""
    if kind not in FIELD_KINDS:
        raise ValueError(f"No such kind of field: {kind!r}")
    return f"{kind}-" + "".join(c if c.isascii() and _KEPT.fullmatch(c) else f"-x{ord(c):06x}" for c in item_id)


def field_item(name: str) -> tuple[str, str]:
    """(kind, item id) of a field name made by field_name: its inverse."""
    kind, _, encoded = name.partition("-")
    if kind not in FIELD_KINDS or not encoded:
        raise ValueError(f"Not a question's field name: {name!r}")
    item_id = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), encoded)
    if field_name(kind, item_id) != name:
        raise ValueError(f"Not a question's field name: {name!r}")
    return kind, item_id


class AuditCreateForm(forms.Form):
    framework = forms.ChoiceField(
        label="Framework", widget=forms.RadioSelect, error_messages={"required": "Select a framework"}
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="For example, Short Quality Screening of youth offending work in Manchester",
        error_messages={"required": "Enter a title for the audit"},
    )
    sample_size = forms.IntegerField(
        label="Number of cases to sample",
        min_value=1,
        max_value=1000,
        required=False,
        help_text="A framework that sizes its own sample (HMIP 2025) sets it from the caseload when left empty.",
        error_messages={
            "required": "Enter the number of cases to sample",
            "invalid": "The number of cases must be a whole number",
            "min_value": "The number of cases must be 1 or more",
        },
    )
    buffer = forms.IntegerField(
        label="Reserve cases, as a percentage of the sample (optional)",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "The reserve percentage must be a whole number",
            "min_value": "The reserve percentage must be 0 or more",
            "max_value": "The reserve percentage must be 100 or less",
        },
    )
    max_per_case_manager = forms.IntegerField(
        label="Most cases from one case manager",
        initial=6,
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Enter the most cases to take from one case manager",
            "invalid": "The most cases from one case manager must be a whole number",
            "min_value": "The most cases from one case manager must be 1 or more",
        },
    )
    seed = forms.IntegerField(
        label="Random seed (optional)",
        required=False,
        min_value=0,
        max_value=2**62,
        help_text="Leave empty for a new one. The same cases and seed always give the same sample.",
        error_messages={"invalid": "The seed must be a whole number"},
    )
    as_of = DateInputField(
        label="Sample as of (optional)",
        name="The date to sample as of",
        required=False,
        help_text="For example, 17 6 2013. Leave empty for today.",
    )
    fieldwork_start = DateInputField(
        label="Fieldwork starts (optional)",
        name="The date the fieldwork starts",
        required=False,
        help_text="For example, 17 6 2013",
    )
    fieldwork_end = DateInputField(
        label="Fieldwork ends (optional)",
        name="The date the fieldwork ends",
        required=False,
        help_text="For example, 19 6 2013",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.id, f"{f.title} ({f.id})") for f in frameworks_all()]

    def clean(self):
        data = super().clean()
        framework = next((f for f in frameworks_all() if f.id == data.get("framework")), None)
        if (
            data.get("sample_size") is None
            and "sample_size" not in self.errors
            and (framework is None or framework.sampling is None)
        ):
            self.add_error("sample_size", "Enter the number of cases to sample")
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        if start and end and end < start:
            self.add_error(
                "fieldwork_end", "The date the fieldwork ends must be the same as or after the date it starts"
            )
        return data


class AssignAllForm(forms.Form):
    """The sampled cases with no inspector, shared among the people chosen."""

    people = forms.MultipleChoiceField(
        label="Assign every case not yet assigned to",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose one person to give them all the cases, or several to share them out evenly. "
        "No one is given a case they or their team manage.",
        error_messages={"required": "Choose at least one person to assign the cases to"},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.fields["people"].choices = [
            (str(u.pk), f"{u.get_full_name() or u.username} ({u.get_role_display()})") for u in self.people
        ]

    def chosen(self) -> list:
        wanted = set(self.cleaned_data["people"])
        return [u for u in self.people if str(u.pk) in wanted]


class AssignForm(forms.Form):
    """An inspector (and optionally a moderator) for each case of the sample (reserves wait:
    a reserve takes the inspector and second marker of the case it replaces)."""

    def __init__(self, *args, audit_cases=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.audit_cases = [ac for ac in audit_cases if not ac.reserve]
        choices = [("", "Not assigned")] + [
            (str(u.pk), f"{u.get_full_name() or u.username} ({u.get_role_display()})") for u in people
        ]
        for ac in self.audit_cases:
            self.fields[f"inspector_{ac.pk}"] = forms.ChoiceField(
                label=f"Inspector for case {ac.case.ref}",
                choices=choices,
                required=False,
                initial=str(ac.inspector_id or ""),
            )
            self.fields[f"moderator_{ac.pk}"] = forms.ChoiceField(
                label=f"Second marker for case {ac.case.ref} (optional)",
                choices=choices,
                required=False,
                initial=str(ac.moderator_id or ""),
            )

    def clean(self):
        data = super().clean()
        for ac in self.audit_cases:
            inspector, moderator = data.get(f"inspector_{ac.pk}"), data.get(f"moderator_{ac.pk}")
            if inspector and moderator and inspector == moderator:
                self.add_error(
                    f"moderator_{ac.pk}", f"Choose a second marker for case {ac.case.ref} other than its inspector"
                )
        return data

    def rows(self):
        for ac in self.audit_cases:
            yield ac, self[f"inspector_{ac.pk}"], self[f"moderator_{ac.pk}"]


@dataclass(frozen=True)
class ChoiceShown:
    """One radio or checkbox of a field as its page shows it."""

    value: str
    label: str
    selected: bool
    element_id: str


@dataclass(frozen=True)
class FieldShown:
    """What a page shows of one form field, read from its BoundField: its name and id as
    Django makes them (field_name, auto_id), its label, hint, errors, choices and value."""

    name: str
    element_id: str
    label: str
    help_text: str
    errors: list[str]
    choices: list[ChoiceShown] = field(default_factory=list)
    value: str = ""


@dataclass(frozen=True)
class QuestionShown:
    """One question of an audit case's form (audits/jinja2/audits/answer_questions.html)."""

    question: object
    suggestion: dict | None
    answer: FieldShown
    reasons: FieldShown
    note: FieldShown


def field_shown(bound: forms.BoundField) -> FieldShown:
    """A field's name, id, label, errors, choices and value, as Django's widgets give them
    (BoundField.value, Widget.format_value): the first choice's id is the field's own (what
    the error summary links to), each other's the field's id, "_" and its number, as
    Django numbers a field's choices (decision 0032). A radio is checked for the first
    choice equal to the value (as Django's RadioSelect), a checkbox for each."""
    widget = bound.field.widget
    element_id = bound.auto_id
    value = bound.value()
    choices = []
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        values = widget.format_value(value)
        multiple = isinstance(widget, forms.CheckboxSelectMultiple)
        checked = False
        for index, (choice, label) in enumerate(bound.field.choices):
            selected = (multiple or not checked) and str(choice) in values
            checked = checked or selected
            choices.append(
                ChoiceShown(str(choice), str(label), selected, f"{element_id}_{index}" if index else element_id)
            )
        value = ""
    return FieldShown(
        name=bound.html_name,
        element_id=element_id,
        label=str(bound.label),
        help_text=str(bound.help_text),
        # BoundField.errors without the empty ErrorList it makes for a field without errors
        errors=list(bound.form.errors.get(bound.name) or ()),
        choices=choices,
        value="" if value is None else str(value),
    )


ANSWER_CHOICES = (("yes", "Yes"), ("no", "No"), ("n/a", "Does not apply"))


def _values(value, *, multiple: bool) -> list[str]:
    """The values a radio or checkbox widget checks for a field's value, as Django's
    ChoiceWidget.format_value gives them."""
    if value is None and multiple:
        return []
    if not isinstance(value, (tuple, list)):
        value = [value]
    return [str(v) if v is not None else "" for v in value]


def _choices_shown(element_id: str, choices, value, *, multiple: bool) -> list[ChoiceShown]:
    """field_shown's choices, from the value itself rather than a BoundField."""
    values = _values(value, multiple=multiple)
    shown = []
    checked = False
    for index, (choice, label) in enumerate(choices):
        selected = (multiple or not checked) and str(choice) in values
        checked = checked or selected
        shown.append(ChoiceShown(str(choice), str(label), selected, f"{element_id}_{index}" if index else element_id))
    return shown


def questions_shown(questions, *, initial_answers=None, suggestions=None) -> list[QuestionShown]:
    """What `AnswersForm(questions=..., initial_answers=..., suggestions=...).shown()` gives
    for a form not yet sent (no errors, each field its initial value), without making the
    form's Django fields and BoundFields: the answer form on every GET (decision 0059).
    Each name and id is field_name's (decision 0032) and the form's own as Django makes
    them (`id_` and the name); tests/audits/test_answer_form_shown.py holds this equal to
    the form's shown() for every framework, answered, suggested and hostile."""
    initial_answers = initial_answers or {}
    suggestions = suggestions or {}
    shown = []
    for q in questions:
        given = initial_answers.get(q.id)
        suggested = suggestions.get(q.id, {})
        applies = q.applies_to_text if q.applies_to_text and q.applies_to_text != "all" else ""
        answer_name, reasons_name, note_name = (field_name(kind, q.id) for kind in ("answer", "reasons", "note"))
        answer = given.answer if given else suggested.get("answer")
        reasons = given.reasons if given else suggested.get("reasons", [])
        note = given.note if given else ""
        shown.append(
            QuestionShown(
                question=q,
                suggestion=suggestions.get(q.id),
                answer=FieldShown(
                    name=answer_name,
                    element_id=f"id_{answer_name}",
                    label=f"{q.id} {q.text}",
                    help_text=f"Applies where {applies}." if applies else "",
                    errors=[],
                    choices=_choices_shown(f"id_{answer_name}", ANSWER_CHOICES, answer, multiple=False),
                ),
                reasons=FieldShown(
                    name=reasons_name,
                    element_id=f"id_{reasons_name}",
                    label=f"If the answer to {q.id} is no, why not?",
                    help_text="",
                    errors=[],
                    choices=_choices_shown(f"id_{reasons_name}", q.reasons.items(), reasons, multiple=True),
                ),
                note=FieldShown(
                    name=note_name,
                    element_id=f"id_{note_name}",
                    label=f"Note on question {q.id} (optional)",
                    help_text="",
                    errors=[],
                    value="" if note is None else str(note),
                ),
            )
        )
    return shown


class AnswersForm(forms.Form):
    """Each question of the framework: an answer, reasons where it is no, a note.

    Prefilled with the answers given so far, else with the rulebook's suggestion. With
    `require_every_answer` (a case manager's self-audit) each question must be answered.
    The self-audit form of the web app is this form too.
    """

    def __init__(
        self, *args, questions=(), initial_answers=None, suggestions=None, require_every_answer=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.suggestions = suggestions or {}
        initial_answers = initial_answers or {}
        for q in self.questions:
            given = initial_answers.get(q.id)
            suggested = self.suggestions.get(q.id, {})
            applies = q.applies_to_text if q.applies_to_text and q.applies_to_text != "all" else ""
            self.fields[field_name("answer", q.id)] = forms.ChoiceField(
                label=f"{q.id} {q.text}",
                widget=forms.RadioSelect,
                required=require_every_answer,
                choices=list(ANSWER_CHOICES),
                initial=given.answer if given else suggested.get("answer"),
                help_text=f"Applies where {applies}." if applies else "",
                error_messages={"required": f"Select an answer to question {q.id}"},
            )
            self.fields[field_name("reasons", q.id)] = forms.MultipleChoiceField(
                label=f"If the answer to {q.id} is no, why not?",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=list(q.reasons.items()),
                initial=given.reasons if given else suggested.get("reasons", []),
            )
            self.fields[field_name("note", q.id)] = forms.CharField(
                label=f"Note on question {q.id} (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea,
                initial=given.note if given else "",
            )

    def clean(self):
        data = super().clean()
        for q in self.questions:
            if data.get(field_name("answer", q.id)) == "no" and q.reasons and not data.get(field_name("reasons", q.id)):
                self.add_error(
                    field_name("reasons", q.id), f"Select at least one reason why the answer to question {q.id} is no"
                )
        return data

    def groups(self):
        for q in self.questions:
            yield (
                q,
                self.suggestions.get(q.id),
                self[field_name("answer", q.id)],
                self[field_name("reasons", q.id)],
                self[field_name("note", q.id)],
            )

    def shown(self) -> list[QuestionShown]:
        """Each question as its page shows it, for the Jinja2 template of the questions
        (what groups() gives a Django template, without its widgets)."""
        return [
            QuestionShown(
                question=q,
                suggestion=self.suggestions.get(q.id),
                answer=field_shown(self[field_name("answer", q.id)]),
                reasons=field_shown(self[field_name("reasons", q.id)]),
                note=field_shown(self[field_name("note", q.id)]),
            )
            for q in self.questions
        ]

    def answers(self):
        """(question id, answer, reasons, note) of each question answered; reasons only for no."""
        for q in self.questions:
            answer = self.cleaned_data.get(field_name("answer", q.id))
            if answer:
                reasons = tuple(self.cleaned_data.get(field_name("reasons", q.id)) or ()) if answer == "no" else ()
                yield q.id, answer, reasons, self.cleaned_data.get(field_name("note", q.id)) or ""


class JudgedRatingsForm(forms.Form):
    """A rating for each of the framework's judged standards (or none yet)."""

    def __init__(self, *args, standards=(), labels=None, initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        labels = labels or {}
        initial_ratings = initial_ratings or {}
        for j in self.standards:
            self.fields[field_name("rating", j.id)] = forms.ChoiceField(
                label=f"{j.id} {j.title}",
                widget=forms.RadioSelect,
                required=False,
                choices=[(r, labels.get(r, r)) for r in ("outstanding", "good", "requires_improvement", "inadequate")]
                + [("", "Not rated yet")],
                initial=initial_ratings.get(j.id, ""),
                help_text=" ".join(j.prompts) + ("" if j.in_overall else " Rated apart from the overall rating."),
            )

    def ratings(self) -> dict[str, str | None]:
        return {j.id: self.cleaned_data.get(field_name("rating", j.id)) or None for j in self.standards}

    def fields_in_order(self):
        for j in self.standards:
            yield j, self[field_name("rating", j.id)]


class SettleForm(forms.Form):
    """The QA lead's final answer to one question the two markers answered differently."""

    answer = forms.ChoiceField(
        label="The final answer",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No"), ("n/a", "Does not apply")],
        error_messages={"required": "Select the final answer"},
    )
    reasons = forms.MultipleChoiceField(
        label="If the final answer is no, why not?", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="How was it settled?",
        max_length=5000,
        widget=forms.Textarea,
        help_text=(
            "What the inspector and the second marker found when they talked it through. The report counts the final "
            "answer; both markers' answers are kept."
        ),
        error_messages={"required": "Say how the disagreement was settled"},
    )

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = list(question.reasons.items()) if question is not None else []


def _optional_text(label: str, what: str, *, help_text: str = "", max_length: int = 20000, widget=forms.Textarea):
    """An optional text field, with GOV.UK's message when it is too long ("What must be ...")."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        error_messages={"max_length": f"{what} must be {max_length:,} characters or fewer"},
    )


class StandardSelfAssessmentForm(forms.Form):
    """The service's part of one standard's self-assessment (decision 0055): its strategic
    self-assessment with evidence, the banding it gives it, and its actions to improve."""

    # The version of the standard's text the editor read (StandardSelfAssessment.version);
    # required: a POST without it is refused, never saved over another editor's text.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "Nothing was saved: the form did not say which version of the text you edited. "
            "Check the text below, then save it again"
        },
    )
    strategic = _optional_text("Strategic self-assessment", "The strategic self-assessment")
    evidence = _optional_text("Evidence", "The evidence", help_text="The documents, meetings and figures it rests on")
    strategic_band = forms.ChoiceField(label="Strategic banding", required=False)
    actions = _optional_text("Actions to improve", "The actions")
    actions_owner = _optional_text(
        "Who owns the actions",
        "Who owns the actions",
        help_text="A person or a role, for example the head of service",
        max_length=200,
        widget=forms.TextInput,
    )
    actions_due = DateInputField(
        label="Done by (optional)",
        name="The date the actions are to be done by",
        required=False,
        help_text="For example, 31 3 2027",
    )

    def __init__(self, *args, bands: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategic_band"].choices = [("", "Not banded yet"), *((b, b) for b in bands)]
        self.fields["strategic_band"].error_messages["invalid_choice"] = "Choose a banding from the list"

    def clean(self):
        data = super().clean()
        if data.get("actions") and not data.get("actions_owner"):
            self.add_error("actions_owner", "Enter who owns the actions")
        if (data.get("actions_owner") or data.get("actions_due")) and not data.get("actions"):
            self.add_error("actions", "Enter the actions to improve, or leave their owner and date empty")
        return data
