"""The one root of errors whose message is meant for the person who caused them.

A command prints such an error's message and exits 1; a page shows it in an error summary.
Anything else that is raised is a bug and is handled as one.
"""


class CasequalityError(Exception):
    """An error a user can act on: its message says what is wrong and where."""
