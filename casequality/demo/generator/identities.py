"""The children of the caseload: each one's name, sex and ethnicity from its own random
stream, and the pronouns the case texts use for them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from casequality.demo import names as N
from casequality.demo.generator.tables import weighted


@dataclass(frozen=True)
class Identity:
    name: str
    sex: str
    ethnicity: str
    pool: int  # index into N.ETHNICITIES

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def full(self) -> str:
        parts = self.name.split()
        return f"{parts[0]} {parts[-1]}"


def child_identity(seed: int, number: int) -> Identity:
    """The child of case `number`: from its own random stream, so another case can name it."""
    rng = random.Random(f"{seed}:{number}:child")
    sex = weighted(rng, (("male", 800), ("female", 180), ("not_known", 15), ("other", 5)))
    pool = weighted(rng, [(k, w) for k, (_, w, _) in enumerate(N.ETHNICITIES)])
    ethnicity, _, (boys, girls, surnames) = N.ETHNICITIES[pool]
    firsts = girls if sex == "female" or (sex in ("other", "not_known") and rng.random() < 0.5) else boys
    first = rng.choice(firsts)
    surname = rng.choice(surnames)
    if rng.random() < 0.04:
        surname = f"{surname}-{rng.choice(surnames)}" if rng.random() < 0.5 else surname
    middle = f" {rng.choice(firsts)}" if rng.random() < 0.06 else ""
    return Identity(f"{first}{middle} {surname}", sex, ethnicity, pool)


PRONOUNS = {
    "male": dict(he="he", He="He", him="him", his="his", His="His", s="s", es="es", has="has", was="was", does="does"),
    "female": dict(
        he="she", He="She", him="her", his="her", His="Her", s="s", es="es", has="has", was="was", does="does"
    ),
    "they": dict(
        he="they", He="They", him="them", his="their", His="Their", s="", es="", has="have", was="were", does="do"
    ),
}
PRONOUNS["male"]["is"] = PRONOUNS["female"]["is"] = "is"
PRONOUNS["they"]["is"] = "are"
