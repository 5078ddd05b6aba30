"""A task for the worker tests that notes each time it runs (a line in a file), so that a
test can count runs, not guess them from the task's row."""

from __future__ import annotations

import time
from pathlib import Path

from django.tasks import task


@task
def note_run(path: str, hold_until: str = "") -> int:
    """Add a line to `path`; then, given `hold_until`, keep running until that file exists
    (at most two minutes), so a test can deliver the task again while it runs."""
    with open(path, "a") as out:
        out.write("run\n")
    deadline = time.monotonic() + 120
    while hold_until and not Path(hold_until).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return 1
