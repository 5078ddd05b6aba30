"""`casequality sample`: draw an audit sample from the stored cases (nothing is stored)."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.sampling import (
    CHILDREN_STRATA,
    STRATA,
    VICTIM_STRATA,
    SamplingError,
    children_long_list_read,
    long_list_read,
    sample_draw,
    sample_text,
    sampling_window,
    seed_new,
    victims_long_list_read,
)
from casequality.audits.selectors import service_for_command


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date like 2013-06-17") from None


class Command(BaseCommand):
    help = (
        "Draw a stratified random sample of stored cases for an audit and show its analysis. "
        "The same cases and seed always give the same sample."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            help="number of cases to audit (optional with --framework: its size rule sets it from the caseload)",
        )
        parser.add_argument(
            "--framework", help="a framework with a sampling section (hmip-youth-2025): its strata, size rule and cap"
        )
        parser.add_argument(
            "--population",
            choices=["children", "victims"],
            default="children",
            help="with --framework: sample children's cases or victims' cases (default children)",
        )
        parser.add_argument(
            "--buffer", type=float, default=0, help="reserve cases, as a percentage of the size (default 0)"
        )
        parser.add_argument("--seed", type=int, help="random seed (default: a new one, printed)")
        parser.add_argument(
            "--max-per-case-manager", type=int, help="cap per case manager (default the framework's, else 6)"
        )
        parser.add_argument("--as-of", help="date the window is counted back from (default today)")
        parser.add_argument(
            "--min-weeks",
            type=int,
            default=4,
            help="orders must have started at least this many weeks before the as-of date (default 4)",
        )
        parser.add_argument(
            "--max-months", type=int, default=3, help="... and at most this many months before it (default 3)"
        )
        parser.add_argument("--service", help="service code (needed when the database holds several)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        service = service_for_command(options["service"])
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        seed = options["seed"] if options["seed"] is not None else seed_new()
        if options["min_weeks"] < 0 or options["max_months"] < 1:
            raise CommandError("--min-weeks must be 0 or more and --max-months 1 or more")
        window = sampling_window(as_of, min_weeks=options["min_weeks"], max_months=options["max_months"])
        if window.earliest > window.latest:
            raise CommandError(
                f"The window is empty: {options['max_months']} months before {as_of} is after "
                f"{options['min_weeks']} weeks before it"
            )
        size, cap = options["size"], options["max_per_case_manager"]
        try:
            if options["framework"]:
                framework = framework_get(options["framework"])
                if framework.sampling is None or options["population"] not in framework.sampling.sizes:
                    raise CommandError(
                        f"The framework {framework.id} has no sampling rule for {options['population']}' cases".replace(
                            "children'", "children's"
                        )
                    )
                victims = options["population"] == "victims"
                read = victims_long_list_read if victims else children_long_list_read
                sample = sample_draw(
                    read(service=service, as_of=as_of, window=window),
                    size=size,
                    as_of=as_of,
                    seed=seed,
                    buffer=options["buffer"],
                    max_per_case_manager=cap or framework.sampling.max_per_case_manager,
                    window=window,
                    strata=VICTIM_STRATA if victims else CHILDREN_STRATA,
                    size_rule=framework.sampling.sizes[options["population"]],
                    framework=framework.id,
                    population=options["population"],
                )
            else:
                if size is None:
                    raise CommandError("--size is needed without --framework")
                sample = sample_draw(
                    long_list_read(service=service, as_of=as_of, window=window),
                    size=size,
                    as_of=as_of,
                    seed=seed,
                    buffer=options["buffer"],
                    max_per_case_manager=cap or 6,
                    window=window,
                    strata=STRATA,
                )
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None
        except SamplingError as exc:
            raise CommandError(str(exc)) from None
        # Every case the output names (drawn, reserve or excluded) is an access-log entry,
        # written before anything is shown: a sample shows children's records.
        with transaction.atomic():
            for ref in sorted({c.case for c in sample.cases} | {c.case for c, _reason in sample.excluded}):
                access_log_record(
                    actor=None,
                    verb=AccessVerb.SAMPLE,
                    service=service,
                    case_ref=ref,
                    target="casequality sample",
                    actor_name="casequality sample",
                    payload={
                        "seed": seed,
                        "as_of": as_of.isoformat(),
                        "framework": options["framework"] or "",
                        "population": options["population"],
                    },
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(sample.as_dict(), indent=2))
        else:
            self.stdout.write(sample_text(sample))
