"""The team manager's oversight queue and the countersigning of one assessment or plan."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casequality.accounts.models import AccessVerb
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import case_get_for_user
from casequality.accounts.services import access_log_page, access_log_record
from casequality.cases.models import Assessment, Plan
from casequality.oversight.selectors import (
    findings_marked_for_review,
    oversight_countersigned_insufficient,
    oversight_queue,
)
from casequality.oversight.services import OversightError, item_countersign
from casequality.web.forms import CountersignForm
from casequality.standards.models import Finding
from casequality.web.rulebook import rule_metadata

ITEM_MODELS = {"assessment": Assessment, "plan": Plan}
PAGE_SIZE = 50


@page_permission("oversight.view_oversight")
def queue(request: HttpRequest) -> HttpResponse:
    """Open TM-owned findings (oldest due first), then approved items still insufficient."""
    # Page on the findings' ids alone, then read the page's rows with their cases: a QA
    # lead's queue over a whole service holds hundreds of thousands of findings.
    paginator = Paginator(oversight_queue(request.user).values_list("id", flat=True), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    ids = list(page_obj.object_list)
    rows = {f.id: f for f in Finding.objects.filter(id__in=ids).select_related("case", "case__case_manager")}
    page_obj.object_list = [rows[i] for i in ids if i in rows]
    insufficient = list(oversight_countersigned_insufficient(request.user)[:PAGE_SIZE])
    for_review = list(findings_marked_for_review(request.user)[:PAGE_SIZE])
    access_log_page(actor=request.user, target=f"oversight queue page {page_obj.number}",
                    cases=[row.case for row in (*page_obj.object_list, *insufficient, *for_review)])
    return render(request, "web/oversight/queue.html", {
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "query_string": "",
        "insufficient": insufficient,
        "for_review": for_review,
    })


@page_permission("oversight.view_oversight")
def item(request: HttpRequest, ref: str, kind: str, item_ref: str) -> HttpResponse:
    """One assessment or plan beside its findings, with countersign or return."""
    case = case_get_for_user(request.user, ref)
    if kind == "item":  # an OVS-004 finding names the request's subject by its ref alone
        for name, candidate in ITEM_MODELS.items():
            if candidate.objects.filter(case=case, ref=item_ref).exists():
                return redirect("web:oversight_item", ref=case.ref, kind=name, item_ref=item_ref)
        raise Http404("No such record")
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    obj = model.objects.select_related("author", "countersigned_by").filter(case=case, ref=item_ref).first()
    if obj is None:
        raise Http404("No such record")
    if not request.user.has_perm("cases.countersign", case):
        raise PermissionDenied("cases.countersign")
    form = CountersignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item_countersign(actor=request.user, item=obj, outcome=form.cleaned_data["outcome"],
                             comment=form.cleaned_data["comment"])
        except OversightError as error:
            form.add_error(None, str(error))
        else:
            done = "countersigned" if form.cleaned_data["outcome"] == "approved" else "returned to the case manager"
            messages.success(request, f"{kind.capitalize()} {obj.ref} of case {case.ref} has been {done}")
            return redirect(reverse("web:oversight"))
    findings = list(case.findings.filter(subject=obj.ref, subject_type=kind).order_by("resolved_on", "due", "id"))
    for finding in findings:
        finding.rule_info = rule_metadata(finding.rule)
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target=f"{kind} {obj.ref}")
    return render(request, "web/oversight/item.html", {
        "case": case, "kind": kind, "item": obj, "form": form,
        "open_findings": [f for f in findings if f.resolved_on is None],
        "resolved_findings": [f for f in findings if f.resolved_on is not None],
    })
