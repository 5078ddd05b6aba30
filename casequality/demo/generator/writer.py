"""The interchange document: `Generator` (the header and each case as a JSON line) and
`write_caseload`, which writes them case by case, over worker processes if asked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from casequality.demo.generator.case import CaseBuilder
from casequality.demo.generator.examples import DemoExample, demo_examples
from casequality.demo.generator.staffing import Staffing
from casequality.demo.generator.tables import DEFAULT_AS_OF, DEFAULT_SEED, DEFAULT_SERVICE, FORMAT, FORMATS
from casequality.demo.generator.today import board_meetings


class Generator:
    def __init__(
        self,
        *,
        cases: int,
        seed: int = DEFAULT_SEED,
        as_of: date = DEFAULT_AS_OF,
        service: dict | None = None,
        closed_share: float = 0.08,
        fmt: str = FORMAT,
        examples: tuple[DemoExample | None, ...] | None = None,
        story: bool = False,
    ):
        if cases < 0:
            raise ValueError("cases must not be negative")
        if fmt not in FORMATS:
            raise ValueError(f"the generator writes {' or '.join(FORMATS)}, not {fmt!r}")
        self.fmt = fmt
        self.n = cases
        self.seed = seed
        self.as_of = as_of
        self.service = dict(service or DEFAULT_SERVICE)
        self.closed_share = closed_share
        self.story = story
        self.staffing = Staffing(seed, max(cases, 1))
        # The rules' example cases, dated for this caseload (examples.py); a worker process
        # is given those of the run rather than judging them again.
        self.examples = demo_examples(as_of) if examples is None else examples

    def header(self) -> dict:
        header = {"format": self.fmt, "service": self.service, "staff": [m.document() for m in self.staffing.members]}
        if self.fmt == FORMAT:
            header["board_meetings"] = board_meetings(self.seed, self.as_of)
        return header

    def case(self, number: int) -> dict:
        return CaseBuilder(self, number).build()

    def iter_case_lines(self, numbers: range | None = None) -> Iterator[str]:
        for number in numbers if numbers is not None else range(self.n):
            document = self.case(number)
            yield json.dumps(document, ensure_ascii=False, separators=(",", ":"))


_WORKER_GENERATORS: dict[tuple, Generator] = {}


def _worker_lines(args: tuple) -> list[str]:
    seed, n, as_of, service, closed_share, fmt, examples, story, lo, hi = args
    key = (seed, n, as_of, json.dumps(service, sort_keys=True), closed_share, fmt, story)
    gen = _WORKER_GENERATORS.get(key)
    if gen is None:
        _WORKER_GENERATORS.clear()
        gen = _WORKER_GENERATORS[key] = Generator(
            cases=n,
            seed=seed,
            as_of=as_of,
            service=service,
            closed_share=closed_share,
            fmt=fmt,
            examples=examples,
            story=story,
        )
    return list(gen.iter_case_lines(range(lo, hi)))


@dataclass
class Written:
    cases: int
    staff: int
    bytes: int


def write_caseload(
    out: BinaryIO,
    *,
    cases: int,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    service: dict | None = None,
    jobs: int = 1,
    progress=None,
    fmt: str = FORMAT,
    story: bool = False,
) -> Written:
    """Write the interchange document for `cases` synthetic cases to the binary stream `out`.

    `jobs` > 1 spreads case generation over processes; the bytes are the same. `progress`,
    if given, is called with the number of cases written so far after each batch. `fmt` is
    casequality/2 (today's record too) or casequality/1 (the file written before it).
    `story`: practice changes over the year before `as_of` (tables.STORY; `casequality demo`).
    """
    gen = Generator(cases=cases, seed=seed, as_of=as_of, service=service, fmt=fmt, story=story)
    header = gen.header()
    head = json.dumps(header, ensure_ascii=False, indent=1)
    assert head.endswith("\n}") or head.endswith("]\n}")
    written = 0
    size = 0

    def emit(text: str) -> None:
        nonlocal size
        data = text.encode("utf-8")
        size += len(data)
        out.write(data)

    emit(head[: head.rfind("}")].rstrip() + ',\n "cases": [\n')
    first = True

    def lines() -> Iterator[list[str]]:
        batch = 250
        if jobs > 1 and cases > batch:
            import multiprocessing

            spans = [
                (
                    seed,
                    cases,
                    as_of,
                    gen.service,
                    gen.closed_share,
                    fmt,
                    gen.examples,
                    story,
                    lo,
                    min(cases, lo + batch),
                )
                for lo in range(0, cases, batch)
            ]
            # forkserver: safe in a process that has threads (fork is not), cheaper than spawn.
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            with multiprocessing.get_context(method).Pool(jobs) as pool:
                yield from pool.imap(_worker_lines, spans)
        else:
            for lo in range(0, cases, batch):
                yield list(gen.iter_case_lines(range(lo, min(cases, lo + batch))))

    for chunk in lines():
        for line in chunk:
            emit(("" if first else ",\n") + line)
            first = False
        written += len(chunk)
        if progress:
            progress(written)
    emit("\n ]\n}\n")
    return Written(cases=written, staff=len(header["staff"]), bytes=size)
