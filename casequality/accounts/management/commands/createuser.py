"""`casequality createuser USERNAME --role ROLE`: a Casequality account, the first admin included.

There is no superuser (`createsuperuser` is refused by the database): a service's first
administrator is made here with the admin role and their service, then manages their
service's people in Django admin. `--role national_admin` makes an administrator of every
service (the only other way is `casequality national-admin grant`).
"""

from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casequality.accounts.models import Role
from casequality.accounts.services import national_admin_set
from casequality.accounts.signin import user_create
from casequality.cases.models import Service

NATIONAL_ADMIN = "national_admin"  # the administrator role with every service (User.national_admin)


class Command(BaseCommand):
    help = (
        "Create a Casequality account with a role (the first administrator: --role admin). The password is "
        "asked twice, or read from standard input with --password-stdin; it must pass the password rules. "
        "The person sets up their authenticator app at their first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            required=True,
            choices=[*Role.values, NATIONAL_ADMIN],
            help="national_admin: an administrator whose Django admin reaches every service",
        )
        parser.add_argument(
            "--service", metavar="CODE", help="the person's service (needed unless --role national_admin)"
        )
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args, username: str, role: str, service: str | None, password_stdin: bool, **options):
        chosen = None
        if service:
            chosen = Service.objects.filter(code=service).first()
            if chosen is None:
                raise CommandError(f"No service with the code {service!r}")
        elif role != NATIONAL_ADMIN:
            raise CommandError(
                "Give the person's service with --service CODE (an administrator manages the "
                "people of their service; one for every service is --role national_admin)"
            )
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The two passwords are not the same")
        try:
            with transaction.atomic():
                user = user_create(
                    username=username,
                    role=Role.ADMIN if role == NATIONAL_ADMIN else role,
                    service=chosen,
                    password=password,
                    actor_name="casequality createuser (cli)",
                )
                if role == NATIONAL_ADMIN:
                    user = national_admin_set(
                        username=username, granted=True, actor_name="casequality createuser (cli)"
                    )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        label = "National administrator" if role == NATIONAL_ADMIN else Role(role).label
        self.stdout.write(
            f"Created {user.username} ({label}). They set up their authenticator app at their first sign-in."
        )
