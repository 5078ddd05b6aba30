"""Forms of the web app, with error messages written in GOV.UK style."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from casequality.audits.forms import AnswersForm
from casequality.date_input import DateInputField


class SignInForm(AuthenticationForm):
    error_anchor = "id_username"
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask your administrator",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class VersionedForm(forms.Form):
    """A form that changes something existing: it carries the version of it the person read
    (hidden), and a POST without one is refused, never applied (the view compares it with
    the version now, under a lock, and refuses a stale one saying what changed)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    MISSING_VERSION = (
        "Nothing was saved: the form did not say which version you read. Check the value below, then save again"
    )

    def clean(self):
        data = super().clean()
        if not data.get("version"):
            raise forms.ValidationError(self.MISSING_VERSION, code="missing_version")
        return data


class FindingNoteForm(VersionedForm):
    text = forms.CharField(
        label="Your note",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Say what has been done, or why you think this finding is wrong.",
        error_messages={"required": "Enter a note about this finding"},
    )
    mark_for_review = forms.BooleanField(
        label="Ask my manager to review this finding",
        required=False,
        help_text="For a finding you think is wrong.",
    )


class CountersignForm(forms.Form):
    error_anchor = "id_outcome"
    outcome = forms.ChoiceField(
        label="Do you countersign it?",
        widget=forms.RadioSelect,
        choices=[("approved", "Yes, countersign it (approved)"), ("returned", "No, return it to the case manager")],
        error_messages={"required": "Select whether you countersign it or return it"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="Required if you return it: say what needs to change.",
    )
    # The version of the item the manager read (SubjectState.version): a countersignature
    # of something that changed since is refused, never saved over the change. A POST
    # without it is refused too (never applied as if it were current: two such POSTs were
    # both saved); the message is a non-field one, as the field is hidden.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    # Approving while a Must finding is open asks first (decision 0049): the box, offered
    # only on the page that asks, carries the ids of the open Musts the manager was shown,
    # so a Must raised since they looked asks again.
    confirm_open = forms.CharField(label="Yes, countersign it with these open", required=False, max_length=2000)

    MISSING_VERSION = (
        "Nothing was saved: the form did not say which version of the record you read. "
        "Read the record below again, then countersign or return it"
    )

    def clean(self):
        data = super().clean()
        if not data.get("version"):
            raise forms.ValidationError(self.MISSING_VERSION, code="missing_version")
        if data.get("outcome") == "returned" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter a comment saying what needs to change")
        return data


class SampleForm(forms.Form):
    case_manager = forms.ModelChoiceField(
        label="Case manager",
        queryset=None,
        empty_label="Choose a case manager",
        error_messages={"required": "Select a case manager", "invalid_choice": "Select a case manager"},
    )
    size = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=20,
        initial=3,
        error_messages={
            "required": "Enter the number of cases to sample",
            "invalid": "Number of cases must be a whole number",
            "min_value": "Number of cases must be 1 or more",
            "max_value": "Number of cases must be 20 or fewer",
        },
    )

    def __init__(self, *args, case_managers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers


class ManagerEntryForm(VersionedForm):
    text = forms.CharField(
        label="Manager entry",
        max_length=10000,
        widget=forms.Textarea,
        help_text="What you reviewed, what you found and what should happen next. It is added to the case record.",
        error_messages={"required": "Enter the manager entry"},
    )


class OversightRequestForm(VersionedForm):
    """Only the version of the assessment or plan the case manager read."""

    error_anchor = "main-content"


class RuleSettingForm(VersionedForm):
    enabled = forms.ChoiceField(
        label="Does this rule run for your service?",
        widget=forms.RadioSelect,
        choices=[("on", "Yes, the rule is on"), ("off", "No, switch the rule off")],
        error_messages={"required": "Select whether the rule is on or off"},
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason for the change"},
    )


class ParameterSettingForm(VersionedForm):
    value = forms.CharField(
        label="Value for your service",
        max_length=200,
        help_text="A number, or a word such as medium. Leave as it is to keep the value.",
        error_messages={"required": "Enter the value"},
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason for the change"},
    )

    def clean_value(self):
        import json

        raw = self.cleaned_data["value"].strip()
        try:
            return json.loads(raw)
        except ValueError:
            return raw


class ParameterDateForm(ParameterSettingForm):
    """A parameter that is a date (`*_in_use_from`): GOV.UK's date input, kept as the rulebook's
    year-month-day text (decision 0050)."""

    value = DateInputField(
        label="Date for your service",
        name="The date",
        help_text="For example, 1 4 2024",
        error_messages={"required": "Enter the date"},
    )

    def clean_value(self):
        return self.cleaned_data["value"].isoformat()


class AccessLogFilterForm(forms.Form):
    case_ref = forms.CharField(label="Case reference", required=False, max_length=64)


class CaseloadFilterForm(forms.Form):
    """Filters of the caseload. A long list of case managers or teams (a QA lead's, over a
    whole service) is a text box for a name or reference rather than a select of thousands."""

    SELECT_AT_MOST = 50

    rule = forms.ChoiceField(label="Rule", required=False)
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=[("", "Any"), ("must", "Must"), ("should", "Should"), ("task", "Task due")],
    )
    # Decision 0048: the children at risk, overdue actions, work returned to the case manager.
    show = forms.MultipleChoiceField(
        label="Show only",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("at_risk", "Children at risk"),
            ("overdue", "Cases with an overdue action"),
            ("returned", "Cases with work returned to the case manager"),
        ],
    )

    def __init__(self, *args, rules=(), case_managers=None, teams=None, **kwargs):
        """`case_managers` and `teams`: None (no such filter) or the first SELECT_AT_MOST + 1
        of them, as (id, name) pairs in the order shown (more than SELECT_AT_MOST: a text box)."""
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "Any")] + [(r, r) for r in rules]
        self._add_filter("case_manager", "Case manager", case_managers, "Name or staff reference")
        self._add_filter("team", "Team", teams, "Team name")

    def _add_filter(self, name, label, few, text_label):
        if few is None or len(few) <= 1:
            return  # no such filter, or nothing to choose between
        if len(few) <= self.SELECT_AT_MOST:
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=[("", "Any")] + [(str(pk), text) for pk, text in few]
            )
        else:
            self.fields[name] = forms.CharField(label=f"{label}: {text_label.lower()}", required=False, max_length=200)

    def is_text(self, name: str) -> bool:
        return isinstance(self.fields.get(name), forms.CharField)


