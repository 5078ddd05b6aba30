"""Find a child by name, case reference or date of birth (the header's search; decision 0048)."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.permissions import page_permission
from casequality.accounts.services import access_log_page, access_log_record
from casequality.web.jinja_env import rows_html
from casequality.web.search import SearchForm, case_with_reference, search, search_page_cases

PAGE_SIZE = 25


@page_permission("cases.view_caseload")
def search_page(request: HttpRequest) -> HttpResponse:
    """The children of the user's scope that the words typed find; a reference typed exactly
    opens that case. Every search that shows children is access-logged with what was typed."""
    user = cast(User, request.user)  # signed in: page_permission
    if "q" not in request.GET:  # the page itself: its form, nothing searched
        return render(request, "web/search/results.html", {"form": SearchForm(), "searched": False})
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "web/search/results.html", {"form": form, "searched": False})
    typed = form.cleaned_data["q"]
    case = case_with_reference(user, typed)
    if case is not None:
        access_log_record(actor=user, verb=AccessVerb.VIEW, case=case, target="search", payload={"query": typed})
        return redirect("web:case_detail", ref=case.ref)
    found = search(user, typed)
    paginator = Paginator(found.ids, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    shown = search_page_cases(list(page_obj.object_list))
    page_obj.object_list = shown  # type: ignore[assignment]  # the page's cases, read by id
    access_log_page(
        actor=user,
        target="search",
        cases=[row.ref for row in shown],
        payload={"query": found.query, "page": page_obj.number},
    )
    return render(
        request,
        "web/search/results.html",
        {
            "form": form,
            "query": found.query,
            "searched": True,
            "dob": found.dob,
            "more": found.more,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
            "query_string": urlencode({"q": found.query}) + "&",
            # The rows by Jinja2 (web/jinja2/web/tables/, decisions 0033 and 0057).
            "rows": rows_html("web/tables/search_rows.html", cases=shown),
        },
    )
