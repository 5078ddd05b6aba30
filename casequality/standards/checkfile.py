"""Checking an interchange file against the rulebook without storing it (`casequality check`).

The file is read streaming: its header (`read_header`), then a first pass that validates
every case exactly as the import does (so an invalid file is rejected with the import's
messages) and collects the children's names for LOR-005, then a second pass that
evaluates each case (shared by forked workers for a large file). No pass holds more than
one case's record at a time; the verdicts are kept for the report.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from casequality.cases.interchange import (
    CaseIds,
    Header,
    InterchangeError,
    Problem,
    Source,
    header_staff_ids,
    iter_cases,
    read_header,
    validate_case,
    validate_header,
)
from casequality.standards.engine import Engine
from casequality.standards.rules import TASK, fmt
from casequality.standards.text import NameIndex, reading_grade


@dataclass
class FileCheck:
    """The result of checking a file: verdicts as `check` prints them, grouped by case."""

    as_of: date
    case_count: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "findings": self.findings, "tasks": self.tasks}


def _validated_names(source: Source, header: Header) -> list[tuple[str, str]]:
    """First pass: every problem of every case (raised together) and the children's names."""
    problems: list[Problem] = list(validate_header(header))
    staff_ids = header_staff_ids(header)
    ids = CaseIds()
    names = []
    for index, case in iter_cases(source):
        found = validate_case(case, index, staff_ids=staff_ids, fmt=header.get("format")) + ids.check(case, index)
        if found:
            problems += found
        elif not problems:
            names.append((case["id"], case["child"]["name"]))
    if problems:
        raise InterchangeError(problems)
    return names


_worker_state: dict[str, Any] = {}
# Below this many cases, starting workers costs more than it saves.
PARALLEL_MIN_CASES = 200


def _evaluate_share(share: tuple[int, int]) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    """Evaluate every `workers`-th case of the file, from the `index`-th (in a worker)."""
    index, workers = share
    engine, source = _worker_state["engine"], _worker_state["source"]
    count = 0
    findings: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    for number, case in iter_cases(source):
        if number % workers != index:
            continue
        count += 1
        for v in engine.evaluate(case):
            (tasks if v.kind == TASK else findings).append(engine.record(case["id"], v))
    return count, findings, tasks


def check_file(source: Source, *, as_of: date, workers: int = 1) -> FileCheck:
    """Evaluate every case of an interchange file as of `as_of`. Raises InterchangeError.

    With `workers` > 1 and a file path, the evaluation is shared by that many forked
    processes, each reading the file and evaluating every `workers`-th case.
    """
    header = read_header(source)
    children = _validated_names(source, header)
    names = NameIndex.of(children)
    staff_roles = {s["id"]: s["role"] for s in header.get("staff") or ()}
    engine = Engine(as_of=as_of, names=names, staff_roles=staff_roles)
    result = FileCheck(as_of=as_of)
    _worker_state.update(engine=engine, source=source)
    try:
        if workers > 1 and len(children) >= PARALLEL_MIN_CASES and isinstance(source, (str, os.PathLike)):
            import multiprocessing

            reading_grade("Load the pronouncing dictionary once, before the workers start.")
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                shares = pool.map(_evaluate_share, [(i, workers) for i in range(workers)])
        else:
            shares = [_evaluate_share((0, 1))]
    finally:
        _worker_state.clear()
    for count, findings, tasks in shares:
        result.case_count += count
        result.findings += findings
        result.tasks += tasks
    # Shares interleave the cases: put the verdicts back in the file's order of cases.
    if len(shares) > 1:
        order = {case_id: number for number, (case_id, _name) in enumerate(children)}
        result.findings.sort(key=lambda r: order.get(r["case"], 0))
        result.tasks.sort(key=lambda r: order.get(r["case"], 0))
    return result


def write_json(result: FileCheck, out: IO[str]) -> None:
    # No indent: the C encoder is several times faster on a large file.
    json.dump(result.as_json(), out, ensure_ascii=False)
    out.write("\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write_text(result: FileCheck, out: IO[str]) -> None:
    """A report a team manager can read: a summary, then each case's findings and tasks."""
    must = sum(1 for f in result.findings if f["severity"] == "must")
    out.write(
        f"Checked {_plural(result.case_count, 'case')} as of {fmt(result.as_of)}: "
        f"{_plural(len(result.findings), 'finding')} ({must} must, {len(result.findings) - must} should) "
        f"and {_plural(len(result.tasks), 'task')} due.\n"
    )
    by_case: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for item in result.findings:
        by_case.setdefault(item["case"], ([], []))[0].append(item)
    for item in result.tasks:
        by_case.setdefault(item["case"], ([], []))[1].append(item)
    for case_id in sorted(by_case):
        findings, tasks = by_case[case_id]
        out.write(f"\nCase {case_id}: {_plural(len(findings), 'finding')}, {_plural(len(tasks), 'task')}\n")
        for item in sorted(findings, key=lambda i: (i["severity"] != "must", i["rule"])):
            out.write(
                f"  {item['severity'].upper():6} {item['rule']:9} for {_owner(item['owner'])}: {item['message']}\n"
            )
        for item in sorted(tasks, key=lambda i: i["due"]):
            out.write(
                f"  {'DUE':6} {item['rule']:9} for {_owner(item['owner'])} by "
                f"{fmt(date.fromisoformat(item['due']))}: {item['message']}\n"
            )
    if not by_case:
        out.write("No findings and no tasks.\n")


def _owner(owner: str) -> str:
    return " and ".join({"CM": "case manager", "TM": "team manager"}.get(o, o) for o in owner.split(","))
