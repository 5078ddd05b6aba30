"""`casequality export --out FILE`: write a service's cases as an interchange file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casequality.cases.models import Case, Service
from casequality.cases.selectors import interchange_export


class Command(BaseCommand):
    help = (
        "Export a service's cases as a case interchange file (format casequality/2, with Casequality's acts), with the "
        "service's staff. The file imports back unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--service", metavar="CODE", help="the service to export (needed only if the database holds several)"
        )
        parser.add_argument(
            "--case", metavar="ID", action="append", dest="case_refs",
            help="export only this case (repeat for several); default: every case of the service",
        )  # fmt: skip
        parser.add_argument("--out", metavar="FILE", required=True, help="the file to write, or - for standard output")

    def handle(self, *args: Any, service: str | None, case_refs: list[str] | None, out: str, **options: Any) -> None:
        chosen = self._service(service)
        if out == "-":
            count = self._export(sys.stdout, chosen, case_refs, "stdout")
        else:
            path = Path(out)
            if not path.parent.is_dir():
                raise CommandError(f"No directory {path.parent} to write {path.name} in")
            # Written beside the target and renamed at the end, so that a failed export
            # never leaves a half-written file where a good one is expected.
            handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    count = self._export(stream, chosen, case_refs, path.name)
                os.replace(partial, path)
            finally:
                if os.path.exists(partial):
                    os.unlink(partial)
            self.stdout.write(f"exported {count} cases of {chosen.code} to {path}")

    def _service(self, code: str | None) -> Service:
        if code is not None:
            try:
                return Service.objects.get(code=code)
            except Service.DoesNotExist:
                raise CommandError(f"No service {code}") from None
        services = list(Service.objects.order_by("code")[:2])
        if not services:
            raise CommandError("There is no service to export: import one first")
        if len(services) > 1:
            codes = ", ".join(Service.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"The database holds several services ({codes}): name one with --service")
        return services[0]

    def _export(self, stream: TextIO, service: Service, case_refs: list[str] | None, target: str) -> int:
        try:
            return interchange_export(
                stream, service=service, case_refs=case_refs, actor_name="casequality export (cli)", target=target
            )
        except Case.DoesNotExist as error:
            raise CommandError(str(error)) from None
