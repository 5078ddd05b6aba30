"""The staff of the synthetic service, and which case manager holds which case."""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass

from casequality.demo import names as N


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str
    team: str | None
    manager: str | None

    def document(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "team": self.team, "manager": self.manager}

    @property
    def first(self) -> str:
        return self.name.split()[0]


class Staffing:
    """The service's staff for `n_cases` cases: about 13.5 cases per case manager, teams of
    about six case managers with a team manager, a QA lead per 20 teams, two inspectors, a
    board member and an administrator. Cases are spread over case managers by a fixed
    permutation, so the case manager of case i is known without generating other cases."""

    def __init__(self, seed: int, n_cases: int):
        rng = random.Random(f"{seed}:staff")
        capacities: list[int] = []
        target = max(1, math.ceil(n_cases * 1.04))
        while sum(capacities) < target or len(capacities) < 2:
            capacities.append(rng.choice((6, 8)) if rng.random() < 0.1 else rng.randint(11, 16))
        n_cm = len(capacities)
        n_teams = max(1, round(n_cm / 6))
        used: set[str] = set()

        def person() -> str:
            while True:
                name = f"{rng.choice(N.STAFF_FIRST)} {rng.choice(N.STAFF_SURNAMES)}"
                if name not in used or len(used) > 40000:
                    used.add(name)
                    return name

        self.members: list[Member] = []
        self.case_managers: list[Member] = []
        self.team_of_cm: list[int] = []
        self.team_cms: list[list[int]] = []
        self.by_id: dict[str, Member] = {}
        number = 0

        def add(name: str, role: str, team: str | None, manager: str | None) -> Member:
            nonlocal number
            number += 1
            member = Member(f"S{number}", name, role, team, manager)
            self.members.append(member)
            self.by_id[member.id] = member
            return member

        areas = N.TEAM_AREAS
        for t in range(n_teams):
            team = areas[t % len(areas)] if t < len(areas) else f"{areas[t % len(areas)]} {t // len(areas) + 1}"
            tm = add(person(), "team_manager", team, None)
            cms = []
            for _ in range(t * n_cm // n_teams, (t + 1) * n_cm // n_teams):
                cms.append(len(self.case_managers))
                self.case_managers.append(add(person(), "case_manager", team, tm.id))
                self.team_of_cm.append(t)
            self.team_cms.append(cms)
        self.qa_leads = [add(person(), "qa_lead", None, None) for _ in range(max(1, n_teams // 20))]
        for _ in range(2):
            add(person(), "inspector", None, None)
        add(person(), "board", None, None)
        add(person(), "admin", None, None)

        self.cumulative: list[int] = []
        running = 0
        for c in capacities:
            running += c
            self.cumulative.append(running)
        self.total = running
        self.step = next(p for p in (7919, 104729, 1299709, 15485863) if math.gcd(p, self.total) == 1)
        self.offset = rng.randrange(self.total)

    def case_manager_index(self, case_number: int) -> int:
        slot = (case_number * self.step + self.offset) % self.total
        return bisect.bisect_right(self.cumulative, slot)

    def manager_of(self, member: Member) -> Member | None:
        return self.by_id.get(member.manager) if member.manager else None
