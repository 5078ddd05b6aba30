"""`casequality createuser USERNAME --role ROLE`: a Casequality account, the first admin included.

There is no superuser (`createsuperuser` is refused by the database): a service's first
administrator is made here with the admin role, then manages everyone else in Django admin.
"""
from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casequality.accounts.models import Role
from casequality.accounts.signin import user_create
from casequality.cases.models import Service


class Command(BaseCommand):
    help = ("Create a Casequality account with a role (the first administrator: --role admin). The password is "
            "asked twice, or read from standard input with --password-stdin; it must pass the password rules. "
            "The person sets up their authenticator app at their first sign-in.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--service", metavar="CODE", help="the person's service (needed unless --role admin)")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args, username: str, role: str, service: str | None, password_stdin: bool, **options):
        chosen = None
        if service:
            chosen = Service.objects.filter(code=service).first()
            if chosen is None:
                raise CommandError(f"No service with the code {service!r}")
        elif role != Role.ADMIN:
            raise CommandError("Give the person's service with --service CODE")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The two passwords are not the same")
        try:
            user = user_create(username=username, role=role, service=chosen, password=password,
                               actor_name="casequality createuser (cli)")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Created {user.username} ({Role(role).label}). They set up their authenticator app "
                          "at their first sign-in.")
