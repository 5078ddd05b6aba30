"""Casequality's acts and the CMS's record, read together: the record as the rulebook sees it.

Two owners write a case record (cases.models.Act says why). Here, pure functions over an
interchange case dict whose `acts` list holds Casequality's acts:

- `effective_record(case)` merges the acts into the CMS's part: an assessment's or plan's
  countersignature is the latest of the CMS's and the acts' (an act wins a tie: it is what
  a manager did in Casequality that day); manager entries and requests for oversight
  become the events they stand for. An act the CMS's record already carries (same
  subject, kind, person and date) is the CMS's record, counted once.
- `act_states(case)` says of each act whether it counts, is confirmed by the CMS, is about
  a record the CMS has withdrawn, or was corrected by a later act.
- `subject_version(record)` is the version of a CMS sub-record a person saw when acting.

Nothing here reads the database: `casequality check` merges the acts of a file the same
way the sweep merges stored ones.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from typing import Any

SUBJECT_LISTS = {"assessment": "assessments", "plan": "plans"}


class ActState(StrEnum):
    COUNTS = "counts"  # merged into the record the rulebook reads
    CONFIRMED = "confirmed"  # the CMS's record carries the same act: counted once, as the CMS's
    WITHDRAWN = "withdrawn"  # its subject is no longer in the CMS's record
    CORRECTED = "corrected"  # a later act corrects it


def subject_version(record: dict[str, Any] | None) -> str:
    """A short fingerprint of a CMS sub-record as it is now (its content, not its row)."""
    if record is None:
        return ""
    if "assetplus" in record and record["assetplus"] is None:
        # Format 2 added the key: an assessment without it has the version it had before.
        record = {key: value for key, value in record.items() if key != "assetplus"}
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _live(acts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    corrected = {act.get("corrects") for act in acts if act.get("corrects")}
    return [act for act in acts if act["id"] not in corrected]


def _same_signature(cms: dict[str, Any] | None, act: dict[str, Any]) -> bool:
    if not cms:
        return False
    return (cms.get("by"), cms.get("date"), cms.get("outcome")) == (
        act["by"],
        act["date"],
        act["outcome"],
    )


def _same_event(event: dict[str, Any], act: dict[str, Any]) -> bool:
    return (
        event.get("type") == act["kind"]
        and event.get("by") == act["by"]
        and event.get("date") == act["date"]
        and (act["kind"] != "oversight_request" or event.get("subject") == act.get("subject"))
    )


def act_states(case: dict[str, Any]) -> dict[str, ActState]:
    """Each act's state (by act id), judged against the CMS's part of `case`."""
    acts = case.get("acts") or []
    if not acts:
        return {}
    states = {act["id"]: ActState.CORRECTED for act in acts}
    subjects = {(kind, record["id"]): record for kind, key in SUBJECT_LISTS.items() for record in case.get(key) or ()}
    events = case.get("events") or ()
    for act in _live(acts):
        subject = subjects.get((act["subject_type"], act.get("subject")))
        if act["subject_type"] != "case" and subject is None:
            states[act["id"]] = ActState.WITHDRAWN
        elif act["kind"] == "countersignature":
            confirmed = subject is not None and _same_signature(subject.get("countersigned"), act)
            states[act["id"]] = ActState.CONFIRMED if confirmed else ActState.COUNTS
        else:
            confirmed = any(_same_event(event, act) for event in events)
            states[act["id"]] = ActState.CONFIRMED if confirmed else ActState.COUNTS
    return states


def _signature(act: dict[str, Any]) -> dict[str, Any]:
    return {"by": act["by"], "date": act["date"], "outcome": act["outcome"], "comment": act.get("text") or ""}


def effective_record(case: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    """The case with its acts merged in (see the module's docstring); `case` is not changed.

    With `as_of`, countersignatures and acts dated after it are left out before the
    latest countersignature is chosen, so an evaluation as of an earlier day sees the
    countersignature that stood then.
    """
    acts = case.get("acts") or []
    if not acts:
        return case
    day = as_of.isoformat() if as_of else None
    states = act_states(case)
    counting = [act for act in acts if states[act["id"]] is ActState.COUNTS and (day is None or act["date"] <= day)]
    if not counting:
        return case
    merged = dict(case)
    signatures: dict[tuple[str, str], list[dict[str, Any]]] = {}
    new_events = []
    for act in counting:
        if act["kind"] == "countersignature":
            signatures.setdefault((act["subject_type"], act["subject"]), []).append(act)
        elif act["kind"] == "manager_entry":
            new_events.append(
                {
                    "id": act["id"],
                    "type": "manager_entry",
                    "date": act["date"],
                    "by": act["by"],
                    "detail": act.get("text") or "",
                }
            )
        else:
            new_events.append(
                {
                    "id": act["id"],
                    "type": "oversight_request",
                    "date": act["date"],
                    "by": act["by"],
                    "detail": act.get("text") or "",
                    "subject": act["subject"],
                }
            )
    for kind, key in SUBJECT_LISTS.items():
        if not any(k == kind for k, _ in signatures):
            continue
        records = []
        for record in case.get(key) or ():
            own = signatures.get((kind, record["id"]))
            if own:
                cms = record.get("countersigned")
                candidates: list[tuple[Any, ...]] = [(act["date"], 1, n, _signature(act)) for n, act in enumerate(own)]
                if cms and cms.get("date") and (day is None or cms["date"] <= day):
                    candidates.append((cms["date"], 0, 0, cms))
                record = {**record, "countersigned": max(candidates, key=lambda c: c[:3])[3]}
            records.append(record)
        merged[key] = records
    if new_events:
        merged["events"] = [*(case.get("events") or ()), *new_events]
    return merged
