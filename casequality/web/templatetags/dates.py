"""The date filters every Django template has without `{% load %}` (settings.TEMPLATES' builtins).

They are casequality.web.dates' functions, which the Jinja2 templates use too (decision 0050).
"""

from __future__ import annotations

from django import template

from casequality.date_input import PARTS, DateInputField
from casequality.web import dates

register = template.Library()


@register.filter
def govuk_date(value, none: str = "") -> str:
    """`{{ day|govuk_date }}` -> `6 December 2026`; `{{ day|govuk_date:"–" }}` shows "–" for none."""
    return dates.govuk_date(value, none)


@register.filter
def govuk_datetime(value, seconds: str = "") -> str:
    """`{{ moment|govuk_datetime }}` -> `6 December 2026 at 2:05pm` (`:"seconds"` adds them)."""
    return dates.govuk_datetime(value, seconds=bool(seconds))


@register.filter
def govuk_month(value) -> str:
    """`{{ day|govuk_month }}` -> `December 2026`."""
    return dates.govuk_month(value)


@register.filter
def dates_in_words(value) -> str:
    """`{{ rule.source|dates_in_words }}`: "Project default (2026-11-26)" -> "… (26 November 2026)"."""
    return dates.dates_in_words(value)


@register.filter
def date_parts(field) -> list[dict]:
    """A DateInputField's day, month and year as web/includes/field_date.html shows them: each
    one's id, name, label, width, value and whether it is highlighted as wrong."""
    value = field.value()
    texts = value if isinstance(value, list | tuple) else field.field.widget.decompress(value)
    wrong = set(field.field.wrong_parts or PARTS) if field.errors else set()
    return [
        {
            "id": f"{field.auto_id}-{part}",
            "name": f"{field.html_name}_{part}",
            "label": part.capitalize(),
            "width": 4 if part == "year" else 2,
            "value": text or "",
            "wrong": part in wrong,
        }
        for part, text in zip(PARTS, list(texts) + [None] * (3 - len(texts)))
    ]


@register.filter
def error_target(field) -> str:
    """The id the error summary links to: a date's first part in error, else the field itself."""
    if isinstance(field.field, DateInputField):
        wrong = field.field.wrong_parts or PARTS
        return f"{field.auto_id}-{next(part for part in PARTS if part in wrong)}"
    return field.auto_id
