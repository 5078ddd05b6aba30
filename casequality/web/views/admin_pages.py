"""The access log (admin and QA lead); the board's pages are in board.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import access_log_window, is_national_admin, user_service_ids
from casequality.web.forms import AccessLogFilterForm
from casequality.web.jinja_env import rows_html

PAGE_SIZE = 50


@page_permission("accounts.view_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read or changed which case, and when; newest first, filterable by case reference."""
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.all()
    if not is_national_admin(request.user):  # a service's administrator, a QA lead: their services only
        entries = entries.filter(service_id__in=user_service_ids(request.user))
    case_ref = form.cleaned_data["case_ref"].strip() if form.is_bound and form.is_valid() else ""
    if case_ref:
        # The case's own entries, and those of list pages and files that showed it among
        # others (access_log_page keeps their references space-separated in case_refs).
        entries = entries.filter(Q(case_ref=case_ref) | Q(case_refs__contains=f" {case_ref} "))
    # Pages by position in the chain (`seq`), newest first: "older" than an entry, or
    # "newer" than one. No page counts the log: it grows with every page anyone opens, and
    # a count of it slowed the page as the service lived (decision 0063).
    window = access_log_window(
        entries,
        older_than=_position(request.GET.get("older")),
        newer_than=_position(request.GET.get("newer")),
        size=PAGE_SIZE,
    )
    shown = window.entries
    kept = {"case_ref": case_ref} if case_ref else {}
    return render(
        request,
        "web/admin/access_log.html",
        {
            "form": form,
            "entries": shown,
            "case_ref": case_ref,
            # The rows by Jinja2 (decision 0033): Django's template language and each entry's
            # get_verb_display cost most of the page's time.
            "rows": rows_html(
                "web/admin/access_log_rows.html",
                entries=shown,
                verbs=dict(AccessVerb.choices),
                case_ref=case_ref,
            ),
            "newer_href": "?" + urlencode({**kept, "newer": shown[0].seq}) if shown and window.newer else "",
            "older_href": "?" + urlencode({**kept, "older": shown[-1].seq}) if shown and window.older else "",
            "first_page": window.latest,
        },
    )


def _position(value: str | None) -> int | None:
    """An entry's position in the chain from the address (`?older=`, `?newer=`); None for
    anything else (the newest entries are shown)."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value) or None
