"""`casequality demo-data` (Django names commands after their module)."""

from casequality.demo.management.datacommand import Command  # noqa: F401
