"""`casequality kpis`: the YJB's key performance indicators and the national indicators for
a period, counted from the stored case records (docs/decisions/0017-kpi-readings.md)."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.cases.csvfile import csv_dict_writer
from casequality.cases.models import Case, Service
from casequality.cases.signals import case_records_accessed_send
from casequality.reports.selectors import kpis_for_cases

CSV_COLUMNS = ["kpi", "measure", "name", "numerator", "denominator", "rate", "unit", "data_quality", "source"]


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date like 2026-04-01") from None


def csv_rows(kpis) -> list[dict]:
    """One row per KPI, then one per sub-measure (with its KPI's id in `kpi`)."""
    rows = []
    for kpi in kpis:
        rows.append(
            {
                "kpi": kpi.id,
                "measure": kpi.id,
                "name": kpi.name,
                "numerator": kpi.numerator,
                "denominator": kpi.denominator,
                "rate": kpi.rate,
                "unit": kpi.unit,
                "data_quality": " | ".join(kpi.data_quality),
                "source": kpi.source,
            }
        )
        for sub in kpi.sub_measures:
            rows.append(
                {
                    "kpi": kpi.id,
                    "measure": sub.id,
                    "name": sub.name,
                    "numerator": sub.numerator,
                    "denominator": sub.denominator,
                    "rate": sub.rate,
                    "unit": "share",
                    "data_quality": "",
                    "source": kpi.source,
                }
            )
    return rows


class Command(BaseCommand):
    help = (
        "The YJB's ten key performance indicators and the national indicators (first-time entrants, "
        "reoffending, custody) for a period, from the stored case records: each with its numerator, "
        "denominator, rate, definition, source, missing data and sub-measures. JSON also names the cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="the first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", required=True, help="the last day (YYYY-MM-DD)")
        parser.add_argument("--service", help="the code of one service; default every service")
        parser.add_argument("--as-of", dest="as_of", help="read as of this day (YYYY-MM-DD); default today")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, start, end, service=None, as_of=None, format="json", **options):
        start_day, end_day = _day("--from", start), _day("--to", end)
        if end_day < start_day:
            raise CommandError(f"--to {end} is before --from {start}")
        as_of_day = _day("--as-of", as_of) or timezone.localdate()
        services = Service.objects.order_by("code")
        if service:
            services = services.filter(code=service)
            if not services.exists():
                raise CommandError(f"No service {service}")
        services = list(services)
        cases = Case.objects.filter(service__in=services)
        with transaction.atomic():
            kpis = kpis_for_cases(cases, services=services, start=start_day, end=end_day, as_of=as_of_day)
            for one in services:
                case_records_accessed_send(
                    sender=Case,
                    verb="export",
                    service=one,
                    target=f"kpis {start_day}..{end_day}",
                    actor_name="casequality kpis",
                    payload={"service": one.code, "format": format},
                )
            if format == "json":
                # JSON names the cases behind each figure: each is an access-log entry of its
                # own, so that the log's search and a subject access find it.
                named = {ref for kpi in kpis for refs in kpi.case_refs.values() for ref in refs}
                by_service = {one.pk: one for one in services}
                for ref, service_id in (
                    cases.filter(ref__in=named).values_list("ref", "service_id").order_by("service_id", "ref")
                ):
                    access_log_record(
                        actor=None,
                        verb=AccessVerb.EXPORT,
                        service=by_service[service_id],
                        case_ref=ref,
                        target=f"kpis {start_day}..{end_day}: a case named",
                        actor_name="casequality kpis",
                        payload={"format": format},
                    )
        if format == "csv":
            writer = csv_dict_writer(self.stdout, CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(csv_rows(kpis))
        else:
            self.stdout.write(json.dumps([kpi.as_dict() for kpi in kpis], indent=2))
