"""The synthetic caseload of a youth offending service, in the interchange format.

`write_caseload(out, cases=N, seed=S, as_of=D)` writes one interchange document
(docs/case-format.md, version 2; `fmt="casequality/1"` for version 1) case by case, so
memory stays constant however many cases are asked for. The same arguments give the same
bytes: every case draws from its own `random.Random` seeded by (seed, case number),
nothing reads the clock, and nothing iterates a set. The as-of date (default 17 June
2013, the first day of the inspection fieldwork the project starts from) is the "today"
of the caseload: no record is dated after it, open orders are open on it, and deadlines
not yet reached on it are left as work in progress rather than shortfalls.

Practice is realistic rather than perfect. Each case draws a practice quality (a tenth
are faultless, the rest good, typical or weak) that scales a table of shortfall rates
taken from the 2013 Short Quality Screening (RATES below: about half of initial
assessments not good enough, reviews copied, medium risk of harm without a full
assessment, late referral order panels, plans without SMART objectives, missing
countersignatures ...). So that a small demo shows every rule of the rulebook, a fixed
set of early cases (3, 8, 13, ...) are the rules' own example cases, one each, taken from
their YAML cases beside each family module (`examples`): a rule added with its cases
shows in the demo with no change here.

The package by concern: `tables` (rates, practice, orders, ages), `calendar` (dates,
levels, word counts, order kinds: the generator's copy of the case vocabulary), `staffing`,
`identities` (children and pronouns), `examples` (the rules' example cases), `case` (`CaseBuilder`, made of `reports`,
`assessments`, `plans`, `contacts`, `oversight` and `today`: format 2's record of today,
drawn from a random stream of its own), and `writer` (`Generator`,
`write_caseload`, the worker processes).
"""

from casequality.demo.generator.case import CaseBuilder
from casequality.demo.generator.staffing import Member, Staffing
from casequality.demo.generator.tables import (
    DEFAULT_AS_OF,
    DEFAULT_SEED,
    DEFAULT_SERVICE,
    FORMAT,
    FORMAT_1,
    FORMATS,
    PRACTICE,
    RATES,
)
from casequality.demo.generator.writer import Generator, Written, write_caseload

__all__ = [
    "CaseBuilder",
    "DEFAULT_AS_OF",
    "DEFAULT_SEED",
    "DEFAULT_SERVICE",
    "FORMAT",
    "FORMAT_1",
    "FORMATS",
    "Generator",
    "Member",
    "PRACTICE",
    "RATES",
    "Staffing",
    "Written",
    "write_caseload",
]
