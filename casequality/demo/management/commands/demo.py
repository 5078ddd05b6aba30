"""`casequality demo`: a fresh demo database with a synthetic caseload, one login per role,
and the web server.

The database is the one DATABASE_URL names; without it the `casequality` command points
Django at `demo.sqlite3` in the working directory (casequality/cli.py), never at the
working database. A database that already holds cases is left alone unless `--reset`.

The caseload is dated up to today by default (`--as-of` changes it): the web pages and
the rulebook judge cases as of today, so a caseload of 2013 would show every open order
as years overdue. Pass `--as-of 2013-06-17` together with the sweep's own `--as-of` for
the inspection-week picture of `casequality demo-data`.

The demo has a year of history (decision 0051): Casequality first checked the service
twelve months before the caseload's date and swept it every month since, on the record
as it stood each time (`demo.history`), so the board's quarters move; practice improves
over that year in the themes of the service's improvement plan and safeguarding slips
(`generator.tables.STORY`), and the plan (`demo.plan`) says what was done about it.
`--history-months 0` gives the demo without its year: one sweep as of the caseload's
date and no plan.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from casequality.cases.vocabulary.roles import Role
from casequality.demo.generator import DEFAULT_SEED, write_caseload
from casequality.demo.history import MONTHS, replay_sweeps, sweep_dates
from casequality.demo.management.datacommand import iso_date

PASSWORD = "demo"
# One login per role, named for it (case-manager, ..., admin).
LOGINS = tuple(role.value.replace("_", "-") for role in Role)


def database_label() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    host = settings.get("HOST") or "localhost"
    return f"{connection.vendor} database {settings['NAME']} on {host}"


class Command(BaseCommand):
    help = (
        "Build a fresh demo database (DATABASE_URL, else demo.sqlite3 here): migrate, generate and "
        "import a synthetic caseload, sweep it against the rulebook, create one login per role "
        f"(password '{PASSWORD}', for the demo only) and serve the site on 127.0.0.1:8000. Refuses a "
        "database that already holds cases unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300, help="how many cases (default 300)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--as-of", dest="as_of", type=iso_date, default=None, help="the caseload's 'today' (default: today)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete everything in the database first (it may hold other cases)"
        )
        parser.add_argument(
            "--history-months",
            dest="history_months",
            type=int,
            default=MONTHS,
            help=f"months of monthly sweeps before the caseload's date, and the improvement plan (default {MONTHS}; "
            "0: one sweep and no plan)",
        )
        parser.add_argument("--no-serve", dest="serve", action="store_false", help="do not start the web server")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)")

    def handle(
        self,
        *args,
        cases: int,
        seed: int,
        as_of: date | None,
        reset: bool,
        serve: bool,
        addrport: str,
        history_months: int = MONTHS,
        **options,
    ):
        if cases < 1:
            raise CommandError("--cases must be 1 or more")
        if not 0 <= history_months <= 60:
            raise CommandError("--history-months must be from 0 to 60")
        as_of = as_of or timezone.localdate()
        out = self.stdout.write
        label = database_label()
        held = self.cases_held()
        if held and not reset:
            raise CommandError(
                f"The database {label} already holds {held} case{'s' if held != 1 else ''}. The demo builds a fresh "
                "database: run `casequality demo --reset` to delete everything in it and start again, or set "
                "DATABASE_URL to an empty database."
            )
        started = time.perf_counter()
        out(f"Building the demo database in {label} ...")
        call_command("migrate", interactive=False, verbosity=0)
        if reset:
            call_command("flush", interactive=False, verbosity=0)

        from casequality.cases.services import interchange_import
        from casequality.cases.signals import case_record_changed
        from casequality.standards.tasks import on_case_record_changed

        with tempfile.TemporaryDirectory(prefix="casequality-demo-") as tmp:
            path = Path(tmp) / "demo-caseload.json"
            with open(path, "wb") as handle:
                write_caseload(handle, cases=cases, seed=seed, as_of=as_of, story=history_months > 0)
            # Without the import's own re-evaluation (standards/apps.py connects it): it
            # checks every case as of the clock's day, and the replay's sweeps of the months
            # before would then resolve those findings on a day before they were opened (a
            # plan of June shown "resolved on 7 December" of the year before). The replay and
            # the last sweep check every case, each as of its own day.
            case_record_changed.disconnect(dispatch_uid="standards-reevaluate")
            try:
                summary = interchange_import(path, actor_name="casequality demo")
            finally:
                case_record_changed.connect(on_case_record_changed, dispatch_uid="standards-reevaluate")
        out(
            f"Generated and imported {summary.cases} cases and {summary.staff} staff of "
            f"{summary.service.name}, dated up to {as_of.day} {as_of:%B %Y} (seed {seed})."
        )

        if "sweep" in get_commands():
            if history_months:
                self.replay(summary.service, as_of, history_months)
            call_command("sweep", as_of=as_of.isoformat(), no_progress=True, stdout=self.stdout)
        else:
            out("The rulebook sweep is not installed: no findings yet.")

        logins = self.create_logins(summary.service)
        if history_months:
            self.plan(summary.service, as_of)
        elapsed = time.perf_counter() - started
        self.print_logins(logins, addrport, elapsed)
        if serve:
            # The pages name static files by their hashed names (decision 0044): collected
            # here when they were not (`make install` does it too; unchanged files are skipped).
            if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
                call_command("collectstatic", interactive=False, verbosity=0)
            call_command("runserver", addrport, use_reloader=False)

    def replay(self, service, as_of: date, months: int) -> None:
        """The sweeps of the months before `as_of`, oldest first (`as_of`'s own is the
        sweep command's, which prints its summary)."""
        started = time.perf_counter()
        days = sweep_dates(as_of, months)[:-1]
        replay_sweeps(service, days, workers=os.cpu_count() or 1)
        self.stdout.write(
            f"Replayed {len(days)} monthly sweeps of the record as it stood on each date, the first check on "
            f"{days[0].day} {days[0]:%B %Y} ({time.perf_counter() - started:.0f} s); then today's:"
        )

    def plan(self, service, as_of: date) -> None:
        from casequality.accounts.models import User
        from casequality.demo.plan import build_plan

        users = {u.username: u for u in User.objects.filter(username__in=LOGINS)}
        actions = build_plan(service, as_of=as_of, logins=users)
        self.stdout.write(
            f"The improvement plan has {len(actions)} actions, with their updates and the board's comments."
        )

    @staticmethod
    def cases_held() -> int:
        from casequality.cases.models import Case

        if Case._meta.db_table not in connection.introspection.table_names():
            return 0
        return Case.objects.count()

    @staticmethod
    @transaction.atomic
    def create_logins(service) -> list[tuple[str, str]]:
        """One user per role, linked to the generated staff where the role has a caseload or
        team: the case manager with the largest caseload of the first team, and their team
        manager. Returns (username, description) pairs."""
        from casequality.accounts.models import DemoMark, User
        from casequality.cases.models import Staff, StaffRole

        DemoMark.objects.get_or_create(pk=1, defaults={"marked_by": "casequality demo"})

        staff = Staff.objects.filter(service=service)
        cm = (
            staff.filter(role=StaffRole.CASE_MANAGER)
            .annotate(n=Count("cases"))
            .order_by("team__name", "-n", "ref")
            .select_related("team", "manager")
            .first()
        )
        if cm is not None:
            first_team = (
                staff.filter(role=StaffRole.TEAM_MANAGER).order_by("ref").values_list("team", flat=True).first()
            )
            in_team = (
                staff.filter(role=StaffRole.CASE_MANAGER, team_id=first_team)
                .annotate(n=Count("cases"))
                .order_by("-n", "ref")
                .select_related("team", "manager")
                .first()
            )
            cm = in_team or cm
        tm = cm.manager if cm is not None else None
        qa = staff.filter(role=StaffRole.QA_LEAD).order_by("ref").first()
        inspector = staff.filter(role=StaffRole.INSPECTOR).order_by("ref").first()
        plan = (
            ("case-manager", Role.CASE_MANAGER, cm),
            ("team-manager", Role.TEAM_MANAGER, tm),
            ("qa-lead", Role.QA_LEAD, qa),
            ("inspector", Role.INSPECTOR, inspector),
            ("board", Role.BOARD, None),
            ("admin", Role.ADMIN, None),
        )
        linked = [s for _, _, s in plan if s is not None]
        User.objects.filter(staff__in=linked).exclude(username__in=LOGINS).update(staff=None)
        result = []
        for username, role, member in plan:
            user = User.objects.filter(username=username).first() or User(username=username)
            first, _, last = member.name.partition(" ") if member else (role.label, "", "")
            user.first_name, user.last_name = first, (last if member else "(demo)")
            user.role = role
            user.service = service
            user.staff = member
            user.team = member.team if member is not None else None
            user.is_active = True
            # The admin login has the admin role and nothing more; every demo login signs
            # in only while the database is marked demo (accounts/backends.py).
            user.is_staff = user.is_superuser = False
            user.is_demo_login = True
            user.set_password(PASSWORD)
            user.save()
            if member is None:
                what = (
                    "board member: aggregates only"
                    if role == Role.BOARD
                    else "administrator: users, services, teams and staff; no child's record"
                )
            else:
                team = f", {member.team.name} team" if member.team else ""
                load = ""
                if role == Role.CASE_MANAGER:
                    load = f" ({member.cases.count()} cases)"
                title = role.label if role.label.startswith("QA") else role.label.lower()
                what = f"{member.name}, {title}{team}{load}"
            result.append((username, what))
        return result

    def print_logins(self, logins: list[tuple[str, str]], addrport: str, elapsed: float) -> None:
        out = self.stdout.write
        url = f"http://{addrport}/"
        out("")
        out(f"The demo is ready ({elapsed:.0f} s). Open {url} and sign in as one of:")
        width = max(len(u) for u, _ in logins)
        for username, what in logins:
            out(f"  {username:<{width}}  {what}")
        out(
            f"Every password is '{PASSWORD}'. These logins and passwords are for this demo database only: "
            "never create them on a service's real database."
        )
        out(f"Django admin: {url}{settings.ADMIN_PATH} (sign in as admin: users, services, teams and staff).")
        out(
            "This database is marked as a demo database: the demo logins need no second factor here, and "
            "work nowhere else."
        )
