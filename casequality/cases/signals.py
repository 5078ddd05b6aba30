"""Signals of the case record.

`case_record_changed` is sent (after the transaction commits) with `service` and
`case_ids` whenever a case's record changes: import, form or API. The standards app
listens and re-evaluates those cases.
"""
from __future__ import annotations

from django.dispatch import Signal

case_record_changed = Signal()
