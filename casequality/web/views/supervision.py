"""Supervision sampling: a manager draws N of a case manager's cases and leaves an entry on each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import staff_for_user
from casequality.accounts.services import access_log_page, access_log_record
from casequality.oversight.models import SupervisionSample, SupervisionSampleCase
from casequality.oversight.selectors import samples_for_user
from casequality.oversight.services import (
    OversightError,
    manager_entry_record,
    manager_entry_version,
    supervision_sample_draw,
)
from casequality.web import versions
from casequality.web.forms import ManagerEntryForm, SampleForm


@page_permission("oversight.draw_sample")
def samples(request: HttpRequest) -> HttpResponse:
    """Earlier samples, and the form to draw a new one."""
    form = SampleForm(
        request.POST if request.method == "POST" else None, case_managers=staff_for_user(request.user).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            versions.lock(User, request.user.pk)  # one draw of a person's at a time
            problem = versions.refusal(request, _samples_version(request.user), "your samples")
            if problem:
                form.add_error(None, problem)
            else:
                try:
                    sample = supervision_sample_draw(
                        actor=request.user,
                        case_manager=form.cleaned_data["case_manager"],
                        size=form.cleaned_data["size"],
                    )
                except OversightError as error:
                    form.add_error("size", str(error))
                else:
                    messages.success(request, f"{sample.items.count()} cases drawn (seed {sample.seed})")
                    return redirect("web:supervision_sample", pk=sample.pk)
    return render(
        request,
        "web/supervision/samples.html",
        {
            "form": form,
            "samples": list(samples_for_user(request.user)[:50]),
            "version": _samples_version(request.user),
        },
    )


def _samples_version(user) -> str:
    """What the draw form is based on: the samples this person has drawn."""
    return versions.counted(SupervisionSample.objects.filter(drawn_by=user), "samples")


def _sample_for_user(user, pk: int):
    sample = samples_for_user(user).filter(pk=pk).first()
    if sample is None:
        raise Http404("No such sample")
    return sample


@page_permission("oversight.draw_sample")
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sample = _sample_for_user(request.user, pk)
    items = list(sample.items.select_related("case").prefetch_related("entries"))
    access_log_page(actor=request.user, target=f"supervision sample {sample.pk}", cases=[i.case for i in items])
    return render(request, "web/supervision/sample.html", {"sample": sample, "items": items})


@page_permission("oversight.draw_sample")
def sample_case(request: HttpRequest, pk: int, ref: str) -> HttpResponse:
    """One sampled case: the manager reads it (case page) and records a manager entry here."""
    sample = _sample_for_user(request.user, pk)
    item = get_object_or_404(
        SupervisionSampleCase.objects.select_related("case", "case__case_manager"), sample=sample, case__ref=ref
    )
    case = item.case
    if not request.user.has_perm("cases.manager_entry", case):
        raise PermissionDenied("cases.manager_entry")
    form = ManagerEntryForm(
        request.POST if request.method == "POST" else None, initial={"version": manager_entry_version(case, item)}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                manager_entry_record(
                    actor=request.user,
                    case=case,
                    text=form.cleaned_data["text"],
                    sample_item=item,
                    seen_version=form.cleaned_data["version"],
                )
            except OversightError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, f"Manager entry added to case {case.ref}")
                return redirect(reverse("web:supervision_sample", args=[sample.pk]))
        form.data = form.data.copy()
        form.data["version"] = manager_entry_version(case, item)  # what they now see, so that they can send it
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target=f"supervision sample {sample.pk}")
    return render(
        request,
        "web/supervision/sample_case.html",
        {
            "sample": sample,
            "item": item,
            "case": case,
            "form": form,
            "entries": list(item.entries.all()),
        },
    )
