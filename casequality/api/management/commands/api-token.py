"""`casequality api-token create|list|revoke`: the tokens of integrations (docs/api.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casequality.api.selectors import api_tokens
from casequality.api.services import TokenError, api_token_create, api_token_revoke
from casequality.cases.models import Service


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = (
        "Make, list and revoke the tokens with which case management systems use the API "
        "(/api/v1/). A token belongs to one service; it is shown once, when it is made."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="make a token; prints it alone on the last line (shown once)")
        create.add_argument("--service", required=True, help="the code of the service the token may use")
        create.add_argument("--name", required=True, help="the integration's name, unique in the service")
        listing = actions.add_parser("list", help="every token: service, name, prefix, made, last used, revoked")
        listing.add_argument("--service", help="only this service's tokens")
        revoke = actions.add_parser("revoke", help="refuse a token from now on")
        revoke.add_argument("name", help="the integration's name")
        revoke.add_argument("--service", help="the service's code, where services share the name")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _service(self, code: str | None) -> Service | None:
        return None if code is None else self._service_of(code)

    def _service_of(self, code: str) -> Service:
        try:
            return Service.objects.get(code=code)
        except Service.DoesNotExist:
            raise CommandError(f"No service {code!r}") from None

    def _create(self, *, service: str, name: str, **options):
        try:
            record, token = api_token_create(service=self._service_of(service), name=name)
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Token {record.name!r} for service {record.service.code}. It is shown once: keep it "
            "secret, and send it as 'Authorization: Bearer TOKEN'."
        )
        self.stdout.write(token)

    def _list(self, *, service: str | None = None, **options):
        rows = api_tokens(service=self._service(service))
        if not rows:
            self.stdout.write("No tokens.")
            return
        self.stdout.write(f"{'SERVICE':10} {'NAME':30} {'PREFIX':10} {'MADE':16} {'LAST USED':16} REVOKED")
        for t in rows:
            self.stdout.write(
                f"{t.service.code:10} {t.name:30} {t.prefix:10} {_when(t.created_at):16} "
                f"{_when(t.last_used_at):16} {_when(t.revoked_at)}"
            )

    def _revoke(self, *, name: str, service: str | None = None, **options):
        found = list(api_tokens(service=self._service(service)).filter(name=name))
        if not found:
            raise CommandError(f"No token named {name!r}" + (f" in service {service}" if service else ""))
        if len(found) > 1:
            codes = ", ".join(t.service.code for t in found)
            raise CommandError(f"Services {codes} each have a token named {name!r}: say which with --service")
        token = api_token_revoke(token=found[0])
        self.stdout.write(f"Revoked token {token.name!r} of service {token.service.code}.")
