"""The Jinja2 environment of the busiest pages' tables (decision 0033).

The caseload's and the oversight queue's rows are Jinja2 templates in web/jinja2/, rendered
by Django's Jinja2 backend (settings.TEMPLATES, after the Django backend): autoescape on,
each template compiled once per process and kept (Jinja2's own cache; `auto_reload` only
with DEBUG), an undefined name an error rather than an empty string. The page around them
stays a Django template and takes the rows as one piece of already-escaped HTML
(`rows_html`).

What the templates call besides Jinja2's own filters: the few `web_tags` filters the rows
need, a date in the tables' short form, and `url()` for addresses (given by `rows_html`).
"""

from __future__ import annotations

from urllib.parse import quote

from django.template import engines
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, StrictUndefined

from casequality.web.converters import ref_to_url
from casequality.web.rulebook import rule_metadata
from casequality.web.templatetags.web_tags import finding_tag, owner_words, subject_anchor, subject_words

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# What quote() keeps in a path, as reverse() quotes it (django.urls.resolvers).
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"


class Urls:
    """`url(name, *args)` in the tables' templates: the address reverse(name, args=args)
    makes, for routes whose arguments are outside ids (`<ref:...>`, web/converters.py) or
    plain words. Each route is reversed once per render with marks for its arguments;
    each argument is then encoded by the `ref` converter and quoted as reverse() quotes
    it: 3-7 µs a link where reverse() took 32-38 µs, about 4 ms of CPU on the queue's 150
    links (decision 0033).
    tests/web/test_hostile_table_values.py follows every link to the record it names."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, int], tuple[str, list[str]]] = {}

    def __call__(self, name: str, *args: object) -> str:
        known = self._patterns.get((name, len(args)))
        if known is None:
            marks = [f"ZQARG{i}QZ" for i in range(len(args))]
            known = self._patterns[name, len(args)] = (reverse(name, args=marks), marks)
        address, marks = known
        for mark, arg in zip(marks, args):
            address = address.replace(mark, quote(ref_to_url(arg), safe=_SAFE_IN_PATH))
        return address


def short_date(value) -> str:
    """`2026-03-07` -> `7 Mar 2026` (the tables' form; `–` for none)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else "–"


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
            "short_date": short_date,
        }
    )
    return env


def rows_html(template_name: str, **context) -> SafeString:
    """A Jinja2 template of web/jinja2/ rendered (with `url`, above), for a Django template
    to place as it is: the engine escaped every value it put in (autoescape), so its output
    is marked safe."""
    return mark_safe(engines["jinja2"].get_template(template_name).render({**context, "url": Urls()}))
