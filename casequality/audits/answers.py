"""One answer to one framework question, and the one way it is checked.

Audit answers (a form or `audit_case_answers_save`), the answers file (`audit_load`) and a
case manager's self-audit (oversight) all give answers to the questions of a framework;
they check them here, so an answer one of them refuses the others refuse too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casequality.audits.frameworks import ANSWERS, Framework

_NOT_GIVEN = object()


@dataclass(frozen=True)
class AnswerInput:
    """An answer as its author gave it: reasons (keys of the question's reasons) only for no."""

    question: str
    answer: str
    reasons: Sequence[str] = ()
    note: str = ""


def answer_problems(
    framework: Framework | None,
    *,
    question: object = _NOT_GIVEN,
    answer: object = _NOT_GIVEN,
    reasons: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """What is wrong with one answer, as (place, message) pairs; empty if nothing.

    The place is within the answer: `question`, `answer`, `reasons` or `reasons[n]`; the
    caller puts its own place in front. A question or answer not given is the caller's to
    report (as missing), and the question is looked up only when `framework` is known.
    """
    problems: list[tuple[str, str]] = []
    found = None
    if question is not _NOT_GIVEN and framework is not None:
        try:
            found = framework.question(str(question))
        except KeyError:
            problems.append(("question", f"{question!r} is not a question of {framework.id}"))
    if answer is not _NOT_GIVEN and answer not in ANSWERS:
        problems.append(("answer", f"{answer!r} is not one of {', '.join(ANSWERS)}"))
    for n, reason in enumerate(reasons):
        if found is not None and reason not in found.reasons:
            expected = ", ".join(found.reasons) or "none"
            problems.append(
                (f"reasons[{n}]", f"{reason!r} is not a reason for {found.id} (expected one of {expected})")
            )
    if len(set(reasons)) != len(reasons):
        problems.append(("reasons", "a reason is given twice"))
    if reasons and answer != "no":
        problems.append(("reasons", "reasons are given only where the answer is no"))
    return problems


def answers_check(framework: Framework, answers: Iterable[AnswerInput], *, complete: bool) -> list[str]:
    """Problems with a set of answers for one case, each after its question id (empty if none).

    `complete`: every question of the framework must be answered.
    """
    problems = []
    seen = set()
    for a in answers:
        problems += [
            f"{a.question}: {message}"
            for _place, message in answer_problems(framework, question=a.question, answer=a.answer, reasons=a.reasons)
        ]
        if a.question in seen:
            problems.append(f"{a.question}: answered twice")
        seen.add(a.question)
    if complete:
        problems += [f"{qid}: not answered" for qid in framework.question_ids() if qid not in seen]
    return problems
