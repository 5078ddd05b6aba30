"""Forms of the board's improvement plan, with error messages written in GOV.UK style."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from casequality.audits.frameworks import frameworks_all
from casequality.date_input import DateInputField
from casequality.reports.kpis import compute_kpis
from casequality.reports.models import ActionStatus
from casequality.standards.rulebook import rulebook


def _date_field(label: str, *, name: str, required_message: str, help_text: str) -> DateInputField:
    """GOV.UK's date input (casequality/date_input.py): day, month and year."""
    return DateInputField(label=label, name=name, help_text=help_text, error_messages={"required": required_message})


def kpi_choices() -> list[tuple[str, str]]:
    """The KPIs an action may address: their ids and names, as compute_kpis gives them."""
    some_day = date(2026, 1, 1)
    return [
        (k.id, f"{k.id.upper()}: {k.name}")
        for k in compute_kpis([], start=some_day, end=some_day, board_meetings=[], as_of=some_day)
    ]


class ActionForm(forms.Form):
    error_anchor = "id_title"
    title = forms.CharField(
        label="What will be done",
        max_length=300,
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 300 characters or fewer",
        },
    )
    detail = forms.CharField(label="More detail (optional)", required=False, max_length=5000, widget=forms.Textarea)
    owner_staff = forms.ChoiceField(
        label="Owner",
        required=False,
        help_text="A member of staff, or leave this empty and write the role that owns it below.",
    )
    owner_role = forms.CharField(
        label="Or the role that owns it",
        required=False,
        max_length=200,
        help_text="For example, Head of Service or Education partner",
    )
    due = _date_field(
        "Due date",
        name="The due date",
        required_message="Enter the date the action is due",
        help_text="For example, 31 3 2027",
    )
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, error_messages={"required": "Select the action's status"}
    )
    rule = forms.ChoiceField(label="Rule it addresses (optional)", required=False)
    audit_question = forms.ChoiceField(label="Audit question it addresses (optional)", required=False)
    kpi = forms.ChoiceField(label="KPI it addresses (optional)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {str(s.pk): s for s in staff}
        self.fields["owner_staff"].choices = [("", "No one person")] + [(k, s.name) for k, s in self.staff.items()]
        self.fields["rule"].choices = [("", "None")] + [(r.id, f"{r.id}: {r.title}") for r in rulebook().rules.values()]
        questions = [
            (f"{f.id}:{q.id}", f"{f.title}, {q.id}: {q.text[:90]}") for f in frameworks_all() for q in f.questions
        ]
        self.fields["audit_question"].choices = [("", "None")] + questions
        self.fields["kpi"].choices = [("", "None")] + kpi_choices()

    def clean(self):
        data = super().clean()
        if (
            not data.get("owner_staff")
            and not (data.get("owner_role") or "").strip()
            and "owner_role" not in self.errors
        ):
            self.add_error("owner_staff", "Choose who owns the action, or write the role that does")
        return data

    def action_fields(self) -> dict:
        """The cleaned fields as reports.services.ActionInput takes them."""
        data = self.cleaned_data
        framework, _, question = (data.get("audit_question") or "").partition(":")
        return {
            "title": data["title"].strip(),
            "detail": data.get("detail", "").strip(),
            "due": data["due"],
            "status": data["status"],
            "owner_staff": self.staff.get(data.get("owner_staff") or ""),
            "owner_role": "" if data.get("owner_staff") else data.get("owner_role", "").strip(),
            "rule": data.get("rule") or "",
            "audit_framework": framework,
            "audit_question": question,
            "kpi": data.get("kpi") or "",
        }


class UpdateForm(forms.Form):
    error_anchor = "id_text"
    on = _date_field(
        "Date",
        name="The date of the update",
        required_message="Enter the date of the update",
        help_text="For example, 14 4 2026",
    )
    text = forms.CharField(
        label="What happened",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what happened"},
    )
    status = forms.ChoiceField(
        label="Status from now (optional)",
        required=False,
        choices=[("", "Leave it as it is")] + list(ActionStatus.choices),
    )

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        return on


class CommentForm(forms.Form):
    error_anchor = "id_text"
    text = forms.CharField(
        label="Your comment", max_length=5000, widget=forms.Textarea, error_messages={"required": "Enter your comment"}
    )
