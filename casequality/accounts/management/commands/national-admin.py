"""`casequality national-admin grant|revoke USERNAME`, `casequality national-admin list`.

The national administrator is an administrator whose Django admin reaches every service
(docs/security.md, "Who may grant what"). Only this command (and `createuser --role
national_admin`) grants it: no page or form can, so it takes someone who can run commands on
the server. Each grant and withdrawal is an access-log entry.
"""

from __future__ import annotations

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casequality.accounts.models import User
from casequality.accounts.services import national_admin_set


def _who() -> str:
    try:
        return f"casequality national-admin (cli, {getpass.getuser()})"
    except Exception:  # no login name in a container
        return "casequality national-admin (cli)"


class Command(BaseCommand):
    help = (
        "Grant (grant USERNAME) or withdraw (revoke USERNAME) the national administrator's reach over every "
        "service in Django admin, or list who holds it. The person must be an administrator. Access-logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args, action: str, username: str | None, **options):
        if action == "list":
            names = list(
                User.objects.filter(national_admin=True).order_by("username").values_list("username", "is_active")
            )
            for name, active in names:
                self.stdout.write(name + ("" if active else " (deactivated)"))
            self.stdout.write(f"{len(names)} national administrator(s).")
            return
        if not username:
            raise CommandError(f"Name the person: casequality national-admin {action} USERNAME")
        try:
            user = national_admin_set(username=username, granted=action == "grant", actor_name=_who())
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"{user.username} is {'now' if user.national_admin else 'no longer'} a national "
            "administrator (every service in Django admin). Logged in the access log."
        )
