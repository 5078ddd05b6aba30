"""The `casequality` console command: Django's management commands under one name."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
    if args[:1] == ["demo"]:
        # The demo holds no real child: it runs without a SECRET_KEY of its own (settings).
        os.environ.setdefault("CASEQUALITY_DEMO", "true")
    if args[:1] == ["demo"] and not os.environ.get("DATABASE_URL"):
        # The demo builds its own database, never the working one (settings read this at import).
        os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(os.getcwd(), "demo.sqlite3")
    from django.core.management import execute_from_command_line

    from django.core.exceptions import ImproperlyConfigured

    from casequality.errors import CasequalityError

    try:
        execute_from_command_line(["casequality", *args])
    except (CasequalityError, ImproperlyConfigured) as error:
        # A command that lets a user-facing error through (or meets a setting that is
        # missing or wrong) still ends as a command should: its message, exit status 1.
        print(f"Error: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
