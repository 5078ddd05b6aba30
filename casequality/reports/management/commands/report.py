"""`casequality report AUDIT --format html|pdf --out FILE [--compare OTHER]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.audits.models import Audit
from casequality.reports.services import ReportError, compare_document_html, html_to_pdf, report_document_html


def _audit(audit_id: int) -> Audit:
    try:
        return Audit.objects.select_related("service").get(id=audit_id)
    except Audit.DoesNotExist:
        raise CommandError(f"No audit {audit_id} (see casequality audit list)") from None


class Command(BaseCommand):
    help = "Write an audit's inspection report as HTML or PDF (the published text if it is published)."

    def add_arguments(self, parser):
        parser.add_argument("audit", type=int, help="the audit's id (casequality audit list)")
        parser.add_argument("--format", choices=["html", "pdf"], default="html")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--compare",
            type=int,
            metavar="OTHER",
            help="instead, compare AUDIT with audit OTHER of the same framework, side by side",
        )

    def handle(self, *args, audit, format, out, compare=None, **options):
        first = _audit(audit)
        try:
            html = compare_document_html(first, _audit(compare)) if compare else report_document_html(first)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        # A report names the cases of its sample: each is an access-log entry, before the file is written.
        audits = [first, _audit(compare)] if compare else [first]
        with transaction.atomic():
            for one in audits:
                for ref in sorted(set(one.cases.values_list("case__ref", flat=True))):
                    access_log_record(
                        actor=None,
                        verb=AccessVerb.EXPORT,
                        service=one.service,
                        case_ref=ref,
                        target=f"report of audit {one.pk} ({format})",
                        actor_name="casequality report",
                        payload={"file": Path(out).name},
                    )
        path = Path(out)
        try:
            if format == "pdf":
                path.write_bytes(html_to_pdf(html))
            else:
                path.write_text(html, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"--out: cannot write {out} ({exc.strerror})") from None
        self.stdout.write(f"Wrote {path} ({path.stat().st_size} bytes)")
