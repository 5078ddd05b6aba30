"""Table rows made as HTML in Python for the longest tables of the busiest pages.

Django's template language costs per node and per variable lookup; a queue of 25 rows
each with an include, two URL reversals and a dozen filters cost a third of a page's
time. These functions make the same markup as the templates they replaced, with every
value escaped by `format_html` (tests/web/test_rows.py holds them to it).
"""
from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from casequality.web.rulebook import rule_metadata
from casequality.web.templatetags.web_tags import finding_tag, owner_words, subject_anchor, subject_words

HIGH_RISK = mark_safe('<strong class="govuk-tag govuk-tag--red">High risk</strong><br>')


def _what(finding) -> SafeString:
    ref = finding.case.ref
    if finding.subject_type in ("assessment", "plan"):
        url = reverse("web:oversight_item", args=[ref, finding.subject_type, finding.subject])
        return format_html('<a class="govuk-link" href="{}">Open {} {}</a>', url, finding.subject_type, finding.subject)
    subject = (finding.evidence or {}).get("subject") if isinstance(finding.evidence, dict) else None
    if subject:
        url = reverse("web:oversight_item", args=[ref, "item", subject])
        return format_html('<a class="govuk-link" href="{}">Open {}</a>', url, subject)
    anchor = subject_anchor(finding)
    if anchor:
        url = reverse("web:case_detail", args=[ref])
        return format_html('<a class="govuk-link" href="{}#{}">Open {}</a>', url, anchor,
                           subject_words(finding, "sentence"))
    return format_html("{}", subject_words(finding))


def queue_row(finding) -> SafeString:
    """One row of the oversight queue's tables (was web/oversight/_finding_table.html's loop body)."""
    case = finding.case
    manager = case.case_manager.name if case.case_manager_id and case.case_manager.name else "No case manager"
    info = rule_metadata(finding.rule) or {}
    summary = info.get("remedy") or info.get("title") or "a rule no longer in the rulebook"
    standard = format_html(" Standard: {}.", info["title"]) if info.get("title") else ""
    return format_html(
        '<tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell app-nowrap">{}</td>\n'
        '      <td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a><br>'
        '<span class="app-secondary">{}</span></td>\n'
        '      <td class="govuk-table__cell app-nowrap">{}{}</td>\n'
        '      <td class="govuk-table__cell">{}\n'
        '        <details class="govuk-details govuk-!-margin-bottom-0">\n'
        '          <summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        '{}: {}</span></summary>\n'
        '          <div class="govuk-details__text">{} For: {}.{}</div>\n'
        '        </details>\n'
        '      </td>\n'
        '    </tr>\n',
        date_format(finding.due, "j M Y") if finding.due else "–",
        reverse("web:case_detail", args=[case.ref]), case.ref, manager,
        HIGH_RISK if getattr(finding, "child_at_risk", False) else "", finding_tag(finding),
        _what(finding),
        finding.rule, summary,
        finding.message, owner_words(finding.owner).lower(), standard,
    )


def queue_rows(findings: Iterable) -> list[SafeString]:
    return [queue_row(f) for f in findings]


_CLOSED = mark_safe(' <strong class="govuk-tag govuk-tag--grey">Closed</strong>')


def caseload_row(case, *, show_case_manager: bool) -> SafeString:
    """One row of the caseload (was the loop body of web/cases/caseload.html)."""
    manager = format_html(
        '<td class="govuk-table__cell">{}{}</td>', case.case_manager.name if case.case_manager_id and case.case_manager.name else "–",
        format_html('<br><span class="govuk-body-s">{}</span>', case.team.name) if case.team_id else "",
    ) if show_case_manager else ""
    counts = [
        format_html('<strong class="govuk-tag govuk-tag--red">{} must</strong>', case.open_must) if case.open_must else "",
        format_html('<strong class="govuk-tag govuk-tag--orange">{} should</strong>', case.open_should)
        if case.open_should else "",
        format_html('<strong class="govuk-tag govuk-tag--blue">{} task{}</strong>', case.open_tasks,
                    "" if case.open_tasks == 1 else "s") if case.open_tasks else "",
        "None" if not (case.open_must or case.open_should or case.open_tasks) else "",
    ]
    return format_html(
        '<tr class="govuk-table__row">\n'
        '      <th scope="row" class="govuk-table__header app-nowrap"><a class="govuk-link" href="{}">{}</a></th>\n'
        '      <td class="govuk-table__cell">{}{}</td>\n'
        '      {}\n'
        '      <td class="govuk-table__cell">\n        {}\n        {}\n        {}\n        {}\n      </td>\n'
        '      <td class="govuk-table__cell app-nowrap">{}</td>\n'
        '    </tr>\n    ',
        reverse("web:case_detail", args=[case.ref]), case.ref,
        case.child_name, _CLOSED if case.closed_on else "",
        manager, *counts,
        date_format(case.next_due, "j M Y") if case.next_due else "–",
    )


def caseload_rows_html(cases: Iterable, *, show_case_manager: bool) -> list[SafeString]:
    return [caseload_row(case, show_case_manager=show_case_manager) for case in cases]
