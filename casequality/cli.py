"""The `casequality` console command: Django's management commands under one name."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
    if args[:1] == ["demo"] and not os.environ.get("DATABASE_URL"):
        # The demo builds its own database, never the working one (settings read this at import).
        os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(os.getcwd(), "demo.sqlite3")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["casequality", *args])


if __name__ == "__main__":
    main()
