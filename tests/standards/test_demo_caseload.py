"""The demo caseload shows every rule of the rulebook.

The generator dates what it records by era (casequality/demo/generator/today.py): a caseload
of 2013, the inspection week, holds no AssetPlus detail and no PDAT, so the rules of today's
record (APL, PDAT) can only show on a caseload dated today; one dated today holds no Asset
assessments, so the rules that read Asset's scores (LOR-002, LOR-003, PLAN-003) can only
show on the caseload of 2013. The rulebook is shown by the two together; tests/demo/
test_findings.py checks what each shows alone.
"""

from __future__ import annotations

from datetime import date

from casequality.demo.generator import Generator
from casequality.standards.engine import Engine
from casequality.standards.rulebook import rulebook
from casequality.standards.text import NameIndex

TODAY = date(2026, 11, 30)  # a fixed "today", so the test gives the same answer every day


def findings_of_a_demo_caseload(**dated) -> set[str]:
    generator = Generator(cases=120, seed=1, **dated)
    header = generator.header()
    cases = [generator.case(number) for number in range(120)]
    engine = Engine(
        as_of=generator.as_of,
        names=NameIndex.of((case["id"], case["child"]["name"]) for case in cases),
        staff_roles={member["id"]: member["role"] for member in header["staff"]},
    )
    return {v.rule for case in cases for v in engine.evaluate(case) if v.kind == "finding"}


def test_a_small_demo_caseload_of_2013_and_one_of_today_raise_a_finding_of_every_rule():
    fired = findings_of_a_demo_caseload() | findings_of_a_demo_caseload(as_of=TODAY)
    assert set(rulebook().rules) - fired == set()
