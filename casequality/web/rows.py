"""Table rows made as HTML in Python for the longest tables of the busiest pages.

Django's template language costs per node and per variable lookup; a queue of 25 rows
each with an include, two URL reversals and a dozen filters cost a third of a page's
time. These functions make the same markup as the templates they replaced, with every
value escaped by `format_html` (tests/web/test_rows.py holds them to it).
"""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from casequality.web.converters import ref_to_url
from casequality.web.rulebook import rule_metadata
from casequality.web.templatetags.web_tags import finding_tag, owner_words, subject_anchor, subject_words

HIGH_RISK = mark_safe('<strong class="govuk-tag govuk-tag--red">High risk</strong><br>')


# Addresses as reverse() makes them, without resolving the pattern for every row: the
# pattern is reversed once with marks for its arguments, each argument encoded by the
# <ref:...> converter and quoted as reverse() quotes it (tests/web/test_outside_ids.py).
# (a kind word, the other argument, is its own encoding).
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"


def _url_maker(name: str, count: int):
    marks = [f"ZQARG{i}QZ" for i in range(count)]
    pattern = reverse(name, args=marks)

    def url(*args: str) -> str:
        out = pattern
        for mark, arg in zip(marks, args):
            out = out.replace(mark, quote(ref_to_url(arg), safe=_SAFE_IN_PATH))
        return out

    return url


def _what(finding, urls) -> str:
    ref = finding.case.ref
    if finding.subject_type in ("assessment", "plan"):
        url = urls["item"](ref, finding.subject_type, finding.subject)
        return f'<a class="govuk-link" href="{escape(url)}">Open {escape(finding.subject_type)} {escape(finding.subject)}</a>'
    subject = (finding.evidence or {}).get("subject") if isinstance(finding.evidence, dict) else None
    if subject:
        url = urls["item"](ref, "item", subject)
        return f'<a class="govuk-link" href="{escape(url)}">Open {escape(subject)}</a>'
    anchor = subject_anchor(finding)
    if anchor:
        return (f'<a class="govuk-link" href="{escape(urls["case"](ref))}#{escape(anchor)}">'
                f'Open {escape(subject_words(finding, "sentence"))}</a>')
    return escape(subject_words(finding))


def _urls() -> dict:
    return {"item": _url_maker("web:oversight_item", 3), "case": _url_maker("web:case_detail", 1)}


def queue_row(finding, urls=None) -> SafeString:
    """One row of the oversight queue's tables (was web/oversight/_finding_table.html's loop
    body). Made with escape() and f-strings: format_html on each part was most of the
    queue's Python (every value is still escaped; tests/web/test_rows.py)."""
    urls = urls or _urls()
    case = finding.case
    manager = case.case_manager.name if case.case_manager_id and case.case_manager.name else "No case manager"
    info = rule_metadata(finding.rule) or {}
    summary = info.get("remedy") or info.get("title") or "a rule no longer in the rulebook"
    standard = f" Standard: {escape(info['title'])}." if info.get("title") else ""
    due = finding.due
    return mark_safe(
        '<tr class="govuk-table__row">\n'
        f'      <td class="govuk-table__cell app-nowrap">{f"{due.day} {_MONTHS[due.month - 1]} {due.year}" if due else "–"}</td>\n'
        f'      <td class="govuk-table__cell"><a class="govuk-link" href="{escape(urls["case"](case.ref))}">{escape(case.ref)}</a><br>'
        f'<span class="app-secondary">{escape(manager)}</span></td>\n'
        f'      <td class="govuk-table__cell app-nowrap">{HIGH_RISK if getattr(finding, "child_at_risk", False) else ""}'
        f'{finding_tag(finding)}</td>\n'
        f'      <td class="govuk-table__cell">{_what(finding, urls)}\n'
        '        <details class="govuk-details govuk-!-margin-bottom-0">\n'
        '          <summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        f'{escape(finding.rule)}: {escape(summary)}</span></summary>\n'
        f'          <div class="govuk-details__text">{escape(finding.message)} For: {escape(owner_words(finding.owner).lower())}.{standard}</div>\n'
        '        </details>\n'
        '      </td>\n'
        '    </tr>\n'
    )


def queue_rows(findings: Iterable) -> list[SafeString]:
    urls = _urls()
    return [queue_row(f, urls) for f in findings]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_CLOSED = mark_safe(' <strong class="govuk-tag govuk-tag--grey">Closed</strong>')


def _case_url_maker():
    return _url_maker("web:case_detail", 1)


def caseload_row(case, *, show_case_manager: bool, case_url=None) -> SafeString:
    """One row of the caseload (was the loop body of web/cases/caseload.html). Made with
    escape() and one f-string: format_html on each part cost more than the rest of the
    page's Python (every value is still escaped; tests/web/test_rows.py)."""
    url = (case_url or _case_url_maker())(case.ref)
    if show_case_manager:
        name = case.case_manager_name or "–"
        team = f'<br><span class="govuk-body-s">{escape(case.team_name)}</span>' if case.team_name is not None else ""
        manager = f'<td class="govuk-table__cell">{escape(name)}{team}</td>'
    else:
        manager = ""
    must, should, tasks = int(case.open_must or 0), int(case.open_should or 0), int(case.open_tasks or 0)
    counts = (
        f'<strong class="govuk-tag govuk-tag--red">{must} must</strong>' if must else "",
        f'<strong class="govuk-tag govuk-tag--orange">{should} should</strong>' if should else "",
        f'<strong class="govuk-tag govuk-tag--blue">{tasks} task{"" if tasks == 1 else "s"}</strong>' if tasks else "",
        "None" if not (must or should or tasks) else "",
    )
    due = case.next_due
    return mark_safe(
        '<tr class="govuk-table__row">\n'
        f'      <th scope="row" class="govuk-table__header app-nowrap"><a class="govuk-link" href="{escape(url)}">'
        f'{escape(case.ref)}</a></th>\n'
        f'      <td class="govuk-table__cell">{escape(case.child_name)}{_CLOSED if case.closed_on else ""}</td>\n'
        f'      {manager}\n'
        f'      <td class="govuk-table__cell">\n        {counts[0]}\n        {counts[1]}\n        {counts[2]}\n'
        f'        {counts[3]}\n      </td>\n'
        f'      <td class="govuk-table__cell app-nowrap">'
        f'{f"{due.day} {_MONTHS[due.month - 1]} {due.year}" if due else "–"}</td>\n'
        '    </tr>\n    '
    )


def caseload_rows_html(cases: Iterable, *, show_case_manager: bool) -> list[SafeString]:
    case_url = _case_url_maker()
    return [caseload_row(case, show_case_manager=show_case_manager, case_url=case_url) for case in cases]
