"""`casequality evidence-pack --framework hmip-youth-2025 --out DIR`: what a service sends
HMIP before fieldwork, filled from its record (casequality/reports/evidence_pack.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.selectors import service_for_command
from casequality.cases.models import Case
from casequality.cases.selectors import case_documents
from casequality.cases.signals import case_records_accessed_send
from casequality.reports.evidence_pack import evidence_pack_write
from casequality.reports.selectors import evidence_activity_read, evidence_staff_read, kpis_for_cases


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date like 2026-04-01") from None


class Command(BaseCommand):
    help = (
        "Write the evidence a service sends the inspectorate before fieldwork: case lists for sampling, the "
        "organisational figures the record gives (caseload by disposal, staff and caseloads, oversight and audit "
        "activity, the KPIs), a narrative template with the figures in place, and a README of what to add by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, help="a framework with a sampling section (hmip-youth-2025)")
        parser.add_argument("--out", required=True, help="the directory to write the pack into")
        parser.add_argument("--service", help="service code (needed when the database holds several)")
        parser.add_argument(
            "--as-of", dest="as_of", help="the day the caseload and case lists are read (default today)"
        )
        parser.add_argument(
            "--from", dest="start", help="first day of the activity period (default a year before --as-of)"
        )
        parser.add_argument("--to", dest="end", help="last day of the activity period (default --as-of)")
        parser.add_argument("--no-kpis", action="store_true", help="leave the KPIs out")

    def handle(self, *args, **options):
        try:
            framework = framework_get(options["framework"])
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None
        if framework.sampling is None:
            raise CommandError(f"The framework {framework.id} has no sampling section: no evidence pack for it")
        service = service_for_command(options["service"])
        as_of = _day("--as-of", options["as_of"]) or timezone.localdate()
        end = _day("--to", options["end"]) or as_of
        start = _day("--from", options["start"]) or end - timedelta(days=364)
        if end < start:
            raise CommandError(f"--to {end} is before --from {start}")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file, not a directory")
        cases = Case.objects.filter(service=service)
        with transaction.atomic():
            kpis = (
                None
                if options["no_kpis"]
                else kpis_for_cases(cases, services=[service], start=start, end=end, as_of=as_of)
            )
            pack = evidence_pack_write(
                service=service,
                framework=framework,
                out=out,
                as_of=as_of,
                start=start,
                end=end,
                cases=(document for _, document in case_documents(cases)),
                staff=evidence_staff_read(service),
                activity=evidence_activity_read(service, start=start, end=end),
                kpis=kpis,
            )
            case_records_accessed_send(
                sender=Case,
                verb="export",
                service=service,
                target=f"evidence pack {framework.id} as of {as_of}",
                actor_name="casequality evidence-pack",
                payload={"out": str(out), "files": pack.files},
            )
        self.stdout.write(f"Evidence pack for {service.name} written to {out}: {', '.join(pack.files)}")
