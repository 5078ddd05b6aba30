"""GOV.UK's date input: a date typed as day, month and year, with GOV.UK's error messages.

https://design-system.service.gov.uk/components/date-input/ (decision 0050). Every form that
asks for a date uses `DateInputField`; its template include is web/includes/field_date.html
(three text inputs with `inputmode="numeric"`, in a fieldset whose legend is the field's label).

What is accepted, as the guidance asks: a day of 1 to 31 with or without a leading zero or an
ordinal ("1st"); a month as a number or a name, full or short ("12", "Dec", "december"); a year
of 4 numbers. What is said when it is not (the field's `name` in the messages, its label by
default; the highest-priority problem only):

- nothing entered (required): the caller's message, "Enter …";
- a part missing: "… must include a month" ("a day and month", …);
- a year that is not 4 numbers: "Year must include 4 numbers";
- a part that cannot be right, or a day the month does not have: "… must be a real date".

`wrong_parts` names the parts to highlight after a clean (all three when the date as a whole is
wrong), and the error summary links to the first of them.

This module stands under every app (it imports only Django), so that the audits' forms use it too.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms

PARTS = ("day", "month", "year")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


class DateInputWidget(forms.MultiWidget):
    """Three text inputs, `<name>_day`, `<name>_month` and `<name>_year`; a date or its ISO text
    (a form's `initial`) is shown as its day, month and year."""

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        super().__init__({part: forms.TextInput(attrs=numeric) for part in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


def _month(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    lowered = text.lower().rstrip(".")
    for number, name in enumerate(_MONTH_NAMES, 1):
        if len(lowered) >= 3 and (name == lowered or name.startswith(lowered) and len(lowered) <= 4):
            return number
    return None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year (GOV.UK's date input); cleans to a `date` or None.

    `name` is what the messages call the date ("The due date"), the label by default;
    `error_messages["required"]` is the message when nothing is entered ("Enter the due date").
    """

    widget = DateInputWidget

    def __init__(self, *, name: str = "", **kwargs):
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        self.name = name
        self.wrong_parts: tuple[str, ...] = ()

    def compress(self, data_list):  # the clean below does it all
        return data_list

    def _invalid(self, message: str, parts) -> forms.ValidationError:
        self.wrong_parts = tuple(parts)
        return forms.ValidationError(message, code="invalid")

    def clean(self, value):
        self.wrong_parts = ()
        texts = [str(v or "").strip() for v in (value if isinstance(value, list | tuple) else [None] * 3)]
        day_text, month_text, year_text = (texts + ["", "", ""])[:3]
        what = self.name or str(self.label or "The date")
        missing = [part for part, text in zip(PARTS, (day_text, month_text, year_text)) if not text]
        if len(missing) == 3:
            if self.required:
                self.wrong_parts = PARTS
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if missing:
            raise self._invalid(f"{what} must include a {_and(missing)}", missing if len(missing) == 1 else PARTS)
        day_found = _DAY.fullmatch(day_text.lower())
        day = int(day_found.group(1)) if day_found else None
        month = _month(month_text)
        wrong = [
            part
            for part, ok in (
                ("day", day is not None and 1 <= day <= 31),
                ("month", month is not None and 1 <= month <= 12),
            )
            if not ok
        ]
        if not (year_text.isdigit() and len(year_text) == 4):
            if wrong:
                raise self._invalid(f"{what} must be a real date", PARTS)
            raise self._invalid("Year must include 4 numbers", ["year"])
        if wrong:
            raise self._invalid(f"{what} must be a real date", wrong if len(wrong) == 1 else PARTS)
        assert day is not None and month is not None
        try:
            cleaned = date(int(year_text), month, day)
        except ValueError:
            raise self._invalid(f"{what} must be a real date", ["day"]) from None
        self.run_validators(cleaned)
        return cleaned

    def has_changed(self, initial, data) -> bool:
        try:
            return self.clean(data) != (
                initial if isinstance(initial, date | None) else date.fromisoformat(str(initial))
            )
        except (forms.ValidationError, ValueError):
            return True
