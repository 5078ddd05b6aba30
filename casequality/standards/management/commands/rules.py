"""`casequality rules`: every rule of the rulebook, its source, parameters and values."""

from __future__ import annotations

import textwrap
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casequality.cases.models import Service
from casequality.standards.rulebook import BASES, RulebookError
from casequality.standards.selectors import service_rulebook


def show(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "/".join(show(v) for v in value)
    return str(value)


class Command(BaseCommand):
    help = (
        "List every rule of the rulebook: id, severity, owner, title, source, the standard's words, "
        "and its parameters with their values. With --service, the service's own values and the "
        "rules it has switched off, with the reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--service", help="show this service's settings (its code)")

    def handle(self, *args: Any, service: str | None = None, **options: Any) -> None:
        svc = None
        if service:
            svc = Service.objects.filter(code=service).first()
            if svc is None:
                raise CommandError(f"No service {service}")
        try:
            rows = service_rulebook(service=svc)
        except RulebookError as error:
            raise CommandError(f"The rulebook settings of {service} are not valid: {error}") from None
        w = self.stdout.write
        w(f"Rulebook: {len(rows)} rules" + (f", as set for {svc.name} ({svc.code})" if svc else ", defaults") + ".")
        off = [r for r in rows if not r.enabled]
        if svc is not None:
            w(f"{len(off)} rule{'s' if len(off) != 1 else ''} switched off by the service.")
        family = None
        for row in rows:
            m = row.meta
            if m.family != family:
                family = m.family
                w(f"\n== {family}")
            state = "" if row.enabled else f"  [OFF: {row.reason}]"
            w(f"\n{m.id} ({m.severity}, {m.owner}) {m.title}{state}")
            w(f"  Source: {m.source}")
            dated = "undated" if m.source_date == "undated" else f"dated {m.source_date}"
            w(f"  Basis: {BASES.get(m.basis, 'not said')} ({dated})")
            for line in textwrap.wrap(m.standard, 86):
                w(f"  {line}")
            if m.quote:
                w(f'  Inspectors: "{m.quote}"')
            for name, value, default, source, since in row.parameters:
                changed = "" if value == default else f" (service's own value; default {show(default)})"
                w(f"  Parameter {name} = {show(value)}{changed} — {source}, {since}")
