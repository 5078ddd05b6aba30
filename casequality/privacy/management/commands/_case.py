"""The CASE argument the data protection commands share: a reference, and a service where two share it."""

from __future__ import annotations

from django.core.management.base import CommandError

from casequality.cases.models import Case


def case_argument(parser) -> None:
    parser.add_argument("case", metavar="CASE", help="the case's reference")
    parser.add_argument("--service", help="the service's code, where two services use the reference")


def case_from_options(options) -> Case:
    cases = Case.objects.filter(ref=options["case"]).select_related("service")
    if options.get("service"):
        cases = cases.filter(service__code=options["service"])
    found = list(cases[:2])
    if not found:
        raise CommandError(
            f"No case {options['case']}" + (f" in service {options['service']}" if options.get("service") else "")
        )
    if len(found) > 1:
        raise CommandError(f"Two services have a case {options['case']}: name one with --service CODE")
    return found[0]
