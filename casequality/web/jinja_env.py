"""The Jinja2 environment of the busiest pages' tables (decision 0033).

The caseload's, the oversight queue's and a case page's rows are Jinja2 templates in web/jinja2/, rendered
by Django's Jinja2 backend (settings.TEMPLATES, after the Django backend): autoescape on,
each template compiled once per process and kept (Jinja2's own cache; `auto_reload` only
with DEBUG), an undefined name an error rather than an empty string. The page around them
stays a Django template and takes the rows as one piece of already-escaped HTML
(`rows_html`).

What the templates call besides Jinja2's own filters: the few `web_tags` filters the rows
need, the dates' one form (casequality/web/dates.py), Django's `capfirst` and `truncatewords`,
and `url()` for addresses (given by `rows_html`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.template import engines
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, StrictUndefined

from casequality.web.converters import ref_to_url
from casequality.web.dates import dates_in_words, govuk_date, govuk_datetime, govuk_month
from casequality.web.rulebook import rule_metadata
from casequality.web.templatetags.web_tags import (
    as_rows,
    finding_tag,
    get,
    instrument_words,
    level_tag_class,
    objective,
    outcome_words,
    owner_words,
    subject_anchor,
    subject_words,
    text,
    words,
)

# What quote() keeps in a path, as reverse() quotes it (django.urls.resolvers).
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"
# The mark of a whole-number argument (`<int:pk>` takes digits only): no route's own text
# holds these digits.
_NUMBER_MARK = 7_304_951_862_013_579


class Urls:
    """`url(name, *args)` in the tables' templates: the address reverse(name, args=args)
    makes, for routes whose arguments are outside ids (`<ref:...>`, web/converters.py),
    plain words or whole numbers (`<int:...>`). Each route is reversed once per render with
    marks for its arguments; each argument is then encoded by the `ref` converter and
    quoted as reverse() quotes it (a number written as it is) and put in its mark's place
    (the address split at the marks once a render, so an argument that holds another's mark
    stays as it is): 2-5 µs a link where reverse() took 32-38 µs (decision 0033).
    tests/web/test_hostile_table_values.py follows every link to the record it names."""

    def __init__(self) -> None:
        # A route's address split at its arguments' marks: the text between them, and which
        # argument each mark stands for.
        self._routes: dict[tuple[str, tuple[bool, ...]], tuple[list[str], list[int]]] = {}
        # An outside id's path segment, encoded and quoted once a render (a row names its
        # case in two or three links).
        self._segments: dict[str, str] = {}

    def __call__(self, name: str, *args: object) -> str:
        numbers = tuple(isinstance(arg, int) for arg in args)
        route = self._routes.get((name, numbers))
        if route is None:
            route = self._routes[name, numbers] = _route(name, numbers)
        pieces, order = route
        values = [str(arg) if number else self._segment(arg) for arg, number in zip(args, numbers)]
        out = [pieces[0]]
        for index, piece in zip(order, pieces[1:]):
            out += (values[index], piece)
        return "".join(out)

    def _segment(self, arg: object) -> str:
        if type(arg) is not str:
            return quote(ref_to_url(arg), safe=_SAFE_IN_PATH)
        segment = self._segments.get(arg)
        if segment is None:
            segment = self._segments[arg] = quote(ref_to_url(arg), safe=_SAFE_IN_PATH)
        return segment


def _route(name: str, numbers: tuple[bool, ...]) -> tuple[list[str], list[int]]:
    """The route's address reversed with a mark for each argument, split at the marks."""
    marks = [str(_NUMBER_MARK + i) if number else f"ZQARG{i}QZ" for i, number in enumerate(numbers)]
    address = reverse(name, args=marks)
    if not marks:
        return [address], []
    pattern = re.compile("|".join(map(re.escape, marks)))
    return pattern.split(address), [marks.index(found) for found in pattern.findall(address)]


def capfirst(value) -> str:
    """The first letter a capital, the rest as it is (Django's `capfirst`; Jinja2's
    `capitalize` lowers the rest)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def environment(**options) -> Environment:
    """Django's Jinja2 backend calls this (settings.TEMPLATES' `environment`)."""
    options["undefined"] = StrictUndefined
    env = Environment(**options)
    env.filters.update(
        {
            "finding_tag": finding_tag,
            "owner_words": owner_words,
            "subject_anchor": subject_anchor,
            "subject_words": subject_words,
            "rule_info": lambda rule: rule_metadata(rule) or {},
            "govuk_date": govuk_date,
            "govuk_datetime": govuk_datetime,
            "govuk_month": govuk_month,
            "dates_in_words": dates_in_words,
            "capfirst": capfirst,
            "words": words,
            "plain": text,
            "objective": objective,
            "truncatewords": truncatewords,
            "level_tag_class": level_tag_class,
            "instrument_words": instrument_words,
            "as_rows": as_rows,
            "get": get,
            "outcome_words": outcome_words,
        }
    )
    return env


def rows_html(template_name: str, **context) -> SafeString:
    """A Jinja2 template of web/jinja2/ rendered (with `url`, above), for a Django template
    to place as it is: the engine escaped every value it put in (autoescape), so its output
    is marked safe."""
    return mark_safe(engines["jinja2"].get_template(template_name).render({**context, "url": Urls()}))
