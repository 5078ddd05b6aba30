"""`casequality demo-data`: write a synthetic caseload as an interchange file.

The command's module is `commands/demo-data.py` (Django names a command after its
module); the class lives here so that it can be imported by an ordinary name.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casequality.demo.generator import DEFAULT_AS_OF, DEFAULT_SEED, DEFAULT_SERVICE, FORMAT, FORMATS, write_caseload


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2013-06-17") from None


class Command(BaseCommand):
    help = (
        "Write a synthetic youth offending service caseload in the interchange format: "
        "casequality demo-data --cases N --seed S --out FILE [--as-of DATE]. The same "
        "arguments always give the same file. No record is dated after the as-of date "
        f"(default {DEFAULT_AS_OF.isoformat()}, the first day of the 2013 inspection's fieldwork)."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300, help="how many cases (default 300)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--out", required=True, help="the file to write ('-' for standard output)")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            type=iso_date,
            default=DEFAULT_AS_OF,
            help=f"the caseload's 'today' (default {DEFAULT_AS_OF.isoformat()})",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help="processes generating cases in parallel; the output is the same "
            "(default: one per CPU core from 2,000 cases, else 1)",
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default=FORMAT,
            help=f"the interchange format (default {FORMAT}; casequality/1 leaves out today's record)",
        )
        parser.add_argument("--service-code", default=DEFAULT_SERVICE["code"])
        parser.add_argument("--service-name", default=DEFAULT_SERVICE["name"])

    def handle(self, *args, **options):
        cases, jobs = options["cases"], options["jobs"]
        if cases < 0:
            raise CommandError("--cases must be 0 or more")
        if jobs < 0:
            raise CommandError("--jobs must be 1 or more (0: automatic)")
        if jobs == 0:
            jobs = (os.cpu_count() or 1) if cases >= 2000 else 1
        service = {"code": options["service_code"], "name": options["service_name"]}
        started = time.perf_counter()
        out = options["out"]
        if out == "-":
            written = write_caseload(
                sys.stdout.buffer,
                cases=cases,
                seed=options["seed"],
                as_of=options["as_of"],
                service=service,
                jobs=jobs,
                fmt=options["fmt"],
            )
            sys.stdout.buffer.flush()
            return
        path = Path(out)
        if path.parent and not path.parent.exists():
            raise CommandError(f"No directory {path.parent}")
        partial = path.with_name(path.name + ".partial")
        try:
            with open(partial, "wb", buffering=1 << 20) as handle:
                written = write_caseload(
                    handle,
                    cases=cases,
                    seed=options["seed"],
                    as_of=options["as_of"],
                    service=service,
                    jobs=jobs,
                    fmt=options["fmt"],
                )
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        seconds = time.perf_counter() - started
        self.stderr.write(
            f"Wrote {written.cases} cases and {written.staff} staff ({written.bytes / 1e6:.1f} MB) to {path} "
            f"in {seconds:.1f} s (as of {options['as_of'].isoformat()}, seed {options['seed']})."
        )
