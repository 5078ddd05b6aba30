"""The demo caseload shows every rule of the rulebook."""
from __future__ import annotations

from casequality.demo.generator import Generator
from casequality.standards.engine import Engine
from casequality.standards.rulebook import rulebook
from casequality.standards.text import NameIndex


def test_a_small_demo_caseload_raises_a_finding_of_every_rule():
    generator = Generator(cases=120, seed=1)
    header = generator.header()
    cases = [generator.case(number) for number in range(120)]
    engine = Engine(
        as_of=generator.as_of,
        names=NameIndex.of((case["id"], case["child"]["name"]) for case in cases),
        staff_roles={member["id"]: member["role"] for member in header["staff"]},
    )
    fired = {v.rule for case in cases for v in engine.evaluate(case) if v.kind == "finding"}
    assert set(rulebook().rules) - fired == set()
