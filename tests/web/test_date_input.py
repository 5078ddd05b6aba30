"""GOV.UK's date input (casequality/date_input.py, decision 0050): what is accepted, each error
message the Design System names, and a form with a bad date writing nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.template.loader import render_to_string

from casequality.date_input import DateInputField
from casequality.reports.models import PlanAction
from tests.web.factories import date_input


class _Form(forms.Form):
    when = DateInputField(
        label="Date of the panel",
        name="The panel date",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the panel date"},
    )


class _Optional(forms.Form):
    when = DateInputField(label="Date (optional)", name="The date", required=False, help_text="For example, 1 2 2027")


def _clean(day="", month="", year="", form=_Form):
    bound = form({"when_day": day, "when_month": month, "when_year": year})
    return bound, (bound.cleaned_data.get("when") if bound.is_valid() else bound.errors["when"][0])


def test_a_real_date_comes_back_as_that_date():
    assert _clean("6", "12", "2026")[1] == date(2026, 12, 6)


def test_leading_zeros_ordinals_month_names_and_spaces_are_accepted():
    assert _clean(" 06 ", "Dec", "2026")[1] == date(2026, 12, 6)
    assert _clean("1st", "february", "2027")[1] == date(2027, 2, 1)
    assert _clean("09", "09", "2027")[1] == date(2027, 9, 9)


def test_nothing_entered_says_enter_the_date():
    assert _clean()[1] == "Enter the panel date"


def test_nothing_entered_in_an_optional_date_is_no_date():
    assert _clean(form=_Optional)[1] is None


def test_a_missing_month_says_the_date_must_include_a_month():
    assert _clean("6", "", "2026")[1] == "The panel date must include a month"


def test_a_missing_day_and_month_say_both():
    assert _clean("", "", "2026")[1] == "The panel date must include a day and month"


def test_a_missing_year_says_the_date_must_include_a_year():
    assert _clean("6", "12", "")[1] == "The panel date must include a year"


def test_a_year_of_two_numbers_says_year_must_include_4_numbers():
    assert _clean("6", "12", "26")[1] == "Year must include 4 numbers"


def test_a_thirteenth_month_says_the_date_must_be_a_real_date():
    assert _clean("6", "13", "2026")[1] == "The panel date must be a real date"


def test_a_day_the_month_does_not_have_says_the_date_must_be_a_real_date():
    assert _clean("31", "2", "2027")[1] == "The panel date must be a real date"


def test_letters_for_a_day_say_the_date_must_be_a_real_date():
    assert _clean("six", "12", "2026")[1] == "The panel date must be a real date"


def _rendered(form) -> str:
    return render_to_string("web/includes/error_summary.html", {"form": form}) + render_to_string(
        "web/includes/field_date.html", {"field": form["when"]}
    )


def test_the_inputs_are_govuk_date_inputs_with_a_numeric_keyboard_and_the_date_shown_again():
    html = _rendered(_Form(initial={"when": date(2026, 12, 6)}))
    assert 'class="govuk-date-input" id="id_when"' in html
    assert re.findall(r'<input[^>]*id="id_when-(\w+)"[^>]*inputmode="numeric" value="(\d*)"', html) == [
        ("day", "6"),
        ("month", "12"),
        ("year", "2026"),
    ]
    assert '<legend class="govuk-fieldset__legend">Date of the panel</legend>' in html


def test_only_the_missing_part_is_highlighted_and_the_summary_links_to_it():
    html = _rendered(_clean("6", "", "2026")[0])
    assert '<a href="#id_when-month">The panel date must include a month</a>' in html
    wrong = re.findall(r'govuk-input--error" id="id_when-(\w+)"', html)
    assert wrong == ["month"]


def test_an_impossible_date_highlights_the_day_and_nothing_entered_highlights_all_three():
    assert re.findall(r'govuk-input--error" id="id_when-(\w+)"', _rendered(_clean("31", "2", "2027")[0])) == ["day"]
    assert re.findall(r'govuk-input--error" id="id_when-(\w+)"', _rendered(_clean()[0])) == ["day", "month", "year"]


def test_what_was_typed_is_shown_again_after_an_error():
    html = _rendered(_clean("31", "Feb", "2027")[0])
    assert 'value="31"' in html and 'value="Feb"' in html and 'value="2027"' in html


@pytest.mark.django_db
def test_an_action_posted_with_an_impossible_due_date_saves_nothing_and_says_where(client, world):
    client.force_login(world.cast.qa_lead)
    page = client.get("/board/plan/new/").content.decode()
    version = re.search(r'name="version" (?:type="hidden" )?value="([^"]*)"', page).group(1)
    data = {"version": version, "title": "Train", "owner_role": "Head of Service", "status": "on_track"}
    before = PlanAction.objects.count()
    html = client.post("/board/plan/new/", {**data, "due_day": "30", "due_month": "2", "due_year": "2027"}).content
    html = html.decode()
    assert PlanAction.objects.count() == before
    assert '<a href="#id_due-day">The due date must be a real date</a>' in html
    assert '<p id="id_due-error" class="govuk-error-message">' in html


@pytest.mark.django_db
def test_a_date_parameter_is_entered_as_day_month_and_year_and_kept_as_the_rulebooks_date(client, world):
    from casequality.standards.models import ParameterSetting

    client.force_login(world.cast.qa_lead)
    data = {"reason": "Our PDAT started later.", "version": "default"}
    response = client.post("/rules/parameters/pdat_in_use_from/", {**data, **date_input("value", date(2024, 6, 3))})
    assert response.status_code == 302
    assert ParameterSetting.objects.get(service=world.cast.service, name="pdat_in_use_from").value == "2024-06-03"


@pytest.mark.django_db
def test_a_date_parameter_sent_without_a_year_saves_nothing_and_says_so(client, world):
    from casequality.standards.models import ParameterSetting

    client.force_login(world.cast.qa_lead)
    data = {"reason": "Our PDAT started later.", "version": "default", "value_day": "3", "value_month": "6"}
    html = client.post("/rules/parameters/pdat_in_use_from/", data).content.decode()
    assert '<a href="#id_value-year">The date must include a year</a>' in html
    assert not ParameterSetting.objects.filter(name="pdat_in_use_from").exists()
