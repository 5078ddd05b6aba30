"""The rulebook and this service's settings; a QA lead changes a parameter or switches a rule off."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casequality.accounts.permissions import page_permission
from casequality.cases.models import Service
from casequality.standards.models import ParameterSetting, RuleSetting
from casequality.standards.rulebook import RulebookError
from casequality.standards.services import parameter_setting_change, rule_setting_change
from casequality.web.dates import govuk_date, govuk_datetime
from casequality.web.forms import ParameterDateForm, ParameterSettingForm, RuleSettingForm
from casequality.web.jinja_env import rows_html
from casequality.web.rulebook import rule_standards, rulebook_parameters, rulebook_rules, service_standards


@page_permission("standards.view_rulebook")
def rulebook(request: HttpRequest) -> HttpResponse:
    service = request.user.service
    rule_settings = {s.rule: s for s in RuleSetting.objects.filter(service=service)} if service else {}
    parameter_settings = {p.name: p for p in ParameterSetting.objects.filter(service=service)} if service else {}
    # Each standard with the service's values: the settings just read, no other read.
    standards = rule_standards((name, p.value) for name, p in parameter_settings.items())
    rules = []
    for rule in rulebook_rules():
        setting = rule_settings.get(rule.get("id"))
        # A rule whose severity a service may choose (CMP-002) shows the service's choice.
        chosen = parameter_settings.get(rule.get("severity_parameter") or "")
        severity = chosen.value if chosen is not None else rule.get("severity")
        rules.append(
            dict(
                rule,
                setting=setting,
                enabled=setting is None or setting.enabled,
                severity=severity,
                standard_words=standards.get(rule.get("id"), rule.get("standard")),
            )
        )
    parameters = []
    for parameter in rulebook_parameters():
        setting = parameter_settings.get(parameter.get("name"))
        parameters.append(dict(parameter, setting=setting))
    may_change = request.user.has_perm("standards.change_rulebook")
    # The tables by Jinja2 (decision 0033): Django's template language cost most of the
    # page's time on their 58 rules and 31 parameters. Each family's rules as they come.
    families = [(family, list(group)) for family, group in groupby(rules, key=lambda rule: rule.get("family"))]
    return render(
        request,
        "web/rulebook/rulebook.html",
        {
            "service": service,
            "tables": rows_html(
                "web/rulebook/tables.html", families=families, parameters=parameters, may_change=may_change
            ),
        },
    )


def setting_version(setting: RuleSetting | ParameterSetting | None) -> str:
    """The version of a service's setting a person reads: when it was last changed ("default": never)."""
    return setting.changed_at.isoformat() if setting is not None else "default"


def _locked(service: Service, settings: QuerySet):
    """The setting as it is now, read with the service's row locked: two changes of one
    service's settings are made one at a time, each against what the other left."""
    list(Service.objects.select_for_update().filter(pk=service.pk).values_list("pk", flat=True))
    return settings.first()


def _stale(form, setting, what: str) -> None:
    if setting is not None:
        when = govuk_datetime(setting.changed_at)
        form.add_error(
            None,
            f"{what} was changed by {setting.changed_by or 'someone'} on {when}, after you opened "
            "this page: nothing was saved. Check the value now, then save again",
        )
    else:
        form.add_error(
            None,
            f"{what} was changed after you opened this page: nothing was saved. Check the value now, then save again",
        )
    _version_now(form, setting, refused=False)


def _version_now(form, setting, *, refused: bool = True) -> None:
    """The refused form carries the version there is now, so that the person can save against it."""
    if refused and not form.has_error(NON_FIELD_ERRORS, "missing_version"):
        return
    form.data = form.data.copy()
    form.data["version"] = setting_version(setting)


def _rule(rule_id: str) -> dict:
    for rule in rulebook_rules():
        if rule.get("id") == rule_id:
            return rule
    raise Http404("No such rule")


def _parameter(name: str) -> dict:
    for parameter in rulebook_parameters():
        if parameter.get("name") == name:
            return parameter
    raise Http404("No such parameter")


@page_permission("standards.change_rulebook")
def rule_change(request: HttpRequest, rule_id: str) -> HttpResponse:
    rule = _rule(rule_id)
    service = request.user.service
    if service is None:
        raise Http404("No service")
    setting = RuleSetting.objects.filter(service=service, rule=rule_id).first()
    rule = dict(rule, standard_words=service_standards(service.pk).get(rule_id, rule.get("standard")))
    initial = {"enabled": "on" if setting is None or setting.enabled else "off", "version": setting_version(setting)}
    form = RuleSettingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["enabled"] == "on"
        with transaction.atomic():
            setting = _locked(service, RuleSetting.objects.filter(service=service, rule=rule_id))
            if setting_version(setting) == form.cleaned_data["version"]:
                rule_setting_change(
                    service=service,
                    rule=rule_id,
                    enabled=enabled,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(request, f"Rule {rule_id} is now {'on' if enabled else 'off'} for {service.name}")
                return redirect("web:rules")
        _stale(form, setting, f"Rule {rule_id}")
    elif request.method == "POST":
        _version_now(form, setting)
    return render(request, "web/rulebook/rule_change.html", {"rule": rule, "form": form, "setting": setting})


def parameter_problem(default) -> str:
    """The GOV.UK error message for a value not of the parameter's kind."""
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return f"Enter a number of 0 or more, like {default}"
    return f"Enter a value of the same kind as the default, {default}"


@page_permission("standards.change_rulebook")
def parameter_change(request: HttpRequest, name: str) -> HttpResponse:
    parameter = _parameter(name)
    service = request.user.service
    if service is None:
        raise Http404("No service")
    setting = ParameterSetting.objects.filter(service=service, name=name).first()
    current = setting.value if setting is not None else parameter.get("default")
    is_date = name.endswith("_in_use_from")  # the rulebook's date parameters (standards/rulebook.py)
    form = (ParameterDateForm if is_date else ParameterSettingForm)(
        request.POST if request.method == "POST" else None,
        initial={"value": current, "version": setting_version(setting)},
    )
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["value"]
        with transaction.atomic():
            setting = _locked(service, ParameterSetting.objects.filter(service=service, name=name))
            if setting_version(setting) == form.cleaned_data["version"]:
                try:
                    parameter_setting_change(
                        service=service, name=name, value=value, reason=form.cleaned_data["reason"], actor=request.user
                    )
                except RulebookError:
                    form.add_error("value", parameter_problem(parameter.get("default")))
                else:
                    shown = govuk_date(value) if is_date else value
                    messages.success(request, f"{parameter.get('description')} is now {shown} for {service.name}")
                    return redirect("web:rules")
            else:
                _stale(form, setting, name)
    elif request.method == "POST":
        _version_now(form, setting)
    return render(
        request,
        "web/rulebook/parameter_change.html",
        {
            "parameter": parameter,
            "form": form,
            "setting": setting,
            "is_date": is_date,
        },
    )
