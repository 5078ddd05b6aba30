"""The `casequality` console command: Django's management commands under one name.

Every failure ends as a command should (decision 0029): a short message on stderr and a
non-zero exit status, never a traceback unless `--traceback` asks for it. A database
busy with other work says that nothing was saved; a connection lost while committing
says that the change may or may not have been kept, and what to do.
"""

from __future__ import annotations

import os
import sys
import traceback

# The database timeouts each command runs with (settings, CASEQUALITY_DB_CONTEXT); any
# other command has the `command` ones. runserver serves pages, as gunicorn does.
CONTEXTS = {"import": "import", "sweep": "sweep", "worker": "worker", "migrate": "migrate", "runserver": "web"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
    command = next((arg for arg in args if not arg.startswith("-")), "")
    os.environ["CASEQUALITY_DB_CONTEXT"] = CONTEXTS.get(command, "command")
    if args[:1] == ["demo"]:
        # The demo holds no real child: it runs without a SECRET_KEY of its own (settings).
        os.environ.setdefault("CASEQUALITY_DEMO", "true")
    if args[:1] == ["demo"] and not os.environ.get("DATABASE_URL"):
        # The demo builds its own database, never the working one (settings read this at import).
        os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(os.getcwd(), "demo.sqlite3")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["casequality", *args])
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:  # noqa: BLE001 - every failure ends as one line and a status
        if "--traceback" in args:
            raise
        print(f"Error: {describe(error)}", file=sys.stderr)
        sys.exit(1)


def describe(error: BaseException) -> str:
    """What a person running the command needs to know of `error`, in one line (an
    interchange file's problems, one a line, come before it)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, InterfaceError, OperationalError

    from casequality.errors import RETRY_AFTER_SECONDS, CasequalityError, database_busy

    if isinstance(error, (CasequalityError, ImproperlyConfigured)):
        # A user-facing error let through (or a setting that is missing or wrong).
        return str(error)
    if database_busy(error):
        return (
            f"the database was busy with other work ({_first_line(error)}): nothing of this command's "
            f"last transaction was saved. Run it again in {RETRY_AFTER_SECONDS} seconds or more."
        )
    if isinstance(error, (OperationalError, InterfaceError)) and _during_commit(error):
        return (
            f"the connection to the database was lost while committing ({_first_line(error)}): the change "
            "may or may not have been kept, and nothing was re-evaluated. Run the same command again "
            "(an import replaces the same cases, so it is safe to repeat, and re-evaluates them)."
        )
    if isinstance(error, DatabaseError):
        return (
            f"the database failed ({type(error).__name__}: {_first_line(error)}): nothing of this "
            "command's last transaction was saved. Run it again with --traceback for the details."
        )
    return (
        f"{type(error).__name__}: {_first_line(error)} (a fault in Casequality: run it again with "
        "--traceback for the details, and report them)"
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else "no message"


def _during_commit(error: BaseException) -> bool:
    """Whether `error` was raised by Django committing a transaction."""
    frames = traceback.extract_tb(error.__traceback__)
    return any(frame.name in ("commit", "_commit") and f"django{os.sep}db" in frame.filename for frame in frames)


if __name__ == "__main__":
    main()
