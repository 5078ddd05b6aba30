"""`casequality subject-access CASE --out FILE`: everything held about one child, as JSON and PDF."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.privacy.management.commands._case import case_argument, case_from_options
from casequality.privacy.pdf import subject_access_pdf
from casequality.privacy.selectors import subject_access_document


class Command(BaseCommand):
    help = (
        "Write everything Casequality holds about one child (the record, findings and their notes, "
        "self-audits, audit answers and every access-log entry about the case) to FILE as JSON, and "
        "beside it the same as a readable PDF (FILE with .pdf). The export is itself access-logged."
    )

    def add_arguments(self, parser):
        case_argument(parser)
        parser.add_argument("--out", required=True, help="the JSON file to write (the PDF goes beside it)")

    def handle(self, *args, **options):
        case = case_from_options(options)
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"No folder {out.parent} to write {out.name} into")
        access_log_record(
            actor=None,
            actor_name="casequality subject-access (cli)",
            verb=AccessVerb.SUBJECT_ACCESS,
            case=case,
            target=str(out)[:200],
        )
        document = subject_access_document(case)
        out.write_text(json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False), encoding="utf-8")
        pdf = out.with_suffix(".pdf")
        pdf.write_bytes(subject_access_pdf(document))
        self.stdout.write(f"Wrote {out} and {pdf}: case {case.ref}, {len(document['access_log'])} access-log entries.")