class SelfAuditForm(AnswersForm):
    """A case manager's self-audit: the audit answers form, every question answered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, require_every_answer=True, **kwargs)


class SelfAuditCheckForm(forms.Form):
    """The manager's agree / disagree (with a comment) for each answer of a self-audit."""

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.answer_rows = list(answers)
        for a in self.answer_rows:
            self.fields[f"verdict_{a.pk}"] = forms.ChoiceField(
                label=f"Do you agree with the answer to question {a.question}?",
                widget=forms.RadioSelect,
                choices=[("agree", "Agree"), ("disagree", "Disagree")],
                initial=a.verdict or None,
                error_messages={"required": f"Select agree or disagree for question {a.question}"},
            )
            self.fields[f"comment_{a.pk}"] = forms.CharField(
                label=f"Comment on question {a.question}",
                required=False,
                max_length=5000,
                widget=forms.Textarea,
                initial=a.verdict_comment,
                help_text="Required if you disagree.",
            )

    def clean(self):
        data = super().clean()
        for a in self.answer_rows:
            if data.get(f"verdict_{a.pk}") == "disagree" and not (data.get(f"comment_{a.pk}") or "").strip():
                self.add_error(f"comment_{a.pk}", f"Say why you disagree with the answer to question {a.question}")
        return data

    def groups(self):
        for a in self.answer_rows:
            yield a, self[f"verdict_{a.pk}"], self[f"comment_{a.pk}"]


class SecondFactorForm(forms.Form):
    """The six-digit code from an authenticator app."""

    error_anchor = "id_token"
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=6,
        min_length=6,
        help_text="The 6-digit code your app shows for Casequality. It changes every 30 seconds.",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters")
        return token


class PasswordChangeGovukForm(PasswordChangeForm):
    """Django's own password change (with the validators of AUTH_PASSWORD_VALIDATORS), in GOV.UK words."""

    error_anchor = "id_old_password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["password_incorrect"] = "Your current password is not right: enter it again"
        self.error_messages["password_mismatch"] = "The two new passwords are not the same"
        self.fields["old_password"].label = "Current password"
        self.fields[
            "new_password1"
        ].help_text = (
            f"At least {password_min_length()} characters. Not a common password, and not like your name or username."
        )
        for name, words in (
            ("old_password", "Enter your current password"),
            ("new_password1", "Enter a new password"),
            ("new_password2", "Enter the new password again"),
        ):
            self.fields[name].error_messages["required"] = words


def password_min_length() -> int:
    from django.conf import settings

    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 8
