"""`casequality audit load FILE` and `casequality audit list`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from casequality.audits.models import Audit
from casequality.audits.results import audit_results
from casequality.audits.services import AuditError, audit_load_file


class Command(BaseCommand):
    help = "Case audits: load an answers file (casequality-audit/1), list audits, show one's figures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,list,show,recheck}")
        load = sub.add_parser("load", help="create an audit from an answers file; prints its id last")
        load.add_argument("file")
        sub.add_parser("list", help="every audit with its id")
        show = sub.add_parser("show", help="an audit's figures per question")
        show.add_argument("audit", type=int)
        sub.add_parser(
            "recheck",
            help="answers given before the form's fix to questions whose fields collided "
            "with a neighbour's (decision 0032), for the inspectors to recheck",
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _load(self, file, **options):
        try:
            audit = audit_load_file(file)
        except AuditError as exc:
            raise CommandError("\n".join([str(exc), *exc.problems])) from None
        answers = audit.cases.values("answers").count()
        self.stdout.write(
            f"Loaded {audit.framework} audit {audit.title!r} of {audit.service.code}: "
            f"{audit.cases.count()} cases, {answers} answers"
        )
        self.stdout.write(str(audit.id))

    def _list(self, **options):
        audits = (
            Audit.objects.select_related("service", "report")
            .annotate(n_cases=Count("cases", filter=Q(cases__reserve=False), distinct=True))
            .order_by("id")
        )
        if not audits:
            self.stdout.write("No audits yet.")
        for a in audits:
            report = getattr(a, "report", None)
            status = report.status if report is not None else "draft"
            self.stdout.write(f"{a.id}\t{a.service.code}\t{a.framework}\t{a.n_cases} cases\t{status}\t{a.title}")

    def _show(self, audit, **options):
        try:
            results = audit_results(Audit.objects.get(id=audit))
        except Audit.DoesNotExist:
            raise CommandError(f"No audit {audit} (see casequality audit list)") from None
        self.stdout.write(f"{results.audit.title}: {results.cases} cases")
        for theme in results.themes:
            self.stdout.write(
                f"\n{theme.theme.id}. {theme.theme.title}: {theme.share.k} of {theme.share.n} "
                f"({theme.share.percent_text()})" + (f" - {theme.rating}" if theme.rating else "")
            )
            for q in theme.questions:
                self.stdout.write(
                    f"  {q.question.id}\t{q.share.k}/{q.share.n}\t{q.share.percent_text()}\t"
                    f"{q.share.interval_text()}\t{q.share.words or 'no applicable cases'}"
                )

    def _recheck(self, **options):
        from casequality.accounts.models import AccessVerb
        from casequality.accounts.services import access_log_record
        from casequality.audits.recheck import rechecks_of

        rechecks = rechecks_of(Audit.objects.select_related("service").order_by("id"))
        # The list names children's cases by reference: one entry for what was shown.
        access_log_record(
            actor=None,
            verb=AccessVerb.VIEW,
            target="audit recheck",
            actor_name="casequality audit recheck",
            payload={"cases": sorted({i.case_ref for r in rechecks for i in r.to_recheck})},
        )
        pending = [r for r in rechecks if r.to_recheck]
        if not pending:
            self.stdout.write(
                "No answers to recheck."
                + (
                    f" ({sum(len(r.items) for r in rechecks)} flagged answers have been saved again since.)"
                    if rechecks
                    else ""
                )
            )
            return
        for r in pending:
            self.stdout.write(
                f"Audit {r.audit.id} ({r.audit.service.code}, {r.audit.framework}) {r.audit.title}: "
                f"{len(r.to_recheck)} answers to recheck"
            )
            for item in r.to_recheck:
                marker = "second marker" if item.moderation else "inspector"
                self.stdout.write(
                    f"  case {item.case_ref}\tquestion {item.question}\tmay have been recorded against "
                    f"{', '.join(item.neighbours)}\t{marker}: {item.inspector or 'not assigned'}"
                )
